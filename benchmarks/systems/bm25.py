"""BM25 baseline (bm25s) over the raw observations of each user.

Lexical search is a strong, cheap peer on conversational recall (names, places and
objects recur verbatim), so a tiered memory has to beat it too. The index is rebuilt
lazily: adds only append, and the next search re-indexes that user once.
"""

from __future__ import annotations

import re
from typing import Any

import bm25s

from benchmarks.systems.base import BaseSystem, Hit

K1 = 1.2
B = 0.75

_STOP_TEXT = """
a an and are as at be but by did do does for from had has have he her him his how i
if in is it its me my of on or our she so that the their them they this to was we
were what when where which who why will with you your
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without stop words."""
    return [t for t in _WORD.findall(text.lower()) if t not in STOP_WORDS]


class _UserCorpus:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.tokens: list[list[str]] = []
        self.sources: list[frozenset[str]] = []
        self.retriever: bm25s.BM25 | None = None
        self.indexed = 0

    def search(self, query: str, k: int) -> list[Hit]:
        tokens = tokenize(query)
        if not tokens or not self.texts:
            return []
        if self.retriever is None or self.indexed != len(self.texts):
            self.retriever = bm25s.BM25(k1=K1, b=B)
            # An all-stop-word observation still needs a row, so give it a dummy token.
            self.retriever.index([t or ["\x00"] for t in self.tokens], show_progress=False)
            self.indexed = len(self.texts)
        count = min(k, len(self.texts))
        docs, scores = self.retriever.retrieve([tokens], k=count, show_progress=False)
        # Zero-score rows match no query word; a real BM25 engine would not return them.
        return [
            Hit(self.texts[int(d)], self.sources[int(d)], score=float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]


class BM25(BaseSystem):
    name = "bm25"

    def __init__(self) -> None:
        self._users: dict[str, _UserCorpus] = {}

    def add(self, user: str, text: str, timestamp: float, source_ids: list[str]) -> None:
        corpus = self._users.setdefault(user, _UserCorpus())
        corpus.texts.append(text)
        corpus.tokens.append(tokenize(text))
        corpus.sources.append(frozenset(source_ids))

    def search(self, user: str, query: str, k: int) -> list[Hit]:
        corpus = self._users.get(user)
        return corpus.search(query, k) if corpus else []

    def stats(self) -> dict[str, Any]:
        return {"memories": sum(len(c.texts) for c in self._users.values()), "llm_calls": 0}
