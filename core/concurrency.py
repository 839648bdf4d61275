"""
No lost updates from forms: a form carries the values it showed ("seen"), and saving merges
three ways against the row as it is now (read under its lock).

A field she left as she saw it keeps today's value (two units sold while she fixed the
description stay sold); a field she changed is written, unless it changed meanwhile to something
else as well: that is a conflict, and nothing is saved.
"""

import json

from django import forms


def as_text(value) -> str:
    """One comparable text for a field's value, as a snapshot holds it."""
    if value is None:
        return ""
    if hasattr(value, "_meta"):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def snapshot(obj, fields) -> dict[str, str]:
    """The named fields of a model instance as texts (foreign keys as their ids)."""
    return {name: as_text(obj.serializable_value(name)) for name in fields}


def parse_seen(raw) -> dict[str, str] | None:
    """A snapshot sent back by a form, or None when it is missing or mangled (then: no check)."""
    try:
        seen = json.loads(raw or "null")
    except (TypeError, ValueError):
        return None
    if not isinstance(seen, dict) or not all(isinstance(v, str) for v in seen.values()):
        return None
    return seen


class SeenField(forms.CharField):
    """A form's hidden snapshot, cleaned by parse_seen (None when missing or mangled)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_seen(super().clean(value))


def merge_edits(now: dict[str, str], fields: dict, seen: dict[str, str]) -> tuple[dict, list]:
    """
    (the fields to write, the conflicts [(field, value she saw, value now)]) for form values
    `fields`, given the snapshot she saw and the one of the row now.
    """
    merged, conflicts = {}, []
    for name, value in fields.items():
        typed = as_text(value)
        if name not in seen or name not in now:
            merged[name] = value
        elif typed == seen[name]:
            continue
        elif now[name] in (seen[name], typed):
            merged[name] = value
        else:
            conflicts.append((name, seen[name], now[name]))
    return merged, conflicts
