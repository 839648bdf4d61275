"""
Writes of notifications: recording what happened, dispatching it to people, sending, the relay.

How nothing is lost and nothing is sent twice:

1. `event_record` (called by the domain apps' `notify_*`) stores an Event in the caller's
   transaction (the outbox) and, once that commits, enqueues its dispatch. Enqueueing never
   raises into the caller: with the broker down the event simply waits for the relay.
2. `event_dispatch` (a task) creates one Delivery per recipient and channel under a unique
   constraint, marks the event dispatched, and enqueues each send. Run twice, it creates nothing new.
3. `delivery_send` (a task) claims a pending delivery by committing `sending` before calling the
   channel; a second task for it finds it claimed and does nothing. Sure failures are retried with
   backoff a bounded number of times; a send that may have happened becomes `uncertain`.
4. `outbox_relay` (Celery beat, every minute) dispatches events left undispatched, re-enqueues
   pending deliveries whose task was lost, and marks `uncertain` what a dead worker left `sending`.
   Staff see failed and uncertain deliveries in the admin and may resend them (`delivery_resend`).
"""

import logging
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from kombu.exceptions import OperationalError as BrokerUnreachable

from core.access import is_staff_with

from . import channels, registry
from .channels import PermanentError, RetryableError
from .exceptions import NotResendable
from .messages import render
from .models import Delivery, Event, Notification, OptOut
from .recipients import recipients_for
from .selectors import opted_out, unsubscribe_link_read

logger = logging.getLogger(__name__)

S = Delivery.Status
# Attempts of a send that surely failed, and the waits between them (seconds): ~40 minutes in all,
# well below the broker's visibility timeout, so a waiting retry is never handed out twice.
MAX_ATTEMPTS = 5
RETRY_DELAYS = (30, 120, 600, 1800)
# A task may arrive a little before the retry time it was scheduled for (clocks of two machines).
EARLY_TOLERANCE = timedelta(seconds=5)


def _tasks():
    from . import tasks  # tasks import this module

    return tasks


# Once the broker could not be reached, this process stops trying for a while (the relay sends
# what waits), so that during an outage a checkout does not wait for the broker's connection
# timeout once per event.
BROKER_RETRY_AFTER = 10.0
_broker_down_until = 0.0


def _enqueue(task, *args, countdown=None) -> bool:
    """Hand `task` to the broker; False (logged) instead of an error when it cannot be reached."""
    global _broker_down_until
    eager = task.app.conf.task_always_eager
    if not eager and time.monotonic() < _broker_down_until:
        return False
    try:
        task.apply_async(args=args, countdown=countdown)
    except BrokerUnreachable as exc:
        if not eager:
            _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
        logger.warning(
            "notification task %s%s not enqueued, broker unreachable (%s); the outbox relay will send it",
            task.name,
            args,
            exc,
        )
        return False
    except Exception:
        # Run eagerly (make run), the task itself failed: the request goes on regardless.
        logger.exception("notification task %s%s failed; the outbox relay will try again", task.name, args)
        return False
    return True


def _enqueue_all(task, ids) -> None:
    for pk in ids:
        _enqueue(task, pk)


# ------------------------------------------------------------------------------------------------
# Recording what happened (called by the domain apps' notifications modules)
# ------------------------------------------------------------------------------------------------
def event_record(kind: str, *, subject=None, payload=None, key=None) -> Event:
    """
    Store an event of a registered `kind` about `subject` (any model instance) in the current
    transaction; its dispatch is enqueued once that commits. Call it inside the transaction of the
    change itself, so both commit or neither does. Raises UnknownKind for an unregistered kind, and
    IntegrityError when `key` (an event that must happen once at most) is already taken.
    """
    registry.kind(kind)
    event = Event.objects.create(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(type(subject)) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        payload=payload or {},
        key=key,
    )
    transaction.on_commit(partial(_enqueue, _tasks().dispatch_event, event.pk), robust=True)
    return event


