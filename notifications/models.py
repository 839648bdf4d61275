"""
Notifications: what happened (Event, the outbox), each send to one person on one channel
(Delivery), the in-app inbox (Notification) and what a person chose not to receive (OptOut).
Nothing here names a domain app: an event refers to what it is about through a content type and
an id, and its kind is whatever an app registered.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import actor_field

from . import registry


class EventQuerySet(models.QuerySet):
    def about(self, obj_or_model):
        """Events about one object, or (given a model class) about any object of that model."""
        if isinstance(obj_or_model, type):
            return self.filter(subject_type=ContentType.objects.get_for_model(obj_or_model))
        return self.filter(
            subject_type=ContentType.objects.get_for_model(type(obj_or_model)), subject_id=obj_or_model.pk
        )


class Event(models.Model):
    """
    Something that happened, stored in the same transaction as the change itself (the outbox).

    Its deliveries are created after commit by a task; the relay (Celery beat) dispatches any
    event still undispatched after a few seconds, so a broker outage at that moment loses nothing.
    """

    # The kinds are the domain apps' (registry.register); the engine stores the value only.
    kind = models.CharField(_("jenis"), max_length=30)
    # What it is about, whatever app it belongs to; it may have been deleted since (then nobody is
    # told). The payload keeps what the message needs as it was at that moment.
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("tentang (jenis)"), on_delete=models.PROTECT, null=True, blank=True
    )
    subject_id = models.PositiveBigIntegerField(_("tentang (id)"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    payload = models.JSONField(_("isi"), default=dict, blank=True)
    # Events that must happen once at most (the expiry reminder of an order) carry a unique key.
    key = models.CharField(_("kunci"), max_length=80, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("terjadi"), default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(_("diteruskan"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("kejadian")
        verbose_name_plural = _("kejadian")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # What the relay looks for every minute: a handful of rows at most.
            models.Index(
                fields=["created_at"],
                condition=Q(dispatched_at__isnull=True),
                name="notif_event_undispatched",
            ),
            models.Index(fields=["subject_type", "subject_id"], name="notif_event_subject"),
        ]

    def __str__(self):
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self) -> str:
        return registry.label(self.kind)


class Delivery(models.Model):
    """
    One message of one event to one person on one channel: sent at most once.

    pending → sending → sent | failed | uncertain. `sending` is committed before the channel is
    called, so a redelivered or duplicate task never sends again; a delivery left `sending` by a
    worker that died is marked uncertain for staff to check and resend, never resent by itself.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")
        UNCERTAIN = "uncertain", _("Tidak pasti")

    event = models.ForeignKey(
        Event, verbose_name=_("kejadian"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("saluran"), max_length=20)
    # Who, as a stable key: "user:12", "email:rina@contoh.test" (a guest buyer), "member:7".
    recipient_key = models.CharField(_("penerima"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun penerima"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_deliveries",
    )
    address = models.CharField(_("alamat"), max_length=254, blank=True)
    audience = models.CharField(_("sebagai"), max_length=10)
    # The message as rendered when the event was dispatched: what was (or will be) sent.
    subject = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi pesan"))
    path = models.CharField(_("tautan"), max_length=300, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    # The email's Message-ID, written before it is handed to the mail server: staff look it up in
    # the server's log to settle an "uncertain" delivery.
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("dicoba lagi"), default=timezone.now)
    sending_since = models.DateTimeField(_("mulai dikirim"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    resent_by = actor_field(_("dikirim ulang oleh"))
    resent_at = models.DateTimeField(_("dikirim ulang"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pengiriman notifikasi")
        verbose_name_plural = _("pengiriman notifikasi")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The unique key of a send: a retried, redelivered or duplicated task finds this row.
            models.UniqueConstraint(
                fields=["event", "channel", "recipient_key"], name="delivery_once_per_event_recipient_channel"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_delivery_due"),
            models.Index(fields=["status", "sending_since"], name="notif_delivery_sending"),
        ]

    def __str__(self):
        return f"{self.event} → {self.recipient_key} ({self.channel})"


class Notification(models.Model):
    """A message in a person's in-app inbox (the bell on the dashboard)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # One in-app delivery makes exactly one notification (created in the same transaction).
    delivery = models.OneToOneField(
        Delivery,
        verbose_name=_("pengiriman"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notification",
    )
    kind = models.CharField(_("jenis"), max_length=30)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    path = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notif_inbox"),
            # The bell's count on every dashboard page: an index of the unread ones only.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notif_unread"),
        ]

    def __str__(self):
        return self.title

    @property
    def kind_label(self) -> str:
        return registry.label(self.kind)

    @property
    def is_unread(self):
        return self.read_at is None


class OptOut(models.Model):
    """
    A person does not want one topic's messages on one channel: chosen on her preference page or
    by an email's unsubscribe link. No row: she gets them (the default for every optional topic).
    """

    # The recipient's stable key ("user:12", or "email:…" for a guest who unsubscribed by link).
    recipient_key = models.CharField(_("penerima"), max_length=120)
    # Set for an account, so that deleting the account deletes her choices with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_opt_outs",
    )
    topic = models.CharField(_("topik"), max_length=30)
    channel = models.CharField(_("saluran"), max_length=20)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("berhenti berlangganan")
        verbose_name_plural = _("berhenti berlangganan")
        constraints = [
            models.UniqueConstraint(fields=["recipient_key", "topic", "channel"], name="opt_out_once"),
        ]

    def __str__(self):
        return f"{self.recipient_key}: {self.topic} ({self.channel})"
