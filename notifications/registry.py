"""
What the engine knows of the domain: only what the domain apps register here at start-up.

Each domain app declares its kinds (a TextChoices class), who is told of each and in what words,
in its own `<app>/notifications.py`, and registers them from `AppConfig.ready()`:

    registry.register(OrderKind, recipients=order_recipients, message=order_message, load=load_order)

- `load(pk) -> object | None`: the subject of an event (with what the messages need already
  joined); without it, the generic relation is followed. None (the row was deleted): nobody is told.
- `recipients(event, subject) -> list[Recipient]`: everyone the event is for.
- `message(event, subject, recipient) -> Message`: the words, rendered in her language.

Kinds a person may turn off are grouped in topics (`register_topic`): she chooses per topic and
channel on /akun/notifikasi/, and every email of an optional topic carries a one-click unsubscribe
link. A kind in no topic, or in a mandatory one, is always sent.

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


@dataclass(frozen=True)
class Topic:
    """Kinds a person hears of together and chooses about together (per channel)."""

    name: str
    label: object
    help: object
    kinds: tuple[str, ...]
    # Always sent, on every channel: shown on the page with why, never offered to turn off.
    mandatory: bool = False


_kinds: dict[str, KindSpec] = {}
_topics: dict[str, Topic] = {}
_topic_of_kind: dict[str, Topic] = {}
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


def register_topic(name: str, *, label, kinds, help="", mandatory: bool = False) -> None:
    """Group `kinds` (values or TextChoices members) as the topic `name` of the preference page."""
    topic = Topic(name, label, help, tuple(str(k) for k in kinds), mandatory)
    existing = _topics.get(name)
    if existing is not None and existing != topic:
        raise ImproperlyConfigured(f"notification topic {name!r} is registered twice")
    for value in topic.kinds:
        other = _topic_of_kind.get(value)
        if other is not None and other.name != name:
            raise ImproperlyConfigured(
                f"notification kind {value!r} is in topics {other.name!r} and {name!r}"
            )
    _topics[name] = topic
    for value in topic.kinds:
        _topic_of_kind[value] = topic


def topics() -> list[Topic]:
    """Every registered topic, in the order the apps registered them."""
    return list(_topics.values())


def topic(name: str) -> Topic | None:
    return _topics.get(name)


def optional_topic(kind_name: str) -> Topic | None:
    """The topic a person may turn `kind_name` off by; None when it is always sent."""
    found = _topic_of_kind.get(kind_name)
    return found if found is not None and not found.mandatory else None
