"""Loaders and generators for the benchmark data sets."""