# ------------------------------------------------------------------------------------------------
# Dispatching: one delivery per recipient and channel
# ------------------------------------------------------------------------------------------------
def event_dispatch(*, event_id: int) -> list[int]:
    """
    Create the deliveries of an event once and enqueue them after commit; returns their ids.

    Idempotent: an event already dispatched (by the task or the relay) creates and enqueues nothing.
    Locks the event's row, so two dispatches of one event run one after the other. Raises
    UnknownKind (nothing changed; the relay tries again) when no installed app registered its kind.
    """
    now = timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update(of=("self",)).filter(pk=event_id).first()
        if event is None or event.dispatched_at is not None:
            return []
        rows = []
        enabled = channels.enabled()
        spec = registry.kind(event.kind)
        subject = _subject(event, spec)
        recipients = recipients_for(event, subject, spec)
        # What each recipient turned off for this kind's topic: one query per event, none for the
        # kinds that are always sent.
        topic = registry.optional_topic(event.kind)
        off = opted_out(recipient_keys=[r.key for r in recipients], topic=topic.name) if topic else set()
        for recipient in recipients:
            reachable = [(c, c.address_for(recipient)) for c in enabled if (recipient.key, c.name) not in off]
            reachable = [(c, address) for c, address in reachable if address is not None]
            if not reachable:
                continue  # e.g. a member without an account while only in-app and email are on,
                # or a buyer who turned this topic off everywhere
            message = render(event, subject, recipient, spec)
            rows += [
                Delivery(
                    event=event,
                    channel=channel.name,
                    recipient_key=recipient.key,
                    user=recipient.user,
                    address=address,
                    audience=recipient.audience,
                    subject=message.subject,
                    body=message.body,
                    path=message.path,
                    next_attempt_at=now,
                )
                for channel, address in reachable
            ]
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        event.dispatched_at = now
        event.save(update_fields=["dispatched_at"])
        ids = list(event.deliveries.filter(status=S.PENDING).order_by("pk").values_list("pk", flat=True))
        transaction.on_commit(partial(_enqueue_all, _tasks().send_delivery, ids), robust=True)
    return ids


def _subject(event: Event, spec):
    """What `event` is about, through its kind's loader; None when it has none or it was deleted."""
    if event.subject_id is None:
        return None
    if spec.load is not None:
        return spec.load(event.subject_id)
    return event.subject


# ------------------------------------------------------------------------------------------------
# Sending one delivery, at most once
# ------------------------------------------------------------------------------------------------
def delivery_send(*, delivery_id: int) -> str:
    """
    Send a pending delivery through its channel; returns its status afterwards.

    A delivery that is not pending (sent, being sent by another task, failed, uncertain) is left
    as it is: that is what makes a duplicate or redelivered task harmless.
    """
    delivery = Delivery.objects.select_related("event").filter(pk=delivery_id).first()
    if delivery is None:
        return "missing"
    if delivery.status != S.PENDING:
        if delivery.status == S.SENDING:
            deliveries_mark_stale(pks=[delivery_id])
        return Delivery.objects.values_list("status", flat=True).get(pk=delivery_id)
    try:
        channel = channels.named(delivery.channel)
    except PermanentError as exc:
        Delivery.objects.filter(pk=delivery_id, status=S.PENDING).update(
            status=S.FAILED, last_error=str(exc), updated_at=timezone.now()
        )
        return S.FAILED
    if channel.transactional:
        return _send_in_transaction(channel, delivery_id)

    now = timezone.now()
    # Marked before its send: once this commits, no other task will send this delivery.
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=S.PENDING, next_attempt_at__lte=now + EARLY_TOLERANCE
    ).update(status=S.SENDING, sending_since=now, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        return Delivery.objects.values_list("status", flat=True).get(pk=delivery_id)
    delivery.refresh_from_db()
    try:
        channel.send(delivery)
    except RetryableError as exc:
        return _after_sure_failure(delivery, str(exc), retryable=True, from_status=S.SENDING)
    except PermanentError as exc:
        return _after_sure_failure(delivery, str(exc), retryable=False, from_status=S.SENDING)
    except Exception as exc:
        # It may have gone out before the error: uncertain, for staff to decide; never sent again here.
        logger.exception("notification delivery %s: send interrupted, marked uncertain", delivery_id)
        Delivery.objects.filter(pk=delivery_id, status=S.SENDING).update(
            status=S.UNCERTAIN, last_error=f"{exc.__class__.__name__}: {exc}", updated_at=timezone.now()
        )
        return S.UNCERTAIN
    # Sent: even if the relay meanwhile took a slow send for a dead one (uncertain), it is sent.
    Delivery.objects.filter(pk=delivery_id, status__in=[S.SENDING, S.UNCERTAIN]).update(
        status=S.SENT, sent_at=timezone.now(), updated_at=timezone.now()
    )
    return S.SENT


def _send_in_transaction(channel, delivery_id: int) -> str:
    """A database-only channel: the send and `sent` commit together, so it happens exactly once."""
    try:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(of=("self",)).select_related("event").get(pk=delivery_id)
            )
            if delivery.status != S.PENDING:
                return delivery.status
            channel.send(delivery)
            delivery.status = S.SENT
            delivery.sent_at = timezone.now()
            delivery.attempts += 1
            delivery.save(update_fields=["status", "sent_at", "attempts", "updated_at"])
            return S.SENT
    except Exception as exc:
        # Rolled back, so surely not delivered: tried again later like a refused connection.
        logger.exception("notification delivery %s: in-app delivery failed", delivery_id)
        Delivery.objects.filter(pk=delivery_id, status=S.PENDING).update(attempts=F("attempts") + 1)
        delivery = Delivery.objects.get(pk=delivery_id)
        return _after_sure_failure(
            delivery, f"{exc.__class__.__name__}: {exc}", retryable=True, from_status=S.PENDING
        )


