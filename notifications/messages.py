"""
The words of each notification, in the recipient's language: a subject, a plain-text body and the
page it leads to. The kind's registered `message` hook composes them (usually with `compose`, from
a template of its own app); the engine only switches the language and stores the result.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from .models import Event
from .recipients import Recipient


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    path: str  # a page of this site, for the in-app link and the email's last line


def compose(template: str, context: dict, *, subject, path: str = "") -> Message:
    """A message whose body is `template` rendered with `context` (plain text, blank lines squeezed)."""
    body = render_to_string(template, context).strip()
    # Blank lines the template's tags leave behind are squeezed to one.
    lines = [line.rstrip() for line in body.splitlines()]
    body = "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1]))
    return Message(subject=str(subject)[:200], body=body, path=path)


def message_context(event: Event, recipient: Recipient, **values) -> dict:
    """
    A template's context: what every kind's templates may use (the event, its payload, the
    recipient and her audience) and `values`, what this kind's templates need besides.
    """
    return {
        "event": event,
        "payload": event.payload,
        "recipient": recipient,
        "audience": recipient.audience,
        **values,
    }


def subject_for(subjects: dict, kind: str, audience: str):
    """
    The subject `subjects` gives (kind, audience), else the one it gives the kind for every audience
    (kind, None): a kind whose subject is the same for everyone is written once.
    """
    return subjects.get((kind, audience)) or subjects[(kind, None)]


def render(event: Event, subject, recipient: Recipient, spec) -> Message:
    """Render `event` (about `subject`) for `recipient` in her language."""
    with translation.override(recipient.language):
        return spec.message(event, subject, recipient)
