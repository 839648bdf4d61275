"""
The reports' totals equal sums computed here, independently, from a generated set of orders.

Orders are placed and moved by the real services (order_place, order_transition,
order_expire_unpaid) across three villages, every month of 2024 and every fate: paid, completed
COD, paid then cancelled (refunded), expired, cancelled, unpaid, COD not yet completed. The month an
order counted in is then set with .update(). The expectations below are summed from what this file
asked for (prices × quantities, the delivery fees the villages charge), not from the database.
"""

import csv
import io
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.money import rupiah
from ledger.models import Entry
from members.models import MemberProfile
from orders.models import Order
from orders.services import Actor, ShopChoice, order_expire_unpaid, order_place, order_transition
from products.models import Product
from reports import selectors
from reports.selectors import ReportRange
from tests.factories import MemberFactory, ProductFactory, UserFactory, verified
from tests.orders.helpers import BUYER, configured_village

pytestmark = pytest.mark.django_db
S, D, P = Order.Status, Order.Delivery, Order.Payment
VILLAGE = Actor("village", "Bu Ketua")
YEAR = 2024
RANGE = f"dari={YEAR}-01-01&sampai={YEAR}-12-31"
# What the villages of tests.orders.helpers.configured_village charge a buyer in Kabupaten Jember.
FEES = {D.COURIER: 10000, D.LOCAL: 5000, D.PICKUP: 0}
COUNTED_FATES = {"paid", "paid_shipped_completed", "cod_completed"}


def wib(*args) -> datetime:
    return timezone.make_aware(datetime(*args))  # the current time zone: Asia/Jakarta


@dataclass
class Expected:
    village_month: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))
    member: dict = field(default_factory=lambda: defaultdict(lambda: [set(), 0, 0]))
    product: dict = field(default_factory=lambda: defaultdict(lambda: [set(), 0, 0]))
    sellers: dict = field(default_factory=lambda: defaultdict(set))
    listed: dict = field(default_factory=lambda: defaultdict(set))
    approved: dict = field(default_factory=dict)
    unique_codes: int = 0


def _fate(order, fate):
    """Take a placed order where its fate says, through the services."""
    steps = {
        "paid": [S.PAID],
        "paid_shipped_completed": [S.PAID, S.PACKED, S.SHIPPED],
        "paid_cancelled": [S.PAID, S.CANCELLED],
        "cod_completed": [
            S.PACKED,
            S.READY_FOR_PICKUP if order.delivery_method == D.PICKUP else S.SHIPPED,
            S.COMPLETED,
        ],
        "cod_processing": [],
        "cancelled": [S.CANCELLED],
        "unpaid": [],
        "expired": [],
    }[fate]
    for to in steps:
        order = order_transition(order=order, to=to, actor=VILLAGE, note="alasan", tracking_number="JNE1")
    if fate == "paid_shipped_completed":
        order = order_transition(order=order, to=S.COMPLETED, actor=Actor("buyer", "Pembeli"))
    if fate == "expired":
        Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    return order