def _after_sure_failure(delivery: Delivery, error: str, *, retryable: bool, from_status: str) -> str:
    """Not sent: try again after a wait while attempts remain, else failed (staff may resend)."""
    now = timezone.now()
    if retryable and delivery.attempts < MAX_ATTEMPTS:
        delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
        updated = Delivery.objects.filter(pk=delivery.pk, status=from_status).update(
            status=S.PENDING,
            next_attempt_at=now + timedelta(seconds=delay),
            sending_since=None,
            last_error=error,
            updated_at=now,
        )
        if updated:
            _enqueue(_tasks().send_delivery, delivery.pk, countdown=delay)
        return S.PENDING
    Delivery.objects.filter(pk=delivery.pk, status=from_status).update(
        status=S.FAILED, sending_since=None, last_error=error, updated_at=now
    )
    return S.FAILED


def deliveries_mark_stale(*, now=None, pks=None) -> int:
    """
    Mark `uncertain` the deliveries left `sending` longer than NOTIFICATION_SENDING_TIMEOUT: their
    worker died mid-send, so nobody knows whether they went out. Never resent automatically.
    """
    now = now or timezone.now()
    stale = Delivery.objects.filter(
        status=S.SENDING,
        sending_since__lt=now - timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT),
    )
    if pks is not None:
        stale = stale.filter(pk__in=pks)
    return stale.update(
        status=S.UNCERTAIN,
        last_error=_(
            "Pengiriman terputus (pekerja berhenti di tengah pengiriman): tidak diketahui apakah "
            "pesan sampai. Periksa, lalu kirim ulang bila perlu."
        ),
        updated_at=now,
    )


