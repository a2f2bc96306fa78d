"""Runnable examples. A package so that ``examples.policies.<module>.<Class>`` imports
from the repository root (``python -m benchmarks ...``, ``python -m pytest``) ahead of
any other top-level ``examples`` an installed distribution might ship."""