@pytest.fixture
def market():
    rng = random.Random(20240601)
    expected = Expected()
    shops = [configured_village(slug) for slug in ("sabrang", "wonoasri", "ambulu")]
    products = {}
    for shop in shops:
        makers = [MemberFactory(shop=shop, display_name=f"{shop.name} Pembuat {i}") for i in range(3)]
        MemberFactory(shop=shop, display_name=f"{shop.name} Menunggu", status=MemberProfile.Status.PENDING)
        expected.approved[shop.name] = 3
        products[shop.pk] = [
            ProductFactory(
                shop=shop, made_by=makers[i % 2], name=f"Produk {shop.name} {i}", price=price, stock=10_000
            )
            for i, price in enumerate((12500, 7000, 33000, 18500))
        ]
        # the third maker only lists a product in 2024 (active without a sale)
        listed = ProductFactory(shop=shop, made_by=makers[2], name=f"Baru {shop.name}", price=9000, stock=5)
        Product.objects.filter(shop=shop).update(published_at=wib(YEAR - 1, 6, 1, 9, 0))
        Product.objects.filter(pk=listed.pk).update(published_at=wib(YEAR, 2, 3, 9, 0))
        expected.listed[shop.name].add(makers[2].pk)

    fates = ["paid", "paid_shipped_completed", "paid_cancelled", "expired", "unpaid", "cod_completed",
             "cod_processing", "cancelled"]  # fmt: skip
    placed = []
    for n in range(56):
        fate = fates[n % len(fates)]
        cod = fate.startswith("cod") or (fate == "cancelled" and n % 2)
        shop = shops[n % len(shops)]
        delivery = rng.choice([D.PICKUP, D.LOCAL]) if cod else rng.choice([D.COURIER, D.LOCAL])
        lines = {p: rng.randint(1, 4) for p in rng.sample(products[shop.pk], rng.randint(1, 3))}
        checkout = order_place(
            token=uuid.uuid4().hex,
            lines={p.pk: q for p, q in lines.items()},
            buyer=BUYER,
            choices={shop.pk: ShopChoice(delivery, P.COD if cod else P.TRANSFER)},
        )
        order = _fate(checkout.orders.get(), fate)
        placed.append((order, fate, shop, lines, delivery))
    assert order_expire_unpaid() == sum(1 for _o, fate, *_ in placed if fate == "expired")

    # the month each order counted in (and was placed in): every month, and the edges of a month
    months = [wib(YEAR, (n % 12) + 1, 1 + n % 27, 10, 0) for n in range(len(placed))]
    months[0], months[1] = wib(YEAR, 3, 31, 23, 30), wib(YEAR, 4, 1, 0, 15)  # March, then April (WIB)
    months[2], months[3] = wib(YEAR - 1, 12, 31, 23, 59), wib(YEAR + 1, 1, 1, 0, 0, 30)  # outside 2024
    for (order, fate, shop, lines, delivery), when in zip(placed, months, strict=True):
        fresh = Order.objects.get(pk=order.pk)
        Order.objects.filter(pk=order.pk).update(
            created_at=when - timedelta(hours=3), counted_at=when if fresh.counted_at else None
        )
        local = timezone.localtime(when)
        # The ledger's entries of the order (its sale, and its reversal if cancelled) move with it.
        Entry.objects.filter(order=order).update(booked_at=when, month=date(local.year, local.month, 1))
        if fate not in COUNTED_FATES or local.year != YEAR:
            continue
        month = date(YEAR, local.month, 1)
        row = expected.village_month[(month, shop.name)]
        row[0] += 1
        row[1] += sum(lines.values())
        row[2] += sum(p.price * q for p, q in lines.items())
        row[3] += FEES[delivery]
        expected.unique_codes += fresh.unique_code
        for product, quantity in lines.items():
            maker = expected.member[(product.made_by.display_name, shop.name)]
            maker[0].add(order.pk), maker.__setitem__(1, maker[1] + quantity)
            maker[2] += product.price * quantity
            sold = expected.product[product.pk]
            sold[0].add(order.pk), sold.__setitem__(1, sold[1] + quantity)
            sold[2] += product.price * quantity
            expected.sellers[shop.name].add(product.made_by_id)
    assert expected.unique_codes > 0, "some counted transfers carry a kode unik, which must not count"
    statuses = set(Order.objects.values_list("status", flat=True))
    assert {S.CANCELLED, S.PAID, S.COMPLETED, S.AWAITING_PAYMENT, S.PROCESSING} <= statuses
    return expected


def village_rows(expected):
    return sorted([month, shop, *values] for (month, shop), values in expected.village_month.items())


def member_rows(expected):
    return sorted([name, shop, len(v[0]), v[1], v[2]] for (name, shop), v in expected.member.items())


def product_rows(expected):
    names = dict(Product.objects.values_list("pk", "name"))
    shops = dict(Product.objects.values_list("pk", "shop__name"))
    return sorted([names[pk], shops[pk], len(v[0]), v[1], v[2]] for pk, v in expected.product.items())


def active_rows(expected):
    return sorted(
        [shop, expected.approved[shop], len(expected.sellers[shop]), len(expected.listed[shop]),
         len(expected.sellers[shop] | expected.listed[shop])]
        for shop in expected.approved
    )  # fmt: skip


# ------------------------------------------------------------------------------------------------
# The selectors
# ------------------------------------------------------------------------------------------------
def test_the_selectors_equal_the_independent_sums(market):
    rng = ReportRange(date(YEAR, 1, 1), date(YEAR, 12, 31))

    rows = selectors.village_sales_by_month(rng=rng)
    assert sorted(
        [r.month, r.shop_name, r.orders, r.items, r.product_revenue, r.delivery_fees] for r in rows
    ) == village_rows(market)
    by_month = {(r.month, r.shop_name) for r in rows}
    assert (date(YEAR, 3, 1), "Sabrang") in by_month and (date(YEAR, 4, 1), "Wonoasri") in by_month

    members = selectors.member_income(rng=rng)
    assert sorted([m.name, m.shop_name, m.orders, m.items, m.income] for m in members) == member_rows(market)
    assert [m.income for m in members] == sorted((m.income for m in members), reverse=True)

    top = selectors.top_products(rng=rng)
    assert sorted([p.name, p.shop_name, p.orders, p.items, p.revenue] for p in top) == product_rows(market)
    assert [p.rank for p in top] == list(range(1, len(top) + 1))
    assert [p.items for p in top] == sorted((p.items for p in top), reverse=True)

    active = selectors.active_members(rng=rng)
    assert sorted([a.shop_name, a.approved, a.with_sales, a.listed, a.active] for a in active) == active_rows(
        market
    )

    # the kode unik never counts: product revenue + delivery fees is less than what buyers paid
    paid = sum(Order.objects.filter(pk__in=selectors.sales_in(rng)).values_list("total", flat=True))
    totals = selectors.totals_of(rows)
    assert totals.product_revenue + totals.delivery_fees == paid - market.unique_codes


