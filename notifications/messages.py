"""
The words of each notification, in the recipient's language: a subject, a plain-text body
(templates/notifications/messages/<kind>.txt) and the page it leads to.

Order messages carry what the person needs to act without opening the site: the items, the total,
how to pay (buyer) or where to send it (village), and a wa.me click-to-chat link to the other side.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.phone import whatsapp_link
from core.templatetags.market import rupiah

from .models import Event, Kind
from .recipients import BUYER, MEMBER, STAFF, VILLAGE, Recipient

# Subjects by (kind, audience); the audience is None when only one kind of person gets it.
SUBJECTS = {
    (Kind.ORDER_PLACED, VILLAGE): gettext_lazy("Pesanan baru %(number)s untuk Desa %(shop)s"),
    (Kind.ORDER_PLACED, BUYER): gettext_lazy("Pesanan %(number)s sudah dibuat"),
    (Kind.RECEIPT_UPLOADED, None): gettext_lazy("Bukti transfer masuk untuk pesanan %(number)s"),
    (Kind.COMPLAINT_OPENED, None): gettext_lazy("Komplain pembeli untuk pesanan %(number)s"),
    (Kind.ORDER_PAID, None): gettext_lazy("Pembayaran pesanan %(number)s sudah dikonfirmasi"),
    (Kind.ORDER_SHIPPED, None): gettext_lazy("Pesanan %(number)s sudah dikirim"),
    (Kind.ORDER_READY, None): gettext_lazy("Pesanan %(number)s siap diambil"),
    (Kind.ORDER_COMPLETED, None): gettext_lazy("Pesanan %(number)s selesai"),
    (Kind.ORDER_CANCELLED, BUYER): gettext_lazy("Pesanan %(number)s dibatalkan"),
    (Kind.ORDER_CANCELLED, VILLAGE): gettext_lazy("Pembeli membatalkan pesanan %(number)s"),
    (Kind.ORDER_REFUNDED, None): gettext_lazy("Dana pesanan %(number)s sudah dikembalikan"),
    (Kind.ORDER_EXPIRING, BUYER): gettext_lazy("Segera bayar pesanan %(number)s"),
    (Kind.ORDER_EXPIRING, VILLAGE): gettext_lazy("Konfirmasi pembayaran pesanan %(number)s sebelum batas"),
    (Kind.JOIN_REQUESTED, None): gettext_lazy("%(name)s minta bergabung dengan Desa %(shop)s"),
    (Kind.MEMBER_APPROVED, None): gettext_lazy("Selamat, Anda sudah menjadi anggota Desa %(shop)s"),
    (Kind.MEMBER_REJECTED, None): gettext_lazy("Permintaan bergabung dengan Desa %(shop)s belum disetujui"),
    (Kind.MEMBER_SUSPENDED, MEMBER): gettext_lazy("Akun penjual Anda dibekukan"),
    (Kind.MEMBER_SUSPENDED, VILLAGE): gettext_lazy("Akun penjual %(name)s dibekukan"),
    (Kind.PRODUCT_HIDDEN, None): gettext_lazy("Produk %(product)s disembunyikan oleh Migrant CARE"),
    (Kind.STOCK_LOW, None): gettext_lazy("Stok %(product)s tinggal %(stock)s"),
    (Kind.PRODUCT_PERMIT, None): gettext_lazy("Perhatian untuk %(product)s"),
}
SOLD_OUT_SUBJECT = gettext_lazy("Stok %(product)s habis")
# Product permit notices (products.services: expiry reminders, withdrawals, invalid numbers).
PERMIT_SUBJECTS = {
    "best_before": gettext_lazy("%(product)s kedaluwarsa dalam %(days)s hari"),
    "pirt": gettext_lazy("P-IRT %(product)s habis dalam %(days)s hari"),
    "withdrawn": gettext_lazy("%(product)s ditarik dari katalog"),
    "invalid": gettext_lazy("Perbaiki izin %(product)s agar bisa dijual lagi"),
}


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    path: str  # a page of this site, for the in-app link and the email's last line


def render(event: Event, recipient: Recipient) -> Message:
    """Render `event` for `recipient` in her language."""
    with translation.override(recipient.language):
        context = _context(event, recipient)
        subject = SUBJECTS.get((event.kind, recipient.audience)) or SUBJECTS[(event.kind, None)]
        if event.kind == Kind.STOCK_LOW and event.payload.get("stock") == 0:
            subject = SOLD_OUT_SUBJECT
        if event.kind == Kind.PRODUCT_PERMIT:
            subject = PERMIT_SUBJECTS.get(event.payload.get("reason"), subject)
        body = render_to_string(f"notifications/messages/{event.kind}.txt", context).strip()
        # Blank lines the template's tags leave behind are squeezed to one.
        lines = [line.rstrip() for line in body.splitlines()]
        body = "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1]))
        return Message(
            subject=str(subject % context["subject_values"])[:200], body=body, path=context["path"]
        )


def _context(event: Event, recipient: Recipient) -> dict:
    order, member, product, payload = event.order, event.member, event.product, event.payload
    context = {
        "event": event,
        "payload": payload,
        "recipient": recipient,
        "audience": recipient.audience,
        "order": order,
        "member": member,
        "product": product,
        "whatsapp": "",
        "path": "",
    }
    values = {}
    if order is not None:
        shop = order.shop
        address = [
            order.address_line,
            order.address_village,
            order.address_district,
            order.address_city,
            order.address_province,
            order.address_postcode,
        ]
        context.update(
            shop=shop,
            items=list(order.items.select_related("made_by")),
            address=", ".join(part for part in address if part),
        )
        values = {"number": order.number, "shop": shop.name}
        if recipient.audience == BUYER:
            context["path"] = order.get_absolute_url()
            if shop.whatsapp:
                text = _("Halo Desa %(name)s, saya menanyakan pesanan %(number)s (total %(total)s):") % {
                    "name": shop.name,
                    "number": order.number,
                    "total": rupiah(order.total),
                }
                context["whatsapp"] = whatsapp_link(shop.whatsapp, text)
        else:
            context["path"] = reverse("orders:dashboard_detail", kwargs={"pk": order.pk})
            text = _(
                "Halo %(name)s, kami dari Desa %(shop)s tentang pesanan Anda %(number)s di Desbumi Market."
            ) % {"name": order.buyer_name, "shop": shop.name, "number": order.number}
            context["whatsapp"] = whatsapp_link(order.buyer_phone, text)
    elif member is not None:
        context["shop"] = member.shop
        values = {"name": member.display_name, "shop": member.shop.name}
        if event.kind == Kind.JOIN_REQUESTED:
            context["path"] = (
                reverse("admin:members_memberprofile_change", args=[member.pk])
                if recipient.audience == STAFF
                else reverse("members:ketua_members")
            )
            if member.phone:
                context["whatsapp"] = whatsapp_link(member.phone)
        elif recipient.audience == VILLAGE:
            context["path"] = reverse("members:ketua_members")
        elif event.kind == Kind.MEMBER_APPROVED:
            context["path"] = reverse("products:dashboard_new")
        else:
            context["path"] = reverse("members:dashboard")
    elif product is not None:
        context["shop"] = product.shop
        values = {
            "product": payload.get("name") or product.name,
            "stock": payload.get("stock", product.stock),
            "days": payload.get("days", ""),
        }
        if payload.get("until"):
            context["until"] = date.fromisoformat(payload["until"])
        context["path"] = reverse("products:dashboard_edit", kwargs={"pk": product.pk})
    context["subject_values"] = values
    return context
