"""Typed text tidied: invisible tricks (direction overrides, zero-width characters) removed; one line."""

import re

# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks
# (U+200E, U+200F, U+061C), zero-width space/joiners (U+200B–U+200D), word joiner and invisible
# operators (U+2060–U+2064), the byte-order mark (U+FEFF) and the soft hyphen (U+00AD). They can
# make a name or an address read differently from what is stored ("‮gpj.exe").
INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_text(value: str) -> str:
    """`value` without direction-override and zero-width characters."""
    return INVISIBLE.sub("", value)


def one_line(value: str | None) -> str:
    """`value` on one line: line breaks and runs of white space become one space, none at the ends."""
    return " ".join((value or "").split())


def has_invisible(value: str) -> bool:
    return INVISIBLE.search(value) is not None
