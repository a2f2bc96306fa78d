"""Storage, one module per tier. No policy lives here; tiers never import consolidation."""
