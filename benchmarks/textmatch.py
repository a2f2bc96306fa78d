"""The one definition of "this text mentions that value", shared by data and metrics.

The update generator keeps filler free of a user's values and the metrics decide whether
a hit holds the current value; both must agree on what a mention is, or the generator
could plant lines that the metrics misread.
"""

from __future__ import annotations

import re


def mentions(text: str, value: str) -> bool:
    """Case-insensitive whole-word match; hyphens count as word characters ("gluten-free")."""
    if not value:
        return False
    pattern = r"(?<![\w-])" + re.escape(value.lower()) + r"(?![\w-])"
    return re.search(pattern, text.lower()) is not None