def outbox_relay(*, now=None) -> dict:
    """
    What the periodic relay does: dispatch events older than NOTIFICATION_RELAY_AFTER seconds
    that were never dispatched (the broker was down), re-enqueue pending deliveries whose task
    was lost, and mark stale sends uncertain. Returns the counts, for the log.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFICATION_RELAY_AFTER)
    dispatched = 0
    waiting = Event.objects.filter(dispatched_at__isnull=True, created_at__lte=cutoff).order_by("pk")
    for pk in list(waiting.values_list("pk", flat=True)[:500]):
        try:
            event_dispatch(event_id=pk)
        except Exception:
            # One broken event must not hold back the others; it is logged and tried next time.
            logger.exception("notification event %s could not be dispatched", pk)
            continue
        dispatched += 1
    uncertain = deliveries_mark_stale(now=now)
    lost = Delivery.objects.filter(status=S.PENDING, next_attempt_at__lte=cutoff).order_by("pk")
    requeued = sum(_enqueue(_tasks().send_delivery, pk) for pk in lost.values_list("pk", flat=True)[:500])
    return {"dispatched": dispatched, "requeued": requeued, "uncertain": uncertain}


def delivery_resend(*, delivery: Delivery, by) -> Delivery:
    """
    Staff send a failed or uncertain delivery again, having checked it did not arrive.

    Raises PermissionDenied unless `by` is staff allowed to change deliveries, NotResendable for
    any other status. Locks the delivery's row; the send is enqueued after commit.
    """
    if not is_staff_with(by, "notifications.change_delivery"):
        raise PermissionDenied
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if locked.status not in (S.FAILED, S.UNCERTAIN):
            raise NotResendable(
                _("Hanya pengiriman yang gagal atau tidak pasti yang bisa dikirim ulang (%(status)s).")
                % {"status": locked.get_status_display()}
            )
        now = timezone.now()
        locked.status = S.PENDING
        locked.attempts = 0
        locked.next_attempt_at = now
        locked.sending_since = None
        locked.resent_by = by
        locked.resent_at = now
        locked.save()
        transaction.on_commit(partial(_enqueue, _tasks().send_delivery, locked.pk), robust=True)
    return locked


# ------------------------------------------------------------------------------------------------
# The inbox
# ------------------------------------------------------------------------------------------------
def notification_mark_read(*, user, pk: int) -> Notification:
    """Mark one of `user`'s notifications read; Notification.DoesNotExist for anyone else's."""
    notification = Notification.objects.get(user=user, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# ------------------------------------------------------------------------------------------------
# What a person chooses to receive
# ------------------------------------------------------------------------------------------------
def user_key(user) -> str:
    """The recipient key every app gives an account holder (see recipients.Recipient.key)."""
    return f"user:{user.pk}"


def preferences_save(*, user, wanted: dict[str, set[str]]) -> int:
    """
    Store `user`'s choices: {optional topic: channels she wants}. What she leaves out of an
    optional topic becomes an opt-out; mandatory and unknown topics are ignored. Returns how many
    topic–channel pairs are now off.
    """
    key = user_key(user)
    names = [c.name for c in channels.enabled()]
    rows = [
        OptOut(recipient_key=key, user=user, topic=topic.name, channel=channel)
        for topic in registry.topics()
        if not topic.mandatory
        for channel in names
        if channel not in wanted.get(topic.name, set())
    ]
    with transaction.atomic():
        OptOut.objects.filter(recipient_key=key, channel__in=names).delete()
        OptOut.objects.bulk_create(rows)
    return len(rows)


def unsubscribe_by_token(*, token: str) -> registry.Topic:
    """
    Turn off email for the person and topic a link names (no login: the signature is the proof).
    Idempotent. Raises BadUnsubscribeLink for a forged, damaged or outdated (topic gone) token.
    """
    recipient_key, topic = unsubscribe_link_read(token=token)
    kind, _sep, ident = recipient_key.partition(":")
    user_id = int(ident) if kind == "user" and ident.isdigit() else None
    if user_id is not None and not get_user_model().objects.filter(pk=user_id).exists():
        user_id = None  # her account was deleted since: nothing left to send to
    OptOut.objects.get_or_create(
        recipient_key=recipient_key, topic=topic.name, channel="email", defaults={"user_id": user_id}
    )
    return topic


def personal_data_erase(user) -> None:
    """
    Delete `user`'s inbox and the deliveries addressed to her account (UU PDP: her account is being
    deleted). Runs inside the deletion's transaction. The events stay: they are about orders and
    products; an app whose object is about her blanks its events with `event_payloads_erase`.
    """
    Notification.objects.filter(user=user).delete()
    Delivery.objects.filter(user=user).delete()
    OptOut.objects.filter(recipient_key=user_key(user)).delete()


def event_payloads_erase(*, subject) -> int:
    """Blank the payload of every event about `subject` (a person's record being anonymised)."""
    return Event.objects.about(subject).exclude(payload={}).update(payload={})


ERASED_BODY = gettext_noop("(Isi pesan ini dihapus: orang yang disebut di dalamnya menghapus akunnya.)")


def event_messages_erase(*, subject) -> int:
    """
    Blank the stored message of every delivery and inbox notification about `subject` (a person's
    record or an order of hers being anonymised): the names, phone numbers, stories and addresses
    rendered into them go. Returns how many deliveries were blanked.
    """
    events = Event.objects.about(subject)
    Notification.objects.filter(delivery__event__in=events).update(body=ERASED_BODY)
    return Delivery.objects.filter(event__in=events).update(body=ERASED_BODY)
