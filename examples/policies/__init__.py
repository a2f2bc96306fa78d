"""Example consolidation policies, each a question about consolidation a benchmark can
answer; see docs/policies.md. Load one by dotted path, e.g.
``Memory({"policy": "examples.policies.accumulate.AccumulatePolicy"})``."""
