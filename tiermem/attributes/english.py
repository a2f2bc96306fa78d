"""Which words are common English, read from the packaged MiniLM's WordPiece vocabulary.

A sentence's first word is capitalised for the sentence, not because it names anything:
"Trim at Salon Verde on Saturday". But "Bingeworks is the only subscription I pay for now"
starts with a name. The vocabulary tells them apart without a list of our own: its 30,522
entries hold the common English words whole ("trim", "watched", "rent"), while a name a
company made up ("Bingeworks", "Monzo", "Lidl") is split into pieces. Names that are common
words or famous ("Paris", "Netflix") are whole entries too, so at the start of a sentence
they are not read as names. The vocabulary is read once, on the first question that asks.
"""

from __future__ import annotations

import functools
import json

from tiermem.models.embedder import packaged_model_path


@functools.lru_cache(maxsize=1)
def _whole_words() -> frozenset[str] | None:
    try:
        with open(packaged_model_path() / "tokenizer.json", encoding="utf-8") as handle:
            vocab = json.load(handle)["model"]["vocab"]
    except (ImportError, OSError, ValueError, KeyError, TypeError):
        return None
    return frozenset(word for word in vocab if word.isalpha())


def common(word: str) -> bool:
    """A whole entry of the vocabulary ("Trim", "Watched"), not a made-up name. Without
    the vocabulary every word counts as common: no first word is read as a name."""
    words = _whole_words()
    return words is None or word.lower() in words
