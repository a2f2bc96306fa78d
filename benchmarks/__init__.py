"""Benchmarks for tiermem: dataset loaders, peer systems, a simulated-time replay harness.

Not part of the installed package: run from a checkout with ``python -m benchmarks``.
"""
