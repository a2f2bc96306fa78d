"""The main job, end to end: two users talk, memories move through the tiers, search
answers, and history explains one fact's life. Runs in simulated time, in a temp dir."""

from __future__ import annotations

import tempfile
from typing import Any

from rich.console import Console
from rich.table import Table

from tiermem.clock import ManualClock
from tiermem.memory import Memory

DAY = 86400.0
SCRIPT: list[tuple[float, str, str]] = [
    (0, "alice", "Hi! I'm Alice and I live in Paris."),
    (0, "alice", "I work as a nurse at the Hôpital Saint-Louis."),
    (0, "alice", "My dog is named Biscuit and he loves the Seine."),
    (0, "bob", "Hey, Bob here. I am vegetarian and I live in Oslo."),
    (0, "bob", "My favourite band is Radiohead."),
    (2, "alice", "Biscuit and I walked along the Seine again today."),
    (3, "bob", "I started learning the cello last month."),
    (0, "alice", "My dentist is Dr Alves."),  # attributes no rule lists
    (3, "alice", "I bank with Nordea."),
    (3, "bob", "I do my weekly shop at Lidl."),
    (9, "alice", "Big news: I moved to Berlin last week for a new job."),
    (9, "alice", "I live in Berlin now, near Tempelhof."),
    (9, "alice", "My dentist is Dr Kim now, she's closer to the flat."),
    (9, "alice", "We adopted a second dog, Pretzel!"),  # many-valued: Biscuit stays
    (9, "alice", "My sister banks with Revolut."),  # somebody else's: changes nothing
    (10, "bob", "My favourite band is now Massive Attack."),
    (10, "bob", "I do my weekly shop at Aldi now."),
    (10, "bob", "I might switch to Monzo next year."),  # only considered
]
QUESTIONS = [
    ("alice", "Where does Alice live?"),
    ("bob", "What music does Bob like?"),
    ("alice", "What is the name of Alice's dog?"),
    ("alice", "Who is my dentist now?"),
    ("alice", "Who was my dentist before?"),
    ("bob", "Which supermarket do I shop at?"),
]


def run_demo(policy: str = "llm") -> None:
    console = Console()
    clock = ManualClock(start=1_735_689_600.0)  # 2025-01-01
    with tempfile.TemporaryDirectory(prefix="tiermem-demo-") as data_dir:
        memory = Memory(
            {
                "data_dir": data_dir,
                "policy": policy,
                "llm": "auto" if policy == "llm" else "none",
                "promote_min_age_s": DAY,
                # a demo tenant says a dozen things; the default cap (15 calls per 100
                # observations) would allow it one call in total
                "llm_calls_per_100_observations": 100 if policy == "llm" else 15,
            },
            clock=clock,
        )
        calls = 0
        with memory:
            console.rule(f"[bold]tiermem demo[/] (policy={policy}, data in a temp dir)")
            ids: dict[str, str] = {}
            start = clock.now
            day_seen = -1.0
            for day, user, text in SCRIPT:
                clock.set(start + day * DAY)
                if day != day_seen and day_seen >= 0:
                    report = memory.consolidate(now=clock.now)
                    calls += report["llm_calls"]
                    console.print(
                        f"day {day:>4.0f}: consolidation {report['actions'] or '{}'} "
                        f"({report['llm_calls']} LLM calls, {report['duration_s']:.2f}s)"
                    )
                day_seen = day
                result = memory.add(text, user_id=user, timestamp=clock.now)
                ids[text] = result["results"][0]["id"]
            _show_tiers(console, memory, "after the adds (before the last consolidation)")
            _show_search(console, memory, "search before consolidation")
            clock.set(start + 12 * DAY)
            for attempt in range(4):  # dead-lettered items are retried by the next run
                report = memory.consolidate(now=clock.now)
                calls += report["llm_calls"]
                console.print(
                    f"day 12 run {attempt + 1}: consolidation {report['actions']} "
                    f"({report['llm_calls']} LLM calls, {report['llm_prompt_tokens']}+"
                    f"{report['llm_completion_tokens']} tokens, "
                    f"{report['dead_letters']} dead letters, {report['duration_s']:.2f}s)"
                )
                if not any(
                    t["short"] or t["dead_letters"] for t in memory.stats()["tenants"].values()
                ):
                    break
                clock.advance(3600)
            _show_tiers(console, memory, "after consolidation")
            _show_search(console, memory, "search after consolidation")
            paris = ids["Hi! I'm Alice and I live in Paris."]
            table = Table(title=f"history of {paris[:8]}… ('I live in Paris')")
            for col in ("when", "event", "tier", "actor", "old", "new", "details"):
                table.add_column(col, overflow="fold")
            for event in memory.history(paris):
                table.add_row(
                    event["created_at"][:10],
                    event["event"],
                    str(event["tier"]),
                    event["actor"],
                    _short(event["old_memory"]),
                    _short(event["new_memory"]),
                    _short(str(event["details"])),
                )
            console.print(table)
            _show_profile(console, memory)
            console.print(_llm_summary(policy, calls, memory))


