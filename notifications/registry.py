"""
What the engine knows of the domain: only what the domain apps register here at start-up.

Each domain app declares its kinds (a TextChoices class), who is told of each and in what words,
in its own `<app>/notifications.py`, and registers them from `AppConfig.ready()`:

    registry.register(OrderKind, recipients=order_recipients, message=order_message, load=load_order)

- `load(pk) -> object | None`: the subject of an event (with what the messages need already
  joined); without it, the generic relation is followed. None (the row was deleted): nobody is told.
- `recipients(event, subject) -> list[Recipient]`: everyone the event is for.
- `message(event, subject, recipient) -> Message`: the words, rendered in her language.

The inbox asks the registered page hooks which page frames it for the person (members' dashboard
for an approved seller); without an answer it is the plain page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class KindSpec:
    name: str
    label: object
    recipients: Callable
    message: Callable
    load: Callable | None = None


_kinds: dict[str, KindSpec] = {}
_inbox_pages: list[Callable] = []

PLAIN_INBOX = "notifications/inbox_plain.html"


class UnknownKind(LookupError):
    """An event of a kind no installed app registered: it waits (the relay retries) and is logged."""


def register(kinds, *, recipients: Callable, message: Callable, load: Callable | None = None) -> None:
    """Register every kind of the TextChoices class `kinds` with its handlers."""
    for value, label in kinds.choices:
        spec = KindSpec(value, label, recipients, message, load)
        existing = _kinds.get(value)
        if existing is not None and existing != spec:
            raise ImproperlyConfigured(f"notification kind {value!r} is registered twice")
        _kinds[value] = spec


def kind(name: str) -> KindSpec:
    """The registered kind called `name`; UnknownKind if no installed app declares it."""
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownKind(f"notification kind {name!r} is not registered by any installed app") from None


def label(name: str) -> str:
    """The readable name of a kind (the raw value for a kind no app declares any more)."""
    spec = _kinds.get(name)
    return str(spec.label) if spec is not None else name


def choices() -> list[tuple[str, object]]:
    """(value, label) of every registered kind, for filters."""
    return [(spec.name, spec.label) for spec in _kinds.values()]


def register_inbox_page(hook: Callable) -> None:
    """
    `hook(request) -> template name | None`: the page that frames the inbox for this person.

    A hook may prepare the request for its template (members sets `request.member` for the
    dashboard menu). The first hook that answers wins.
    """
    if hook not in _inbox_pages:
        _inbox_pages.append(hook)


def inbox_page(request) -> str:
    """The template of the inbox for `request`'s person: a registered page, else the plain one."""
    for hook in _inbox_pages:
        template = hook(request)
        if template:
            return template
    return PLAIN_INBOX
