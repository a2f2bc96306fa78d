"""95% bootstrap intervals for every rate a suite reports, and for the change between runs.

Questions are not independent draws: LoCoMo's come in conversations, the update streams'
in users, and a system that misreads one user misses all of that user's questions. So the
resampling unit is the cluster (conversation, user, definition) whenever there are at least
``MIN_CLUSTERS`` of them; with fewer, a cluster bootstrap has nothing to resample, and the
questions themselves are resampled (that interval is too narrow for clustered data, and the
report says which unit was used). A cluster resample weighs each cluster by its questions
(the ratio estimator), so the interval is around the same mean the table shows.

A comparison between two runs is paired: both ran the same questions, so the interval is
of the per-question differences, resampled the same way. That is what tells a real change
from noise; two separate intervals that overlap say much less.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from benchmarks.metrics import mean

ROUNDS = 2000
MIN_CLUSTERS = 5
LEVEL = 0.95


def resampling_unit(clusters: Iterable[str], cluster_name: str) -> str:
    """What ``interval`` resamples for these clusters: the cluster's name, or "question"."""
    return cluster_name if len(set(clusters)) >= MIN_CLUSTERS else "question"


def interval(
    values: Sequence[float | None],
    clusters: Sequence[str],
    *,
    rounds: int = ROUNDS,
    seed: int = 0,
) -> list[float] | None:
    """The 95% percentile-bootstrap interval of the mean of the defined ``values``;
    None when there is nothing to resample. ``clusters[i]`` is the cluster of value i."""
    kept = [(float(v), c) for v, c in zip(values, clusters, strict=True) if v is not None]
    if not kept:
        return None
    data = np.asarray([v for v, _ in kept])
    rng = np.random.default_rng(seed)
    names = sorted({c for _, c in kept})
    if len(names) >= MIN_CLUSTERS:
        index = {name: i for i, name in enumerate(names)}
        owner = np.asarray([index[c] for _, c in kept])
        sums = np.bincount(owner, weights=data, minlength=len(names))
        counts = np.bincount(owner, minlength=len(names)).astype(float)
        return _ends(_ratio_resamples(sums, counts, rng, rounds), 4)
    draws = rng.integers(0, len(data), size=(rounds, len(data)))
    return _ends(data[draws].mean(axis=1), 4)


def _ratio_resamples(
    numerators: np.ndarray, denominators: np.ndarray, rng: np.random.Generator, rounds: int
) -> np.ndarray:
    """Resample the units (clusters, consolidation runs) with replacement; each resample's
    statistic is its summed numerators over its summed denominators."""
    draws = rng.integers(0, len(numerators), size=(rounds, len(numerators)))
    out: np.ndarray = numerators[draws].sum(axis=1) / denominators[draws].sum(axis=1)
    return out


def _ends(stats: np.ndarray, digits: int) -> list[float]:
    """The central ``LEVEL`` interval of bootstrap statistics, rounded."""
    tail = (1.0 - LEVEL) / 2.0 * 100.0
    low, high = np.percentile(stats, [tail, 100.0 - tail])
    return [round(float(low), digits), round(float(high), digits)]


def key_cluster(key: str) -> str:
    """The cluster of a question: suites key questions ``<cluster>#<n>`` (the LoCoMo
    conversation, the update stream's user, the GoodAI definition)."""
    return key.split("#", 1)[0]


def summarize(
    rows: Mapping[str, Mapping[str, float | None]],
    keys: Sequence[str],
    metrics: Sequence[str],
    unit: str,
) -> dict[str, Any]:
    """One group of questions as a report shows it: how many, each metric's mean over
    them, its interval, and what was resampled (``unit``, the cluster's name, or
    "question" when there are too few clusters)."""
    clusters = [key_cluster(k) for k in keys]
    return {
        "questions": len(keys),
        **{m: mean(rows[k][m] for k in keys) for m in metrics},
        "ci": {m: interval([rows[k][m] for k in keys], clusters) for m in metrics},
        "resampled": resampling_unit(clusters, unit),
    }


def question_records(
    rows: Mapping[str, Mapping[str, float | None]],
    groups_of: Callable[[str], Sequence[str]],
) -> list[dict[str, Any]]:
    """Per-question values as saved in ``results.json``, what ``compare`` pairs runs by."""
    return [
        {"key": k, "cluster": key_cluster(k), "groups": list(groups_of(k)), "values": dict(v)}
        for k, v in rows.items()
    ]


def significant(ci: Sequence[float] | None) -> bool:
    """True when the interval excludes zero (both ends on one side of it)."""
    return ci is not None and (ci[0] > 0.0 or ci[1] < 0.0)


def latency_interval(samples: Sequence[float], q: float, *, seed: int = 0) -> list[float] | None:
    """95% bootstrap interval of the ``q`` percentile of latency samples (calls resampled)."""
    if len(samples) < 2:
        return None
    data = np.asarray(samples, dtype=float)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(data), size=(500, len(data)))
    stats = np.percentile(data[draws], q, axis=1, method="inverted_cdf")  # nearest rank
    return _ends(stats, 3)


def throughput_interval(ticks: Sequence[tuple[int, float]], *, seed: int = 0) -> list[float] | None:
    """95% bootstrap interval of items per second over ``(items, seconds)`` ticks: the
    ticks are resampled, and each resample's rate is its items over its seconds."""
    kept = [(n, s) for n, s in ticks if s > 0]
    if len(kept) < 2:
        return None
    items = np.asarray([n for n, _ in kept], dtype=float)
    seconds = np.asarray([s for _, s in kept], dtype=float)
    rng = np.random.default_rng(seed)
    return _ends(_ratio_resamples(items, seconds, rng, ROUNDS), 1)
