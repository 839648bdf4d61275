"""
What the ledger tells through the notifications engine: a member that her ketua recorded a payout
to her, so she checks the amount and confirms she received it on "Penghasilan saya".
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.money import rupiah
from members.notifications import MEMBER, member_recipient
from notifications import registry
from notifications.messages import compose
from notifications.services import event_record

from .models import Payout


class LedgerKind(models.TextChoices):
    PAYOUT_RECORDED = "payout_recorded", gettext_lazy("Pembayaran dari desa dicatat")


def notify_payout_recorded(*, payout: Payout):
    """She is told (inside the payout's transaction; sent once it commits)."""
    return event_record(LedgerKind.PAYOUT_RECORDED, subject=payout)


def _load(pk: int) -> Payout | None:
    return Payout.objects.select_related("member__user", "shop").filter(pk=pk).first()


def _recipients(event, payout: Payout):
    return [member_recipient(payout.member, MEMBER)]


def _message(event, payout: Payout, recipient):
    return compose(
        "ledger/notifications/payout_recorded.txt",
        {"payout": payout, "amount": rupiah(payout.amount), "shop": payout.shop},
        subject=gettext_lazy("Desa %(shop)s mencatat pembayaran %(amount)s untuk Anda")
        % {"shop": payout.shop.name, "amount": rupiah(payout.amount)},
        path=reverse("ledger:income"),
    )


def register() -> None:
    """Called from LedgerConfig.ready()."""
    registry.register(LedgerKind, recipients=_recipients, message=_message, load=_load)
