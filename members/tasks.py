"""
Account emails (address confirmation, password reset, security notices) sent by the worker.

allauth renders the message in the request; the page answers at once and the worker sends it,
retried with backoff while the mail server is down (a refused address is not retried). The message
travels encrypted (it holds a reset link or a code) and is never stored in the database, so no
staff page or stored body shows it.
"""

import base64
import hashlib
import json
import logging
import smtplib

from celery import shared_task
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


def _fernet() -> Fernet:
    key = hashlib.sha256(b"desbumi.account-email:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(message: EmailMultiAlternatives) -> str:
    """The message as an encrypted token for the queue."""
    data = {
        "subject": str(message.subject),
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
    }
    return _fernet().encrypt(json.dumps(data).encode()).decode()


def unseal(token: str) -> EmailMultiAlternatives:
    data = json.loads(_fernet().decrypt(token.encode()))
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@shared_task(
    acks_late=True,
    ignore_result=True,
    time_limit=60,
    soft_time_limit=45,
    autoretry_for=(OSError, smtplib.SMTPException),
    dont_autoretry_for=(smtplib.SMTPRecipientsRefused,),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=False,
    max_retries=8,
)
def send_account_email(token: str) -> str:
    """Send one sealed account email; returns its Message-ID (also logged, for the mail server's log)."""
    message = unseal(token)
    message.send()
    message_id = message.extra_headers.get("Message-ID", "")
    logger.info("account email sent", extra={"message_id": message_id})
    return message_id
