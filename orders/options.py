"""What a village offers for delivery and payment, and what each choice costs."""

from .exceptions import OptionNotOffered
from .models import Order

PROVINCES = [
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi", "Bengkulu",
    "Sumatera Selatan", "Kepulauan Bangka Belitung", "Lampung", "Banten", "DKI Jakarta", "Jawa Barat",
    "Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur",
    "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Kalimantan Utara",
    "Sulawesi Utara", "Gorontalo", "Sulawesi Tengah", "Sulawesi Barat", "Sulawesi Selatan",
    "Sulawesi Tenggara", "Maluku", "Maluku Utara", "Papua", "Papua Barat", "Papua Barat Daya",
    "Papua Tengah", "Papua Pegunungan", "Papua Selatan",
]  # fmt: skip
JAVA = {"Banten", "DKI Jakarta", "Jawa Barat", "Jawa Tengah", "DI Yogyakarta", "Jawa Timur"}


def zone_for(*, province: str, city: str) -> str:
    """The courier zone of an address: Jember, the rest of East Java, the rest of Java, outside Java."""
    if province == "Jawa Timur" and "jember" in (city or "").lower():
        return Order.Zone.JEMBER
    if province == "Jawa Timur":
        return Order.Zone.JATIM
    if province in JAVA:
        return Order.Zone.JAWA
    return Order.Zone.LUAR_JAWA


def deliveries_offered(shop) -> list[str]:
    offered = []
    if shop.offers_pickup:
        offered.append(Order.Delivery.PICKUP)
    if shop.offers_local_delivery:
        offered.append(Order.Delivery.LOCAL)
    if shop.offers_courier:
        offered.append(Order.Delivery.COURIER)
    return offered


def payments_offered(shop, delivery: str | None = None) -> list[str]:
    """Payments the village accepts; COD only with pickup or local delivery."""
    offered = []
    if shop.accepts_transfer and shop.bank_account_number:
        offered.append(Order.Payment.TRANSFER)
    if shop.accepts_cod and delivery in (None, Order.Delivery.PICKUP, Order.Delivery.LOCAL):
        offered.append(Order.Payment.COD)
    if shop.accepts_qris and shop.qris_image:
        offered.append(Order.Payment.QRIS)
    return offered


def delivery_fee(shop, *, delivery: str, zone: str) -> int:
    if delivery == Order.Delivery.PICKUP:
        return 0
    if delivery == Order.Delivery.LOCAL:
        return shop.local_delivery_fee
    return getattr(shop, f"courier_fee_{zone}")


def check_options(shop, *, delivery: str, payment: str) -> None:
    """Raise OptionNotOffered unless the village offers this delivery with this payment."""
    from django.utils.translation import gettext as _

    if delivery not in deliveries_offered(shop):
        raise OptionNotOffered(_("Desa %(shop)s tidak menyediakan pengiriman ini.") % {"shop": shop.name})
    if payment not in payments_offered(shop, delivery):
        if payment == Order.Payment.COD and Order.Payment.COD in payments_offered(shop):
            raise OptionNotOffered(_("Bayar di tempat (COD) hanya untuk ambil di desa atau antar lokal."))
        raise OptionNotOffered(_("Desa %(shop)s tidak menerima pembayaran ini.") % {"shop": shop.name})
