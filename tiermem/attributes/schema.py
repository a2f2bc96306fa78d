"""A user's declared attributes ("metadata as schema"): tracked before anything is
discovered, with the cardinality the user knows and the rules would have to guess."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator

_NAME = re.compile(r"^[a-z][a-z0-9_ ]{0,63}$")


class AttributeSpec(BaseModel):
    """``{"name": "home_city", "description": "the city the user lives in", "examples":
    ["I live in Lisbon", "We moved to Porto"], "multi": false}``"""

    name: str
    description: str = ""
    examples: list[str] = Field(default_factory=list, max_length=16)
    multi: bool = False

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(
                "attribute names are lower-case letters, digits, '_' or spaces, 1-64 long"
            )
        return value

    @field_validator("examples")
    @classmethod
    def _examples(cls, value: list[str]) -> list[str]:
        if any(not e.strip() or len(e) > 500 or "\x00" in e for e in value):
            raise ValueError("examples are non-empty sentences of at most 500 characters")
        return value
