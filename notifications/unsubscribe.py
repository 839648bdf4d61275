"""
The one-click unsubscribe link of an email: a signed token naming the person and the topic.

It works without login (she reads the email on a phone where she is not signed in) and only for
that person and topic: the signature is the proof, so it has no expiry (an old email's link must
still work) and reveals nothing it does not already say in the email.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "notifications.unsubscribe"


def token_for(*, recipient_key: str, topic: str) -> str:
    return signing.dumps({"r": recipient_key, "t": topic}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[str, str]:
    """(recipient key, topic) of a token; signing.BadSignature when it was not made here."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or not isinstance(data.get("r"), str) or not isinstance(data.get("t"), str):
        raise signing.BadSignature("malformed unsubscribe token")
    return data["r"], data["t"]


def url_for(*, recipient_key: str, topic: str) -> str:
    """The absolute link of an email's footer and List-Unsubscribe header."""
    path = reverse(
        "notifications:unsubscribe", kwargs={"token": token_for(recipient_key=recipient_key, topic=topic)}
    )
    return settings.SITE_URL.rstrip("/") + path
