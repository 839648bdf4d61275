"""
A person's data across apps (UU PDP 27/2022): the right to a copy and the right to deletion.

The app that owns the person (members) asks; every app holding something of hers answers. An app
registers, from its `AppConfig.ready()`, one exporter and (if it keeps anything to erase) one
eraser under a section name — as Django's `checks.register` does — so that a lower app never
imports a higher one to gather her data:

    personal_data.register("orders", exporter=orders_of, eraser=None)

- `exporter(user) -> JSON-ready data` (a dict or a list): what the app holds about `user`.
- `eraser(user) -> None`: remove or anonymise it. Erasers run inside the caller's transaction,
  before the account itself is deleted, so a failure leaves everything as it was.
- `blocker(user) -> str | None`: why her account cannot be deleted yet (an order still on its way
  needs her address), in words for her; None when nothing stands in the way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Part:
    section: str
    exporter: Callable | None
    eraser: Callable | None
    blocker: Callable | None = None


_parts: dict[str, Part] = {}


def register(
    section: str,
    *,
    exporter: Callable | None = None,
    eraser: Callable | None = None,
    blocker: Callable | None = None,
) -> None:
    """Register an app's part of a person's data under `section` (a key of the export)."""
    existing = _parts.get(section)
    if existing is not None and existing != Part(section, exporter, eraser, blocker):
        raise ImproperlyConfigured(f"personal data section {section!r} is registered twice")
    _parts[section] = Part(section, exporter, eraser, blocker)


def unregister(section: str) -> None:
    """Forget a section (tests, or an app that is switched off)."""
    _parts.pop(section, None)


def sections() -> list[str]:
    """The registered sections, in the order they were registered (INSTALLED_APPS order)."""
    return list(_parts)


def export(*, user) -> dict:
    """Every registered app's part of `user`'s data: {section: data}, in registration order."""
    return {part.section: part.exporter(user) for part in _parts.values() if part.exporter is not None}


def erase(*, user) -> None:
    """Run every registered eraser for `user`; call it inside the deletion's transaction."""
    for part in _parts.values():
        if part.eraser is not None:
            part.eraser(user)


def erase_blockers(*, user) -> list[str]:
    """Why `user`'s account cannot be deleted now, one reason per app that says so."""
    reasons = (part.blocker(user) for part in _parts.values() if part.blocker is not None)
    return [reason for reason in reasons if reason]
