"""
The reports keep today's figures: on demo data, the totals computed the old way (from the orders
counted as sales) equal the ledger's after the migration's backfill, and after the demo's own.
"""

import importlib
import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, DateField, Sum
from django.db.models.functions import TruncMonth

from ledger.models import Entry
from ledger.services import ledger_backfill
from orders.models import Order, OrderItem
from reports import selectors
from reports.selectors import ReportRange

pytestmark = pytest.mark.django_db
EVERYTHING = ReportRange(date(2000, 1, 1), date(2100, 12, 31))


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--quiet", "--orders", "400", stdout=io.StringIO())


def _old_village_rows():
    """The reports before the ledger: orders counted as sales, by the month of counted_at."""
    sales = Order.objects.counted_as_sales()
    month = TruncMonth("counted_at", output_field=DateField())
    orders = (
        sales.annotate(month=month)
        .values("month", "shop__name")
        .annotate(n=Count("pk"), revenue=Sum("items_total"), fees=Sum("delivery_fee"))
    )
    items = dict(
        ((r["month"], r["order__shop__name"]), r["q"])
        for r in OrderItem.objects.filter(order__in=sales)
        .annotate(month=TruncMonth("order__counted_at", output_field=DateField()))
        .values("month", "order__shop__name")
        .annotate(q=Sum("quantity"))
    )
    return sorted(
        (r["month"], r["shop__name"], r["n"], items[(r["month"], r["shop__name"])], r["revenue"], r["fees"])
        for r in orders
    )


def _old_member_rows():
    rows = (
        OrderItem.objects.filter(order__in=Order.objects.counted_as_sales())
        .values("made_by__display_name", "order__shop__name")
        .annotate(n=Count("order", distinct=True), q=Sum("quantity"), income=Sum("line_total"))
    )
    return sorted(
        (r["made_by__display_name"] or "", r["order__shop__name"], r["n"], r["q"], r["income"]) for r in rows
    )


def _new_village_rows():
    return sorted(
        (r.month, r.shop_name, r.orders, r.items, r.product_revenue, r.delivery_fees)
        for r in selectors.village_sales_by_month(rng=EVERYTHING)
    )


def _new_member_rows():
    return sorted(
        (r.name, r.shop_name, r.orders, r.items, r.income) for r in selectors.member_income(rng=EVERYTHING)
    )


def test_the_reports_are_the_same_before_and_after_the_ledger_backfill(demo):
    before_villages, before_members = _old_village_rows(), _old_member_rows()
    assert len(before_villages) >= 4 and sum(r[4] for r in before_villages) > 0
    assert Order.objects.filter(status=Order.Status.CANCELLED, counted_at__isnull=False).exists()

    # the demo's own backfill (demo/volume.py) gives the same figures
    assert _new_village_rows() == before_villages
    assert _new_member_rows() == before_members

    # and so does the migration's, from an empty ledger
    Entry.objects.all().delete()
    assert _new_village_rows() == []
    migration = importlib.import_module("ledger.migrations.0002_backfill_counted_orders")
    migration.backfill(apps, None)
    assert _new_village_rows() == before_villages
    assert _new_member_rows() == before_members
    assert Entry.objects.filter(kind=Entry.Kind.ORDER).count() == Order.objects.counted_as_sales().count()
    # a second backfill finds nothing to add
    assert ledger_backfill(orders=Order.objects.all()) == 0
