"""
Who is told of an event: the kind's registered `recipients` hook says, when it is dispatched.

A recipient carries every address she has (account, email, phone); each channel takes the one it
needs, so a member without an account (user=None) gets no in-app message and no email, but a
WhatsApp or SMS channel added later reaches her by her phone number.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import Event


@dataclass(frozen=True)
class Recipient:
    key: str  # stable: "user:12", "email:rina@contoh.test", "member:7"
    audience: str  # which wording and links she gets; the domain app's word ("buyer", "village"…)
    name: str
    user: object = None
    email: str = ""
    phone: str = ""
    # Messages are rendered in the recipient's language; nobody chooses one yet, so Indonesian.
    language: str = settings.LANGUAGE_CODE

    @classmethod
    def account(cls, user, *, audience: str, name: str, email: str = "", phone: str = "") -> "Recipient":
        """Someone with an account, keyed by it in every app (so she is told once), at `email` or
        else her account's address."""
        return cls(
            key=f"user:{user.pk}",
            audience=audience,
            name=name,
            user=user,
            email=email or user.email,
            phone=phone,
        )


def recipients_for(event: Event, subject, spec) -> list[Recipient]:
    """
    Everyone `event` is for, each once (the first audience wins), never the person who acted
    (`payload["actor_user_id"]`). Nobody when what it is about no longer exists.
    """
    if event.subject_id is not None and subject is None:
        return []
    actor = event.payload.get("actor_user_id")
    unique: dict[str, Recipient] = {}
    for recipient in spec.recipients(event, subject):
        if actor and recipient.user is not None and recipient.user.pk == actor:
            continue
        unique.setdefault(recipient.key, recipient)
    return list(unique.values())


def staff_with_permission(codename: str, *, audience: str) -> list[Recipient]:
    """Active staff who hold permission `codename` (their own, by a group, or as superusers), by pk."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename=codename)
            | Q(groups__permissions__codename=codename)
        )
        .distinct()
        .order_by("pk")
    )
    return [Recipient.account(user, audience=audience, name=user.email) for user in users]
