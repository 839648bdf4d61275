"""Building statements and open orders for the statement tests."""

from pathlib import Path

from django.utils import timezone

from orders.models import Order
from tests.factories import ProductFactory
from tests.orders.helpers import BUYER, configured_village, place

SAMPLES = Path(__file__).parent / "samples"


def bca_csv(lines, *, period="01/11/2026 - 30/11/2026", account="0987654321") -> bytes:
    """A KlikBCA-style CSV (see samples/README.md) of (date, description, amount, "CR"/"DB") lines."""
    rows = [
        f"No. rekening : {account}",
        "Nama : KELOMPOK DESBUMI",
        f"Periode : {period}",
        "Kode Mata Uang : Rp",
        "",
        "Tanggal Transaksi,Keterangan,Cabang,Jumlah,Saldo",
    ]
    for day, description, amount, marker in lines:
        rows.append(f'\'{day:%d/%m},{description},\'0000,"{amount:,.2f} {marker}","0.00"')
    rows += ["", 'Saldo Awal,"0.00"']
    return ("\r\n".join(rows) + "\r\n").encode()


def open_orders(shop, count, *, price=20_000):
    """`count` open transfer orders of `shop` (one product, one each), newest last."""
    product = ProductFactory(shop=shop, price=price, stock=count + 10)
    orders = []
    for _i in range(count):
        orders.append(place({product: 1}, buyer=BUYER).orders.get())
    return orders


def today():
    return timezone.localdate()


def villages():
    return configured_village("sabrang"), configured_village("ambulu")


def paid(orders) -> int:
    return Order.objects.filter(pk__in=[o.pk for o in orders], status=Order.Status.PAID).count()
