"""Reads of the ledger: a member's income and payouts, a village's balances and kas (fixed query counts)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from members.models import MemberProfile

from .models import Entry, KasRate, Payout

SALE = Q(kind=Entry.Kind.SALE)
PAID = Q(kind=Entry.Kind.PAYOUT)


@dataclass
class Income:
    this_month: int
    earned: int
    paid: int

    @property
    def owed(self) -> int:
        return self.earned - self.paid


def _income(entries) -> Income:
    month = timezone.localdate().replace(day=1)
    sums = entries.aggregate(
        this_month=Sum("amount", filter=SALE & Q(month=month), default=0),
        earned=Sum("amount", filter=SALE, default=0),
        paid=Sum("amount", filter=PAID, default=0),
    )
    return Income(this_month=sums["this_month"], earned=sums["earned"], paid=-sums["paid"])


def member_income(*, member: MemberProfile) -> Income:
    """What she earned (after kas, cancellations taken off), this month and in all, and what she was paid."""
    return _income(Entry.objects.filter(member=member))


def member_income_by_month(*, member: MemberProfile) -> QuerySet:
    """Her earnings per month (WIB), newest first: month, items, earned."""
    return (
        Entry.objects.filter(SALE, member=member)
        .values("month")
        .annotate(items=Sum("quantity"), earned=Sum("amount"))
        .order_by("-month")
    )


def member_income_by_product(*, member: MemberProfile) -> QuerySet:
    """Her earnings per product (by its name at the sale), highest first."""
    return (
        Entry.objects.filter(SALE, member=member)
        .values("product_name")
        .annotate(items=Sum("quantity"), earned=Sum("amount"))
        .order_by("-earned", "product_name")
    )


def payout_list_for_member(*, member: MemberProfile) -> QuerySet[Payout]:
    return Payout.objects.filter(member=member).order_by("-paid_on", "-pk")


def payout_get_for_shop(*, shop, pk: int) -> Payout:
    return Payout.objects.select_related("member").get(shop=shop, pk=pk)


def village_balances(*, shop) -> QuerySet[MemberProfile]:
    """
    The village's members who are owed or ever earned, with earned, paid and balance: approved
    members, members without an account, and deleted members (anonymised) whose balance stays owed.
    """
    return (
        MemberProfile.objects.filter(shop=shop)
        .filter(Q(status=MemberProfile.Status.APPROVED) | Q(ledger_entries__isnull=False))
        .annotate(
            earned=Sum("ledger_entries__amount", filter=Q(ledger_entries__kind=Entry.Kind.SALE), default=0),
            paid_out=-Sum(
                "ledger_entries__amount", filter=Q(ledger_entries__kind=Entry.Kind.PAYOUT), default=0
            ),
            balance=Sum("ledger_entries__amount", default=0),
        )
        .order_by("-balance", "display_name", "pk")
    )


def village_kas(*, shop) -> dict:
    """The village's kas, delivery fees and kode unik over all time."""
    return Entry.objects.filter(shop=shop).aggregate(
        kas=Sum("kas", default=0),
        delivery_fees=Sum("delivery_fee", default=0),
        unique_codes=Sum("unique_code", default=0),
    )


def kas_history(*, shop) -> QuerySet[KasRate]:
    return KasRate.objects.filter(shop=shop).order_by("-set_at", "-pk")


def recent_payouts(*, shop, limit: int = 20) -> QuerySet[Payout]:
    return Payout.objects.filter(shop=shop).select_related("member").order_by("-paid_on", "-pk")[:limit]