def _show_profile(console: Console, memory: Memory) -> None:
    """What tiermem believes now, per attribute, and how the dentist changed."""
    table = Table(title="profile(user_id='alice'): every tracked attribute, current values")
    for col in ("attribute", "values", "since", "replaced", "sources"):
        table.add_column(col, overflow="fold")
    for name, entry in memory.profile(user_id="alice")["attributes"].items():
        current = entry["current"]
        table.add_row(
            name + (" (many)" if entry["multi"] else ""),
            ", ".join(entry["values"]),
            ", ".join((c["since"] or "")[:10] for c in current),
            ", ".join(r["value"] or "" for c in current for r in c["replaced"]),
            ", ".join(s[:8] for c in current for s in c["sources"]),
        )
    console.print(table)
    table = Table(title="timeline(user_id='alice', attribute='dentist')")
    for col in ("value", "from", "until", "current", "memory"):
        table.add_column(col, overflow="fold")
    for change in memory.timeline(user_id="alice", attribute="dentist")["changes"]:
        table.add_row(
            change["value"] or "",
            (change["since"] or "")[:10],
            (change["until"] or "")[:10],
            str(change["current"]),
            change["memory"],
        )
    console.print(table)


def _llm_summary(policy: str, calls: int, memory: Memory) -> str:
    """Say plainly whether the LLM was used, and if not, why not."""
    if policy != "llm":
        return f"policy={policy}: no LLM is configured, so no LLM calls were made."
    if calls:
        return (
            f"policy=llm: {calls} real LLM calls (fact extraction in batches, and yes/no "
            "questions on the attribute links the rules were unsure of)."
        )
    llm = memory.engine.llm
    if llm is None:
        return (
            "policy=llm but no LLM answered (no Ollama at the configured host and no "
            "embedded model), so the rules decided everything."
        )
    return (
        "policy=llm: 0 LLM calls. Each tenant may spend llm_calls_per_100_observations, "
        "and a call needs room for its retries; this conversation left no batch or unsure "
        "link that fit, so the rules decided everything."
    )


def _short(text: Any, n: int = 50) -> str:
    if text is None:
        return ""
    s = str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def _show_tiers(console: Console, memory: Memory, title: str) -> None:
    table = Table(title=f"what each tier holds, {title}")
    for col in ("user", "tier", "memory", "reinf.", "valid", "id"):
        table.add_column(col, overflow="fold")
    for user in ("alice", "bob"):
        for item in memory.get_all(user_id=user, include_superseded=True)["results"]:
            valid = "superseded" if item.get("superseded_by") else "current"
            table.add_row(
                user,
                item["tier"],
                item["memory"],
                str(item["reinforcement"]),
                valid,
                item["id"][:8],
            )
    console.print(table)


def _show_search(console: Console, memory: Memory, title: str) -> None:
    table = Table(title=title)
    for col in ("query", "rank", "score", "tier", "memory"):
        table.add_column(col, overflow="fold")
    for user, query in QUESTIONS:
        for rank, hit in enumerate(memory.search(query, user_id=user, limit=3)["results"], 1):
            table.add_row(
                query if rank == 1 else "",
                str(rank),
                f"{hit['score']:.3f}",
                hit["tier"],
                hit["memory"],
            )
    console.print(table)
