"""``tiermem.filters``: what ``check`` refuses (and says why), and what ``matches`` means
for every operator of Mem0's filter language, on real MemoryItems."""

from __future__ import annotations

from typing import Any

import pytest

from tiermem.errors import InvalidInputError
from tiermem.filters import check, matches
from tiermem.types import MemoryItem, text_hash

NOW = 1_735_689_600.0


def item(**fields: Any) -> MemoryItem:
    text = fields.pop("memory", "I keep my bike in the blue shed")
    base: dict[str, Any] = {
        "id": "m1",
        "memory": text,
        "hash": text_hash(text),
        "tier": "long",
        "user_id": "alice",
        "created_at": NOW,
        "updated_at": NOW,
        "observed_at": NOW,
    }
    return MemoryItem(**{**base, **fields})


ITEM = item(
    agent_id="helper",
    run_id="r1",
    role="user",
    slot="home_city=berlin",
    metadata={
        "kind": "work",
        "priority": 3,
        "score": 0.5,
        "tags": ["urgent", "q3"],
        "title": "Quarterly Report",
        "note": None,
    },
)


# check: refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("kind=work", "filters must be a dict"),
        ([{"kind": "work"}], "filters must be a dict"),
        ({"AND": {"kind": "work"}}, "AND takes a list of filters"),
        ({"OR": "kind=work"}, "OR takes a list of filters"),
        ({"OR": [{"kind": "work"}, "x"]}, "OR takes a list of filters"),
        ({"NOT": [{"kind": "work"}]}, "NOT takes a filter"),
        ({"": "work"}, "filter key '' must be a non-empty string"),
        ({1: "work"}, "filter key 1 must be a non-empty string"),
        ({"kind": {"regex": ".*"}}, "unknown filter operator(s) ['regex'] on 'kind'"),
        ({"kind": {"eq": "work", "like": "w%"}}, "unknown filter operator(s) ['like']"),
        ({"kind": {}}, "unknown filter operator(s) [] on 'kind'"),
        ({"kind": {"in": "work"}}, "in on 'kind' takes a list"),
        ({"kind": {"nin": ("a", "b")}}, "nin on 'kind' takes a list"),
        ({"AND": [{"kind": {"gt": 1, "between": [1, 2]}}]}, "unknown filter operator(s)"),
        ({"NOT": {"OR": [{"kind": {"in": 3}}]}}, "in on 'kind' takes a list"),
    ],
)
def test_check_refuses_bad_shapes_with_a_clear_error(bad: object, message: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check(bad)
    assert message in str(refused.value)
    assert isinstance(refused.value, ValueError)  # Mem0 callers catch ValueError


def test_check_names_the_supported_operators() -> None:
    with pytest.raises(InvalidInputError) as refused:
        check({"kind": {"regex": ".*"}})
    for op in ("eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "contains", "icontains"):
        assert repr(op) in str(refused.value)


def test_check_refuses_filters_nested_too_deeply() -> None:
    deep: dict[str, Any] = {"kind": "work"}
    for _ in range(17):
        deep = {"NOT": deep}
    with pytest.raises(InvalidInputError, match="nested too deeply"):
        check(deep)
    ok: dict[str, Any] = {"kind": "work"}
    for _ in range(16):
        ok = {"NOT": ok}
    assert check(ok) is ok


def test_check_passes_good_filters_through() -> None:
    assert check(None) is None
    good = {
        "kind": "work",
        "priority": {"gte": 2, "lt": 10},
        "AND": [{"tier": "long"}, {"NOT": {"role": "assistant"}}],
        "OR": [{"tags": {"contains": "urgent"}}, {"kind": {"in": ["a", "b"]}}],
    }
    assert check(good) is good


# matches: every operator -------------------------------------------------------------------


def test_no_filter_matches_everything() -> None:
    assert matches(ITEM, None) and matches(ITEM, {})


def test_equality_on_metadata_and_on_the_items_own_fields() -> None:
    assert matches(ITEM, {"kind": "work"})
    assert not matches(ITEM, {"kind": "home"})
    assert not matches(ITEM, {"colour": "work"})  # a missing key never equals anything
    for key, value in [
        ("user_id", "alice"),
        ("agent_id", "helper"),
        ("run_id", "r1"),
        ("role", "user"),
        ("tier", "long"),
        ("attribute", "home_city"),
        ("value", "berlin"),
    ]:
        assert matches(ITEM, {key: value}), key
        assert not matches(ITEM, {key: "other"}), key
    # Those names are the item's own fields, not metadata of the same name.
    shadowed = item(user_id="alice", metadata={"user_id": "bob"})
    assert matches(shadowed, {"user_id": "alice"}) and not matches(shadowed, {"user_id": "bob"})
    # Several keys: all must hold.
    assert matches(ITEM, {"kind": "work", "tier": "long"})
    assert not matches(ITEM, {"kind": "work", "tier": "short"})


def test_star_means_present_and_not_none() -> None:
    assert matches(ITEM, {"kind": "*"})
    assert not matches(ITEM, {"note": "*"})  # present but None
    assert not matches(ITEM, {"colour": "*"})  # absent
    assert matches(ITEM, {"attribute": "*"})
    assert not matches(item(), {"attribute": "*"})  # a fact that states no attribute


def test_eq_and_ne() -> None:
    assert matches(ITEM, {"kind": {"eq": "work"}})
    assert not matches(ITEM, {"kind": {"eq": "home"}})
    assert not matches(ITEM, {"colour": {"eq": "red"}})
    assert matches(ITEM, {"kind": {"ne": "home"}})
    assert not matches(ITEM, {"kind": {"ne": "work"}})
    assert matches(ITEM, {"colour": {"ne": "red"}})  # absent is "not equal"


def test_in_and_nin() -> None:
    assert matches(ITEM, {"kind": {"in": ["home", "work"]}})
    assert not matches(ITEM, {"kind": {"in": ["home", "play"]}})
    assert not matches(ITEM, {"kind": {"in": []}})
    assert not matches(ITEM, {"colour": {"in": ["red"]}})
    assert matches(ITEM, {"kind": {"nin": ["home", "play"]}})
    assert not matches(ITEM, {"kind": {"nin": ["work"]}})
    assert matches(ITEM, {"colour": {"nin": ["red"]}})  # absent is "not in"
    assert matches(ITEM, {"tier": {"in": ["mid", "long"]}})


@pytest.mark.parametrize(
    ("op", "arg", "expected"),
    [
        ("gt", 2, True),
        ("gt", 3, False),
        ("gte", 3, True),
        ("gte", 4, False),
        ("lt", 4, True),
        ("lt", 3, False),
        ("lte", 3, True),
        ("lte", 2, False),
    ],
)
def test_order_comparisons(op: str, arg: int, expected: bool) -> None:
    assert matches(ITEM, {"priority": {op: arg}}) is expected  # priority is 3


def test_comparisons_on_wrong_types_or_missing_keys_do_not_match() -> None:
    for op in ("gt", "gte", "lt", "lte"):
        assert not matches(ITEM, {"title": {op: 5}}), op  # str against int: no crash
        assert not matches(ITEM, {"colour": {op: 5}}), op
    assert matches(ITEM, {"score": {"gt": 0.25, "lte": 0.5}})  # every op of a key must hold
    assert not matches(ITEM, {"score": {"gt": 0.25, "lt": 0.5}})


def test_contains_and_icontains() -> None:
    assert matches(ITEM, {"title": {"contains": "Report"}})
    assert not matches(ITEM, {"title": {"contains": "report"}})  # case matters
    assert matches(ITEM, {"tags": {"contains": "urgent"}})  # list membership
    assert not matches(ITEM, {"tags": {"contains": "urg"}})  # ... of whole elements
    assert not matches(ITEM, {"priority": {"contains": "3"}})  # an int contains nothing
    assert not matches(ITEM, {"colour": {"contains": "r"}})
    assert matches(ITEM, {"title": {"icontains": "quarterly REPORT"}})
    assert not matches(ITEM, {"title": {"icontains": "annual"}})
    assert not matches(ITEM, {"colour": {"icontains": "r"}})


def test_and_or_not() -> None:
    work, home = {"kind": "work"}, {"kind": "home"}
    assert matches(ITEM, {"AND": [work, {"tier": "long"}]})
    assert not matches(ITEM, {"AND": [work, home]})
    assert matches(ITEM, {"AND": []})
    assert matches(ITEM, {"OR": [home, work]})
    assert not matches(ITEM, {"OR": [home, {"tier": "short"}]})
    assert not matches(ITEM, {"OR": []})
    assert matches(ITEM, {"NOT": home})
    assert not matches(ITEM, {"NOT": work})
    nested = {"OR": [{"AND": [work, {"NOT": {"priority": {"lt": 3}}}]}, home]}
    assert matches(ITEM, nested)
    assert not matches(item(metadata={"kind": "work", "priority": 1}), nested)
    # A logical key beside a plain one: both must hold.
    assert not matches(ITEM, {"kind": "home", "OR": [work]})
