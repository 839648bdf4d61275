"""
The numbers of the donors' reports, by plain ORM aggregation.

A sale is what orders define (OrderQuerySet.counted_as_sales): an order paid
(transfer/QRIS confirmed) or, for COD and pay-at-pickup, completed; counted in the month of its
`counted_at`, in Western Indonesian Time. Sales per village and income per member are sums of the
ledger (ledger.models.Entry), which records that moment: an order cancelled or refunded after it
was counted is taken off in the month of the cancellation, by entries mirroring the sale. Product
revenue is the items' total; the delivery fee is reported apart, and the kode unik never counts.
Top products and active members read the orders still counted.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField, Exists, F, Max, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from ledger.models import Entry
from members.models import MemberProfile
from orders.models import Order, OrderItem
from products.models import Product


@dataclass(frozen=True)
class ReportRange:
    """The days a report covers, both included (local dates), and optionally one village."""

    start: date
    end: date
    shop: object | None = None

    @classmethod
    def this_year(cls, today: date | None = None) -> "ReportRange":
        today = today or timezone.localdate()
        return cls(date(today.year, 1, 1), date(today.year, 12, 31))

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_before(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def months(self) -> list[date]:
        """The first day of every month the range touches, in order."""
        months, current = [], self.start.replace(day=1)
        while current <= self.end:
            months.append(current)
            current = (current + timedelta(days=32)).replace(day=1)
        return months


def sales_in(rng: ReportRange) -> QuerySet[Order]:
    """The orders that count as sales in the range (and village)."""
    orders = Order.objects.counted_as_sales().filter(
        counted_at__gte=rng.starts_at, counted_at__lt=rng.ends_before
    )
    if rng.shop is not None:
        orders = orders.filter(shop=rng.shop)
    return orders


def _month(expression: str) -> TruncMonth:
    # Truncated in the current time zone (Asia/Jakarta): a sale at 00:30 WIB on 1 March is March's.
    return TruncMonth(expression, output_field=DateField())


# ------------------------------------------------------------------------------------------------
# Per village per month
# ------------------------------------------------------------------------------------------------
@dataclass
class VillageMonth:
    month: date
    shop_id: int
    shop_name: str
    orders: int = 0
    items: int = 0
    product_revenue: int = 0
    delivery_fees: int = 0


@dataclass
class Totals:
    orders: int = 0
    items: int = 0
    product_revenue: int = 0
    delivery_fees: int = 0


def _entries_in(rng: ReportRange) -> QuerySet[Entry]:
    """The ledger's entries booked in the range (and village): sales and their reversals, fees."""
    entries = Entry.objects.filter(booked_at__gte=rng.starts_at, booked_at__lt=rng.ends_before)
    if rng.shop is not None:
        entries = entries.filter(shop=rng.shop)
    return entries


def _net_count(field: str, kind: str, *, distinct: bool = False):
    """Originals minus reversals: an order cancelled after counting leaves in the cancellation's month."""
    return Count(field, filter=Q(kind=kind, reverses__isnull=True), distinct=distinct) - Count(
        field, filter=Q(kind=kind, reverses__isnull=False), distinct=distinct
    )


def village_sales_by_month(*, rng: ReportRange) -> list[VillageMonth]:
    """Orders, items sold, product revenue and delivery fees per village and month (the ledger, one query)."""
    rows = (
        _entries_in(rng)
        .exclude(kind=Entry.Kind.PAYOUT)
        .values("month", "shop_id", shop_name=F("shop__name"))
        .annotate(
            orders=_net_count("pk", Entry.Kind.ORDER),
            items=Sum("quantity", default=0),
            product_revenue=Sum("line_total", default=0),
            delivery_fees=Sum("delivery_fee", default=0),
        )
        .order_by("month", "shop_name")
    )
    result = [VillageMonth(**row) for row in rows]
    # A month whose only order was counted and cancelled within it nets to nothing: no row.
    return [r for r in result if r.orders or r.items or r.product_revenue or r.delivery_fees]


def totals_of(rows: list[VillageMonth]) -> Totals:
    totals = Totals()
    for row in rows:
        totals.orders += row.orders
        totals.items += row.items
        totals.product_revenue += row.product_revenue
        totals.delivery_fees += row.delivery_fees
    return totals


# ------------------------------------------------------------------------------------------------
# Per member, top products
# ------------------------------------------------------------------------------------------------
@dataclass
class MemberIncome:
    member_id: int | None
    name: str
    shop_name: str
    orders: int
    items: int
    income: int


def member_income(*, rng: ReportRange) -> list[MemberIncome]:
    """What each member made and sold in the range, highest income first, from the ledger (one query)."""
    rows = (
        _entries_in(rng)
        .filter(kind=Entry.Kind.SALE)
        # The village's own lines have no maker: no name (NULL) becomes "".
        .values("member_id", name=Coalesce("member__display_name", Value("")), shop_name=F("shop__name"))
        .annotate(
            orders=_net_count("order", Entry.Kind.SALE, distinct=True),
            items=Sum("quantity"),
            income=Sum("line_total"),
        )
        .order_by("-income", "member__display_name", "shop_name")
    )
    return [MemberIncome(**row) for row in rows if row["orders"] or row["items"] or row["income"]]


