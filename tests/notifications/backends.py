"""Email backends that fail in each way a mail server can, and a phone channel, for the tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

from notifications.channels import Channel


class RefusingBackend(BaseEmailBackend):
    """The mail server refuses the connection: nothing was handed over."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        raise AssertionError("never reached")


class RecipientRefusedBackend(BaseEmailBackend):
    """The server refuses the address: it will never work."""

    def send_messages(self, email_messages):
        to = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({to: (550, b"5.1.1 User unknown")})


class DroppedBackend(BaseEmailBackend):
    """The connection drops while the message is being handed over: perhaps it arrived."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class PhoneChannel(Channel):
    """A stand-in for a WhatsApp/SMS gateway: reaches anyone with a phone number, records sends."""

    name = "phone"
    sent: list = []

    def address_for(self, recipient):
        return recipient.phone or None

    def send(self, delivery):
        PhoneChannel.sent.append((delivery.address, delivery.subject))
