"""The refit tool of ``now_answer``: records a real replay of a dev stream and fits."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.fit_now_answer import Asked, Candidate, fit, record, score


def test_it_never_touches_a_blind_stream() -> None:
    for blind in ("blind", "fresh"):
        with pytest.raises(SystemExit, match="not a development stream"):
            record(blind, users=1)


def test_the_fit_separates_members_by_closeness() -> None:
    """Members close to the question, others far: the fitted boundary lies between."""
    rng = np.random.default_rng(3)
    asked = []
    for n in range(40):
        anchor = Candidate("anchor", 0.0, 0.6, 1.0, True)
        near = Candidate(f"near {n}", 2.0, float(rng.uniform(0.4, 0.6)), 0.8, True)
        far = Candidate(f"far {n}", 3.0, float(rng.uniform(0.0, 0.2)), 0.3, False)
        asked.append(Asked((f"near {n}",), [anchor, near, far]))
    w = fit(asked)
    assert w[0] > 0  # closer to the question: more likely a member
    assert w[0] * 0.5 + w[1] * 0.8 + w[2] > 0 > w[0] * 0.1 + w[1] * 0.3 + w[2]
    assert score(asked, w) == 1.0  # the newest admitted statement is the near one


def test_a_replayed_dev_user_gives_labelled_pairs() -> None:
    asked = record("dev", users=2)
    assert asked, "no question about now reached the rule"
    pairs = [c for a in asked for c in a.candidates[1:]]
    assert any(c.member for c in pairs) and not all(c.member for c in pairs)
    assert all(-1.0 <= c.similarity <= 1.0 and c.share >= 0.0 for c in pairs)


def test_a_replayed_dev_user_gives_judged_pairs_and_a_judged_fit() -> None:
    """With the judge installed, the same questions are recorded as the judge reads them
    (its anchor first, six features), and its test fits on them."""
    asked = record("dev", users=3)
    judged = [a for a in asked if a.judged]
    assert judged, "the judge read no question (is tiermem[judge] installed?)"
    pairs = [c for a in judged for c in a.judged[1:]]
    assert all(-1.0 <= c.to_anchor <= 1.0 + 1e-6 for c in pairs)
    assert all(a.judged[0].share == pytest.approx(1.0) for a in judged)
    assert all(-1.0 <= c.kind <= 1.0 + 1e-6 for c in pairs)
    assert len({c.kind for c in pairs}) > 1  # values were read as kinds of the asked thing
    assert any(c.rivals >= 1 for c in pairs) and all(c.rivals >= 0 for c in pairs)
    # the anchor is in its own group, at cosine 1 to itself: nothing outranks it there
    assert all(a.judged[0].margin >= -1e-6 for a in judged)
    assert any(c.margin < 0 for c in pairs)  # some statements have a nearer rival
    w = fit(judged, judged=True)
    assert w.shape == (7,)
    assert 0.0 <= score(judged, w, judged=True) <= 1.0