@dataclass
class ProductSales:
    rank: int
    product_id: int | None
    name: str
    shop_name: str
    orders: int
    items: int
    revenue: int


def top_products(*, rng: ReportRange, limit: int | None = None) -> list[ProductSales]:
    """Products by units sold in the range, then by revenue; all of them unless `limit`."""
    rows = (
        OrderItem.objects.filter(order__in=sales_in(rng))
        .values("product_id", shop_name=F("order__shop__name"))
        .annotate(
            name=Max("product_name"),
            orders=Count("order", distinct=True),
            items=Sum("quantity"),
            revenue=Sum("line_total"),
        )
        .order_by("-items", "-revenue", "name", "product_id")
    )
    if limit is not None:
        rows = rows[:limit]
    return [ProductSales(rank=rank, **row) for rank, row in enumerate(rows, start=1)]


# ------------------------------------------------------------------------------------------------
# Active members
# ------------------------------------------------------------------------------------------------
@dataclass
class VillageActivity:
    shop_id: int
    shop_name: str
    approved: int
    with_sales: int
    listed: int
    active: int


def active_members(*, rng: ReportRange) -> list[VillageActivity]:
    """
    Per village: approved members, members with a sale in the range (of what they made), members
    who published a product in the range, and active members (either of the two). One query.
    """
    sold = OrderItem.objects.filter(order__in=sales_in(rng), made_by=OuterRef("pk"))
    listed = Product.objects.filter(
        made_by=OuterRef("pk"), published_at__gte=rng.starts_at, published_at__lt=rng.ends_before
    )
    members = MemberProfile.objects.all()
    if rng.shop is not None:
        members = members.filter(shop=rng.shop)
    rows = (
        members.values("shop_id", shop_name=F("shop__name"))
        .annotate(
            approved=Count("pk", filter=Q(status=MemberProfile.Status.APPROVED)),
            with_sales=Count("pk", filter=Q(Exists(sold))),
            listed=Count("pk", filter=Q(Exists(listed))),
            active=Count("pk", filter=Q(Exists(sold)) | Q(Exists(listed))),
        )
        .order_by("shop_name")
    )
    return [VillageActivity(**row) for row in rows]


# ------------------------------------------------------------------------------------------------
# Balances owed to members and the villages' kas (the ledger)
# ------------------------------------------------------------------------------------------------
@dataclass
class VillageBalance:
    shop_id: int
    shop_name: str
    sales: int
    members_share: int
    kas: int
    paid_out: int
    owed: int
    delivery_fees: int
    unique_codes: int


def _ledger_until(rng: ReportRange) -> tuple[QuerySet[Entry], Q]:
    """Entries up to the range's end (balances are as of that day), and the filter of the range itself."""
    entries = Entry.objects.filter(booked_at__lt=rng.ends_before)
    if rng.shop is not None:
        entries = entries.filter(shop=rng.shop)
    return entries, Q(booked_at__gte=rng.starts_at)


def village_balances(*, rng: ReportRange) -> list[VillageBalance]:
    """
    Per village, in the range: sales, the members' share, the kas, payouts to members, delivery
    fees and kode unik; and what the village still owes its members at the range's end. One query.
    """
    entries, in_range = _ledger_until(rng)
    sale, payout = Q(kind=Entry.Kind.SALE), Q(kind=Entry.Kind.PAYOUT)
    rows = (
        entries.values("shop_id", shop_name=F("shop__name"))
        .annotate(
            sales=Sum("line_total", filter=in_range, default=0),
            members_share=Sum("amount", filter=in_range & sale, default=0),
            kas=Sum("kas", filter=in_range, default=0),
            paid_out=-Sum("amount", filter=in_range & payout, default=0),
            owed=Sum("amount", filter=Q(member__isnull=False), default=0),
            delivery_fees=Sum("delivery_fee", filter=in_range, default=0),
            unique_codes=Sum("unique_code", filter=in_range, default=0),
        )
        .order_by("shop_name")
    )
    return [VillageBalance(**row) for row in rows]


@dataclass
class MemberBalance:
    member_id: int
    name: str
    shop_name: str
    earned: int
    paid_out: int
    owed: int


def member_balances(*, rng: ReportRange) -> list[MemberBalance]:
    """Per member: earned and paid in the range, and owed at the range's end; most owed first. One query."""
    entries, in_range = _ledger_until(rng)
    rows = (
        entries.filter(member__isnull=False)
        .values("member_id", name=F("member__display_name"), shop_name=F("shop__name"))
        .annotate(
            earned=Sum("amount", filter=in_range & Q(kind=Entry.Kind.SALE), default=0),
            paid_out=-Sum("amount", filter=in_range & Q(kind=Entry.Kind.PAYOUT), default=0),
            owed=Sum("amount", default=0),
        )
        .order_by("-owed", "name", "shop_name", "member_id")
    )
    return [MemberBalance(**row) for row in rows]