def test_one_village_only(market):
    sabrang = ReportRange(date(YEAR, 1, 1), date(YEAR, 12, 31), shop=configured_village("sabrang"))
    rows = selectors.village_sales_by_month(rng=sabrang)
    assert {r.shop_name for r in rows} == {"Sabrang"}
    assert sorted(
        [r.month, r.shop_name, r.orders, r.items, r.product_revenue, r.delivery_fees] for r in rows
    ) == [row for row in village_rows(market) if row[1] == "Sabrang"]


# ------------------------------------------------------------------------------------------------
# The pages and their CSV
# ------------------------------------------------------------------------------------------------
def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="laporan-')
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def ints(row, text_columns):
    return [value if i in text_columns else int(value) for i, value in enumerate(row)]


def test_each_report_opens_and_its_csv_parses_back_to_the_same_numbers(staff_client, market):
    # per village per month
    response = staff_client.get(f"/admin/laporan/?{RANGE}")
    assert response.status_code == 200
    table = response.context["table"]
    assert sorted(table.rows) == village_rows(market)
    html = response.content.decode()
    assert '<svg class="report-chart"' in html and 'role="img"' in html
    start = html.index('<svg class="report-chart"')
    svg = html[start : html.index("</svg>", start)]
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    monthly = defaultdict(int)
    for (month, _shop), values in market.village_month.items():
        monthly[month] += values[2]
    for month, amount in monthly.items():
        assert f">{rupiah(amount)}</text>" in svg, month
    header, rows = read_csv(staff_client.get(f"/admin/laporan/unduh/penjualan-desa.csv?{RANGE}"))
    assert header == [
        "Bulan",
        "Desa",
        "Pesanan",
        "Barang terjual",
        "Pendapatan produk (Rp)",
        "Ongkos kirim (Rp)",
    ]
    assert sorted(ints(r, {0, 1}) for r in rows) == [
        [m.strftime("%Y-%m"), shop, *values] for m, shop, *values in village_rows(market)
    ]

    # per member
    response = staff_client.get(f"/admin/laporan/anggota/?{RANGE}")
    assert response.status_code == 200
    assert sorted(response.context["table"].rows) == member_rows(market)
    header, rows = read_csv(staff_client.get(f"/admin/laporan/unduh/pendapatan-anggota.csv?{RANGE}"))
    assert header == ["Anggota", "Desa", "Pesanan", "Barang terjual", "Pendapatan (Rp)"]
    assert sorted(ints(r, {0, 1}) for r in rows) == member_rows(market)

    # top products: the page shows the first 20, the CSV all of them
    response = staff_client.get(f"/admin/laporan/produk/?{RANGE}")
    assert response.status_code == 200
    page_rows = response.context["table"].rows
    header, rows = read_csv(staff_client.get(f"/admin/laporan/unduh/produk-terlaris.csv?{RANGE}"))
    assert header == ["Peringkat", "Produk", "Desa", "Pesanan", "Barang terjual", "Pendapatan (Rp)"]
    parsed = [ints(r, {1, 2}) for r in rows]
    assert page_rows == parsed[:20]
    assert sorted(r[1:] for r in parsed) == product_rows(market)

    # active members
    response = staff_client.get(f"/admin/laporan/anggota-aktif/?{RANGE}")
    assert response.status_code == 200
    assert sorted(response.context["table"].rows) == active_rows(market)
    header, rows = read_csv(staff_client.get(f"/admin/laporan/unduh/anggota-aktif.csv?{RANGE}"))
    assert header == ["Desa", "Anggota disetujui", "Dengan penjualan", "Menerbitkan produk", "Anggota aktif"]
    assert sorted(ints(r, {0}) for r in rows) == active_rows(market)


