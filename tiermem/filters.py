"""Mem0's metadata filter language, evaluated in Python on candidate memories.

``{"key": value}`` is equality; ``{"key": {"op": value}}`` takes eq, ne, in, nin, gt,
gte, lt, lte, contains, icontains; ``AND``/``OR`` take lists and ``NOT`` a filter. Keys
name metadata fields, except user_id/agent_id/run_id/role/tier/attribute/value, which
name the memory's own fields (``attribute`` is what the fact states: "home_city").
Filters are checked once, before any tier is touched. As in Mem0 2.x, the scope's ids
may come inside the filters (``{"user_id": "dave"}``); ``scope_and_filters`` takes them
out into the scope.
"""

from __future__ import annotations

from typing import Any

from tiermem import validation
from tiermem.errors import InvalidInputError
from tiermem.types import MemoryItem, Scope

_OPS = {"eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "contains", "icontains"}
_ITEM_FIELDS = {"user_id", "agent_id", "run_id", "role", "tier", "attribute", "value"}
_MISSING = object()
_SCOPE_IDS = ("user_id", "agent_id", "run_id")


def check(filters: object) -> dict[str, Any] | None:
    if filters is None:
        return None
    if not isinstance(filters, dict):
        raise InvalidInputError("filters must be a dict")
    _check_node(filters, depth=0)
    return filters


def scope_and_filters(
    user_id: object, agent_id: object, run_id: object, filters: object
) -> tuple[Scope, dict[str, Any] | None]:
    """The scope from the arguments and/or the plain ids at the top of ``filters``, and
    the filters left once those are taken out. An id given both ways must agree."""
    given: dict[str, object] = {"user_id": user_id, "agent_id": agent_id, "run_id": run_id}
    checked = check(filters)
    rest = dict(checked) if checked else {}
    for name in _SCOPE_IDS:
        value = rest.get(name)
        if not isinstance(value, str):
            continue  # {"user_id": {"in": [...]}} stays a filter inside the scope
        del rest[name]
        if given[name] is not None and given[name] != value:
            raise InvalidInputError(f"{name} is given twice, with different values")
        given[name] = value
    return validation.scope(**given), rest or None


def _check_node(node: dict[str, Any], depth: int) -> None:
    if depth > 16:
        raise InvalidInputError("filters are nested too deeply")
    for key, value in node.items():
        if key in ("AND", "OR"):
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise InvalidInputError(f"{key} takes a list of filters")
            for sub in value:
                _check_node(sub, depth + 1)
        elif key == "NOT":
            if not isinstance(value, dict):
                raise InvalidInputError("NOT takes a filter")
            _check_node(value, depth + 1)
        elif not isinstance(key, str) or not key:
            raise InvalidInputError(f"filter key {key!r} must be a non-empty string")
        elif isinstance(value, dict):
            unknown = set(value) - _OPS
            if unknown or not value:
                raise InvalidInputError(
                    f"unknown filter operator(s) {sorted(unknown)} on {key!r}; use {sorted(_OPS)}"
                )
            for op, arg in value.items():
                if op in ("in", "nin") and not isinstance(arg, list):
                    raise InvalidInputError(f"{op} on {key!r} takes a list")


def matches(item: MemoryItem, filters: dict[str, Any] | None) -> bool:
    if not filters:
        return True
    for key, value in filters.items():
        if key == "AND":
            if not all(matches(item, sub) for sub in value):
                return False
        elif key == "OR":
            if not any(matches(item, sub) for sub in value):
                return False
        elif key == "NOT":
            if matches(item, value):
                return False
        else:
            actual = getattr(item, key) if key in _ITEM_FIELDS else item.metadata.get(key, _MISSING)
            if isinstance(value, dict):
                if not all(_apply(op, actual, arg) for op, arg in value.items()):
                    return False
            elif value == "*":
                if actual is _MISSING or actual is None:
                    return False
            elif actual is _MISSING or actual != value:
                return False
    return True


def _apply(op: str, actual: Any, arg: Any) -> bool:
    if op == "ne":
        return actual is _MISSING or actual != arg
    if op == "nin":
        return actual is _MISSING or actual not in arg
    if actual is _MISSING:
        return False
    try:
        if op == "eq":
            return bool(actual == arg)
        if op == "in":
            return actual in arg
        if op == "gt":
            return bool(actual > arg)
        if op == "gte":
            return bool(actual >= arg)
        if op == "lt":
            return bool(actual < arg)
        if op == "lte":
            return bool(actual <= arg)
        if op == "contains":
            return arg in actual
        if op == "icontains":
            return str(arg).lower() in str(actual).lower()
    except TypeError:
        return False  # comparing a string with a number: no match, not a crash
    return False
