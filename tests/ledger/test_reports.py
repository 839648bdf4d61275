"""Staff see every village's kas and what each owes its members, in the admin reports and as CSV."""

import csv
import io

import pytest
from django.utils import timezone

from ledger import services
from orders.models import Order
from orders.services import Actor, order_transition
from tests.factories import MemberFactory, ProductFactory
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db
VILLAGE = Actor("village", "Bu Ketua")


def _rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_kas_and_balances_per_village_and_member(staff_client):
    sabrang, wonoasri = configured_village("sabrang"), configured_village("wonoasri")
    siti, ani = (
        MemberFactory(shop=sabrang, display_name="Siti"),
        MemberFactory(shop=wonoasri, display_name="Ani"),
    )
    services.kas_rate_set(shop=sabrang, percent=10, label="K")
    for member, price in ((siti, 20000), (ani, 7000)):
        product = ProductFactory(shop=member.shop, made_by=member, price=price, stock=10)
        order = place({product: 1}).orders.get()
        order_transition(order=order, to=Order.Status.PAID, actor=VILLAGE)
    services.payout_record(member=siti, amount=5000, method="cash", paid_on=timezone.localdate(), label="K")

    page = staff_client.get("/admin/laporan/kas-desa/")
    assert page.status_code == 200
    _header, *rows = _rows(staff_client.get("/admin/laporan/unduh/kas-desa.csv"))
    by_village = {row[0]: [int(v) for v in row[1:6]] for row in rows}
    # sales, members' share, kas, paid out, still owed
    assert by_village["Sabrang"] == [20000, 18000, 2000, 5000, 13000]
    assert by_village["Wonoasri"] == [7000, 7000, 0, 0, 7000]

    assert staff_client.get("/admin/laporan/saldo-anggota/").status_code == 200
    _header, *rows = _rows(staff_client.get("/admin/laporan/unduh/saldo-anggota.csv"))
    assert rows == [["Siti", "Sabrang", "18000", "5000", "13000"], ["Ani", "Wonoasri", "7000", "0", "7000"]]


def test_staff_read_the_ledger_in_the_admin_but_change_nothing(staff_client):
    shop = configured_village("sabrang")
    siti = MemberFactory(shop=shop, display_name="Siti")
    order = place({ProductFactory(shop=shop, made_by=siti, price=8000, stock=5): 1}).orders.get()
    order_transition(order=order, to=Order.Status.PAID, actor=VILLAGE)
    payout = services.payout_record(
        member=siti, amount=8000, method="cash", paid_on=timezone.localdate(), label="K"
    )

    assert staff_client.get("/admin/ledger/entry/").status_code == 200
    assert staff_client.get("/admin/ledger/payout/").status_code == 200
    assert staff_client.get("/admin/ledger/kasrate/").status_code == 200
    assert staff_client.get(f"/admin/ledger/payout/{payout.pk}/change/").status_code == 200  # read-only view
    assert staff_client.post(f"/admin/ledger/payout/{payout.pk}/delete/").status_code == 403
    assert staff_client.get("/admin/ledger/entry/add/").status_code == 403