def test_the_reports_are_in_the_admin_menu_and_default_to_this_year(staff_client):
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, price=10000, stock=50)
    now = timezone.now()
    orders = []
    for _ in range(2):
        checkout = order_place(
            token=uuid.uuid4().hex,
            lines={product.pk: 1},
            buyer=BUYER,
            choices={shop.pk: ShopChoice(D.PICKUP, P.TRANSFER)},
        )
        orders.append(order_transition(order=checkout.orders.get(), to=S.PAID, actor=VILLAGE))
    last_year = now.replace(year=now.year - 1)
    Order.objects.filter(pk=orders[1].pk).update(counted_at=last_year)
    Entry.objects.filter(order=orders[1]).update(booked_at=last_year, month=last_year.date().replace(day=1))

    html = staff_client.get("/admin/").content.decode()
    for url in (
        "/admin/laporan/",
        "/admin/laporan/anggota/",
        "/admin/laporan/produk/",
        "/admin/laporan/anggota-aktif/",
    ):
        assert f'href="{url}"' in html, url
    response = staff_client.get("/admin/laporan/")
    form = response.context["form"]
    assert (form.cleaned_data["dari"], form.cleaned_data["sampai"]) == (
        date(now.year, 1, 1),
        date(now.year, 12, 31),
    )
    assert [row[2:] for row in response.context["table"].rows] == [[1, 1, 10000, 0]]


def test_a_wrong_range_is_refused_with_a_message(staff_client):
    response = staff_client.get("/admin/laporan/?dari=2024-05-01&sampai=2024-01-01")
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Tanggal awal harus sebelum tanggal akhir."]
    assert staff_client.get("/admin/laporan/anggota/?dari=kemarin").status_code == 400
    assert (
        staff_client.get(
            "/admin/laporan/unduh/anggota-aktif.csv?dari=2030-01-01&sampai=2020-01-01"
        ).status_code
        == 400
    )
    assert staff_client.get("/admin/laporan/unduh/rahasia.csv").status_code == 404


def test_only_staff_who_may_see_orders_open_the_reports(client):
    response = client.get("/admin/laporan/")
    assert response["Location"] == "/admin/login/?next=/admin/laporan/"
    assert client.get("/admin/laporan/unduh/penjualan-desa.csv")["Location"].startswith("/admin/login/")
    helper = verified(UserFactory(email="relawan@migrantcare.test", is_staff=True))
    helper.user_permissions.add(Permission.objects.get(codename="view_product"))
    client.force_login(helper)
    assert client.get("/admin/laporan/").status_code == 403
    assert client.get("/admin/laporan/unduh/penjualan-desa.csv").status_code == 403
    assert 'href="/admin/laporan/"' not in client.get("/admin/").content.decode()


def test_a_name_that_looks_like_a_formula_is_written_as_text(staff_client):
    shop = configured_village("sabrang")
    maker = MemberFactory(shop=shop, display_name='=HYPERLINK("http://jahat.example")')
    product = ProductFactory(shop=shop, made_by=maker, price=10000, stock=5, name="+Jamu")
    checkout = order_place(
        token=uuid.uuid4().hex,
        lines={product.pk: 1},
        buyer=BUYER,
        choices={shop.pk: ShopChoice(D.PICKUP, P.COD)},
    )
    order = checkout.orders.get()
    for to in (S.PACKED, S.READY_FOR_PICKUP, S.COMPLETED):
        order = order_transition(order=order, to=to, actor=VILLAGE)
    _header, rows = read_csv(staff_client.get("/admin/laporan/unduh/pendapatan-anggota.csv"))
    assert rows == [['\'=HYPERLINK("http://jahat.example")', "Sabrang", "1", "1", "10000"]]
    _header, rows = read_csv(staff_client.get("/admin/laporan/unduh/produk-terlaris.csv"))
    assert rows[0][1] == "'+Jamu"


def test_a_report_costs_the_same_queries_for_few_or_many_orders(staff_client):
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, price=10000, stock=500)

    def add(n):
        for _ in range(n):
            checkout = order_place(
                token=uuid.uuid4().hex,
                lines={product.pk: 2},
                buyer=BUYER,
                choices={shop.pk: ShopChoice(D.LOCAL, P.TRANSFER)},
            )
            order_transition(order=checkout.orders.get(), to=S.PAID, actor=VILLAGE)

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(path).status_code == 200
        return len(ctx.captured_queries)

    paths = [
        "/admin/laporan/",
        "/admin/laporan/anggota/",
        "/admin/laporan/produk/",
        "/admin/laporan/anggota-aktif/",
    ]
    add(1)
    few = [count(path) for path in paths]
    add(8)
    MemberFactory.create_batch(5, shop=configured_village("wonoasri"))
    assert [count(path) for path in paths] == few
