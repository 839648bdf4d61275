"""
Channels: how a delivery reaches a person. settings.NOTIFICATION_CHANNELS lists the ones in use.

A channel says which address of a recipient it needs (None: it cannot reach her) and sends one
delivery. What it raises decides what happens next:

- RetryableError: surely not sent (e.g. the mail server refused the connection) → tried again
  later with backoff, a bounded number of times, then failed;
- PermanentError: surely not sent and never will be (e.g. the address was refused) → failed;
- anything else: perhaps sent → uncertain, for staff to check; never resent automatically.

A WhatsApp Business or SMS gateway is one more subclass, named by its dotted path in
NOTIFICATION_CHANNELS, taking `recipient.phone` as its address.
"""

import contextlib
import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.mail.utils import DNS_NAME
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import registry, unsubscribe
from .models import Delivery, Notification

BUILTIN = {
    "in_app": "notifications.channels.InAppChannel",
    "email": "notifications.channels.EmailChannel",
}


class RetryableError(Exception):
    """Not sent, for a reason that may pass (a server down): try again later."""


class PermanentError(Exception):
    """Not sent, and trying again will not help (a refused address)."""


class Channel:
    name = ""
    # How the preference page names it.
    label = ""
    # True: send() only writes to the database, inside the transaction that marks the delivery
    # sent, so it happens exactly once and is never uncertain.
    transactional = False

    def address_for(self, recipient) -> str | None:
        """The address this channel sends `recipient` to, "" when none is needed; None: unreachable."""
        raise NotImplementedError

    def send(self, delivery: Delivery) -> None:
        raise NotImplementedError


class InAppChannel(Channel):
    """The inbox at /dasbor/notifikasi/ and the bell's count: for people with an account."""

    name = "in_app"
    label = gettext_lazy("Notifikasi di situs")
    transactional = True

    def address_for(self, recipient):
        return "" if recipient.user is not None else None

    def send(self, delivery):
        Notification.objects.create(
            user_id=delivery.user_id,
            delivery=delivery,
            kind=delivery.event.kind,
            title=delivery.subject,
            body=delivery.body,
            path=delivery.path,
        )


class EmailChannel(Channel):
    """Plain-text email through the default mailer (console in development, SMTP in production)."""

    name = "email"
    label = gettext_lazy("Email")

    def address_for(self, recipient):
        return recipient.email or None

    def send(self, delivery):
        body = delivery.body
        if delivery.path:
            body += "\n\n" + settings.SITE_URL.rstrip("/") + delivery.path
        message_id = make_msgid(domain=DNS_NAME)
        headers = {"Message-ID": message_id}
        topic = registry.optional_topic(delivery.event.kind)
        if topic is not None:
            # One click in the email (RFC 8058: mail apps POST to the header's link) turns this topic
            # off for her; orders' payment and cancellation messages have no optional topic.
            link = unsubscribe.url_for(recipient_key=delivery.recipient_key, topic=topic.name)
            with translation.override(settings.LANGUAGE_CODE):
                body += "\n\n-- \n" + _(
                    "Tidak ingin menerima email “%(topic)s” lagi? Berhenti dengan satu klik: %(link)s"
                ) % {"topic": topic.label, "link": link}
            headers["List-Unsubscribe"] = f"<{link}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message = EmailMessage(
            # Named like the account emails, so she knows at a glance in her inbox who writes.
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + delivery.subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.address],
            headers=headers,
        )
        # Kept before sending, so an uncertain delivery can be looked up in the mail server's log.
        Delivery.objects.filter(pk=delivery.pk).update(message_id=message_id)
        delivery.message_id = message_id
        connection = mailers.default
        try:
            connection.open()
        except (OSError, smtplib.SMTPException) as exc:
            # Nothing was handed over yet: connection refused, DNS, TLS or login failed.
            raise RetryableError(f"{exc.__class__.__name__}: {exc}") from exc
        try:
            connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentError(f"{exc.__class__.__name__}: {exc.recipients}") from exc
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            # The server answered with an error code: it did not accept the message.
            error = f"{exc.__class__.__name__}: {exc.smtp_code} {exc.smtp_error!r}"
            raise (RetryableError if 400 <= exc.smtp_code < 500 else PermanentError)(error) from exc
        # Anything else (a timeout, a dropped connection) may have come after the server accepted
        # the message: it goes up as it is, and the delivery becomes uncertain.
        finally:
            # The message's fate was decided above; a failed QUIT changes nothing.
            with contextlib.suppress(OSError, smtplib.SMTPException):
                connection.close()


def enabled() -> list[Channel]:
    """The channels in settings.NOTIFICATION_CHANNELS, in that order."""
    return [import_string(BUILTIN.get(name, name))() for name in settings.NOTIFICATION_CHANNELS]


def named(name: str) -> Channel:
    """The enabled channel called `name`; PermanentError if it is no longer configured."""
    for channel in enabled():
        if channel.name == name:
            return channel
    raise PermanentError(f"channel {name!r} is not in NOTIFICATION_CHANNELS")
