"""mid -> long commits the finish of one fact with the journal entry of the next. When the
next fact changed under the pass (an API edit), that shared MULTI is refused: the fact
before it must still be finished on its own, and the edited one wait for the next run."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import MemoryFactory

from tiermem import ManualClock
from tiermem.consolidation.passes import mid_to_long
from tiermem.tiers import keys


def test_an_edit_mid_promotion_defers_that_fact_and_finishes_the_one_before(
    make_memory: MemoryFactory, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = make_memory(promote_min_age_s=0)
    memory.add("I play the cello on Sundays", user_id="u", timestamp=clock.now - 60)
    memory.add("My sister lives in Porto", user_id="u", timestamp=clock.now - 30)
    memory.consolidate(user_id="u", passes=("short_to_mid",))
    mid = {f["memory"]: f["id"] for f in memory.get_all(user_id="u", tier="mid")["results"]}
    cello, sister = mid["I play the cello on Sundays"], mid["My sister lives in Porto"]

    decide = mid_to_long._decide

    def edited_while_deciding(tr: Any, fact: Any, neighbours: Any) -> Any:
        decision = decide(tr, fact, neighbours)
        if fact.id == sister:  # the cello is applied, waiting for its finish, by now
            memory.update(sister, "My sister lives in Braga")
        return decision

    monkeypatch.setattr(mid_to_long, "_decide", edited_while_deciding)
    report = memory.consolidate(user_id="u", passes=("mid_to_long",))
    assert report["actions"].get("PROMOTE") == 1

    promoted = memory.get(cello)
    assert promoted is not None and promoted["tier"] == "long"
    assert [e["event"] for e in memory.history(cello)][-1] == "PROMOTE"
    waiting = memory.get(sister)
    assert waiting is not None and waiting["tier"] == "mid"
    assert waiting["memory"] == "My sister lives in Braga"
    assert memory.client.hlen(keys.journal("u=u")) == 0

    monkeypatch.setattr(mid_to_long, "_decide", decide)
    memory.consolidate(user_id="u", passes=("mid_to_long",))
    now_long = memory.get(sister)
    assert now_long is not None and now_long["tier"] == "long"
    assert now_long["memory"] == "My sister lives in Braga"
    assert memory.get_all(user_id="u", tier="mid")["results"] == []
