"""LoCoMo (snap-research/LoCoMo, ``data/locomo10.json``) as typed records.

Licence: the LoCoMo data set is CC BY-NC 4.0 (non-commercial use only). It is read from
the shared data folder at run time and never shipped with tiermem; every report built
from it repeats this notice.

The file is hand-made and a little irregular, so the loader repairs what it safely can
and counts what it cannot: evidence strings such as ``"D8:6; D9:17"``, ``"D:11:26"`` or
``"D30:05"`` are normalised before ids are extracted, and ids that name no turn are
dropped (and counted) so that recall is never measured against evidence nobody can find.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.paths import locomo_file

LICENCE = "LoCoMo data set (snap-research/LoCoMo): CC BY-NC 4.0, non-commercial use only."

CATEGORY_NAMES = {
    1: "multi-hop",
    2: "temporal",
    3: "open-domain",
    4: "single-hop",
    5: "adversarial",
}

DEV_SIZE = 5
"""The first five conversations are for development; the last five stay held out."""

_SESSION_KEY = re.compile(r"session_(\d+)")
_EVIDENCE_ID = re.compile(r"D(\d+):(\d+)")
_DATE_FORMAT = "%I:%M %p on %d %B, %Y"


_PHOTO = " [shares a photo of {}]"


@dataclass(frozen=True)
class Turn:
    dia_id: str
    speaker: str
    text: str  # with the photo caption appended, when the turn shared one
    timestamp: float
    caption: str | None = None

    @property
    def observation(self) -> str:
        """The string every system stores, so all of them see identical input."""
        return f"{self.speaker}: {self.text}"

    @property
    def observation_without_caption(self) -> str:
        """The turn without its photo caption (``--no-captions``)."""
        text = self.text
        if self.caption is not None:
            text = text.removesuffix(_PHOTO.format(self.caption)).strip()
        return f"{self.speaker}: {text}"


@dataclass(frozen=True)
class Session:
    index: int
    when: datetime
    turns: tuple[Turn, ...]

    @property
    def timestamp(self) -> float:
        return self.when.timestamp()


@dataclass(frozen=True)
class QAItem:
    sample_id: str
    question: str
    answer: str
    category: int
    evidence: tuple[str, ...]
    raw_evidence: tuple[str, ...]


@dataclass(frozen=True)
class Conversation:
    sample_id: str
    speakers: tuple[str, str]
    sessions: tuple[Session, ...]
    qa: tuple[QAItem, ...]

    @property
    def turns(self) -> list[Turn]:
        return [turn for session in self.sessions for turn in session.turns]


@dataclass
class LoadStats:
    """What the loader had to repair or drop, so a report can say so."""

    repaired_evidence: int = 0
    dropped_evidence_ids: list[str] = field(default_factory=list)
    unparsable_evidence: list[str] = field(default_factory=list)
    questions_without_evidence: int = 0
    timestamps_without_session: int = 0


@dataclass(frozen=True)
class LoCoMo:
    conversations: tuple[Conversation, ...]
    stats: LoadStats

    @property
    def dev(self) -> tuple[Conversation, ...]:
        return self.conversations[:DEV_SIZE]

    @property
    def held_out(self) -> tuple[Conversation, ...]:
        return self.conversations[DEV_SIZE:]

    def split_of(self, sample_id: str) -> str:
        ids = [c.sample_id for c in self.dev]
        return "dev" if sample_id in ids else "held_out"

    def by_id(self, sample_id: str) -> Conversation:
        for conv in self.conversations:
            if conv.sample_id == sample_id:
                return conv
        raise KeyError(sample_id)


def parse_session_time(value: str) -> datetime:
    """Parse ``"1:56 pm on 8 May, 2023"``; the data has no zone, so UTC is assumed."""
    cleaned = " ".join(value.replace("am", "AM").replace("pm", "PM").split())
    return datetime.strptime(cleaned, _DATE_FORMAT).replace(tzinfo=UTC)


def normalise_evidence(raw: str) -> list[str]:
    """Every ``D<session>:<turn>`` id in a possibly malformed evidence string.

    ``"D:11:26"`` loses its stray colon and leading zeros go (``"D30:05"`` is turn 5),
    because the turn ids in the conversations never carry them.
    """
    fixed = raw.replace("D:", "D")
    return [f"D{int(s)}:{int(t)}" for s, t in _EVIDENCE_ID.findall(fixed)]


def _caption(turn: dict[str, Any]) -> str | None:
    caption = str(turn.get("blip_caption") or "").strip()
    return caption or None


def _turn_text(turn: dict[str, Any]) -> str:
    text = str(turn.get("text", "")).strip()
    caption = _caption(turn)
    if caption:
        text = (text + _PHOTO.format(caption)).strip()
    return text


def _sessions(sample_id: str, conv: dict[str, Any], stats: LoadStats) -> tuple[Session, ...]:
    indices = sorted(int(m.group(1)) for k in conv if (m := _SESSION_KEY.fullmatch(k)))
    stats.timestamps_without_session += sum(
        1 for k in conv if k.endswith("_date_time") and k[: -len("_date_time")] not in conv
    )
    sessions = []
    for index in indices:
        when = parse_session_time(conv[f"session_{index}_date_time"])
        turns = tuple(
            Turn(
                dia_id=str(t["dia_id"]),
                speaker=str(t["speaker"]),
                text=_turn_text(t),
                # Turns carry no time of their own; 30 s apart keeps them ordered.
                timestamp=when.timestamp() + 30.0 * offset,
                caption=_caption(t),
            )
            for offset, t in enumerate(conv[f"session_{index}"])
        )
        sessions.append(Session(index=index, when=when, turns=turns))
    if not sessions:
        raise ValueError(f"{sample_id}: no sessions")
    return tuple(sessions)


def _qa(sample_id: str, items: list[dict[str, Any]], turn_ids: set[str], stats: LoadStats):
    out = []
    for item in items:
        raw = tuple(str(e) for e in item.get("evidence", []))
        ids: list[str] = []
        for entry in raw:
            found = normalise_evidence(entry)
            if not found:
                stats.unparsable_evidence.append(entry)
            elif len(found) > 1 or found[0] != entry:
                stats.repaired_evidence += 1
            for dia_id in found:
                if dia_id not in turn_ids:
                    stats.dropped_evidence_ids.append(f"{sample_id}/{dia_id}")
                elif dia_id not in ids:
                    ids.append(dia_id)
        if not ids:
            stats.questions_without_evidence += 1
        answer = item.get("answer", item.get("adversarial_answer", ""))
        out.append(
            QAItem(
                sample_id=sample_id,
                question=str(item["question"]),
                answer="" if answer is None else str(answer),
                category=int(item["category"]),
                evidence=tuple(ids),
                raw_evidence=raw,
            )
        )
    return tuple(out)


def load_locomo(path: Path | None = None) -> LoCoMo:
    """Read locomo10.json (the shared copy unless ``path`` is given)."""
    source = path or locomo_file()
    with source.open(encoding="utf-8") as handle:
        samples = json.load(handle)
    stats = LoadStats()
    conversations = []
    for sample in samples:
        sample_id = str(sample["sample_id"])
        conv = sample["conversation"]
        sessions = _sessions(sample_id, conv, stats)
        turn_ids = {t.dia_id for s in sessions for t in s.turns}
        conversations.append(
            Conversation(
                sample_id=sample_id,
                speakers=(str(conv["speaker_a"]), str(conv["speaker_b"])),
                sessions=sessions,
                qa=_qa(sample_id, sample["qa"], turn_ids, stats),
            )
        )
    return LoCoMo(conversations=tuple(conversations), stats=stats)
