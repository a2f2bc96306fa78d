"""Deciding what moves between tiers: policies, the crash-safe engine, the scheduler."""
