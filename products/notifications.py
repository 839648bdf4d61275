"""
What products tells through the notifications engine: a product hidden by staff, stock an order
took down to the low level or to zero, and its permits and dates (reminders before a best-before
date or a P-IRT runs out, a withdrawal, numbers to fix). Told to the member who made it (her ketua
too when she has no account).

Declares its kinds, who hears of each and in what words (templates/products/notifications/), and
registers them from ProductsConfig.ready().
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from members.models import MemberProfile
from members.notifications import MEMBER, member_recipient, village_ketua
from notifications import registry
from notifications.messages import compose, message_context
from notifications.recipients import Recipient
from notifications.services import event_record

from .models import Product, StockAlert


class ProductKind(models.TextChoices):
    HIDDEN = "product_hidden", gettext_lazy("Produk disembunyikan staf")
    STOCK_LOW = "stock_low", gettext_lazy("Stok hampir habis")
    PERMIT = "product_permit", gettext_lazy("Izin atau kedaluwarsa produk")


class StockAlertKind(models.TextChoices):
    CONFIRM = "stock_alert_confirm", gettext_lazy("Konfirmasi Ingatkan saya")
    BACK_IN_STOCK = "back_in_stock", gettext_lazy("Stok tersedia lagi")


SUBSCRIBER = "subscriber"


# ------------------------------------------------------------------------------------------------
# Recording (inside the change's transaction)
# ------------------------------------------------------------------------------------------------
def notify_product_hidden(*, product: Product, reason: str, by):
    """
    Tell the member who made `product` that staff hid it, and why (her ketua too if she has no
    account). Call it inside the transaction that hides the product, so both commit together.
    """
    return event_record(
        ProductKind.HIDDEN,
        subject=product,
        payload={"name": product.name, "reason": str(reason), "by_user_id": getattr(by, "pk", None)},
    )


def notify_stock_taken(*, products, quantities: dict[int, int], sizes=()) -> list:
    """
    Tell the maker of each product an order just took to the low-stock level, or to zero.

    `products` carry their stock from before the order (as locked by order placing); `quantities`
    is {product id: quantity ordered}. A product sold in sizes is told per size instead: `sizes`
    holds (product, variant, quantity) with the variant's stock from before the order, told as
    "Gaun APD (L)". Only a crossing is told, so each level is told once.
    """
    threshold = settings.NOTIFICATION_LOW_STOCK
    events = []
    sized = {product.pk for product, _variant, _quantity in sizes}
    checks = [(p, p.name, p.stock, quantities.get(p.pk, 0)) for p in products if p.pk not in sized]
    checks += [(p, f"{p.name} ({v.label})", v.stock, quantity) for p, v, quantity in sizes]
    for product, name, before, taken in checks:
        after = before - taken
        if before > threshold >= after or before > 0 == after:
            events.append(
                event_record(ProductKind.STOCK_LOW, subject=product, payload={"name": name, "stock": after})
            )
    return events


def notify_product_permit(
    *, product: Product, reason: str, key: str, days: int | None = None, until=None, problems=()
):
    """
    Tell the maker of `product` (her ketua too if she has no account) about its dates and permits:
    `reason` "best_before" or "pirt" (a reminder `days` before `until`), "withdrawn" (taken off sale
    by the expiry task) or "invalid" (numbers to fix, `problems`). Once per `key`: a second call
    with the same key records nothing and returns None.
    """
    payload = {"name": product.name, "reason": reason, "problems": [str(p) for p in problems]}
    if days is not None:
        payload["days"] = days
    if until is not None:
        payload["until"] = until.isoformat()
    try:
        with transaction.atomic():
            return event_record(ProductKind.PERMIT, subject=product, payload=payload, key=key)
    except IntegrityError:
        return None


# ------------------------------------------------------------------------------------------------
# Recipients and words
# ------------------------------------------------------------------------------------------------
def maker(product: Product) -> list[Recipient]:
    """The member who made the product; her ketua too when she has no account (the ketua lists for her)."""
    member = product.made_by
    if member is None:
        return village_ketua(product.shop)
    if member.status == MemberProfile.Status.DELETED:
        return []
    recipients = [member_recipient(member, MEMBER)]
    if recipients[0].user is None:
        recipients += village_ketua(product.shop)
    return recipients


def _load(pk: int) -> Product | None:
    return Product.objects.select_related("shop", "made_by__user").filter(pk=pk).first()


def _recipients(event, product: Product) -> list[Recipient]:
    return maker(product)


SUBJECTS = {
    ProductKind.HIDDEN: gettext_lazy("Produk %(product)s disembunyikan oleh Migrant CARE"),
    ProductKind.STOCK_LOW: gettext_lazy("Stok %(product)s tinggal %(stock)s"),
    ProductKind.PERMIT: gettext_lazy("Perhatian untuk %(product)s"),
}
SOLD_OUT_SUBJECT = gettext_lazy("Stok %(product)s habis")
# Product permit notices, by the payload's reason.
PERMIT_SUBJECTS = {
    "best_before": gettext_lazy("%(product)s kedaluwarsa dalam %(days)s hari"),
    "pirt": gettext_lazy("P-IRT %(product)s habis dalam %(days)s hari"),
    "withdrawn": gettext_lazy("%(product)s ditarik dari katalog"),
    "invalid": gettext_lazy("Perbaiki izin %(product)s agar bisa dijual lagi"),
}


def _message(event, product: Product, recipient: Recipient):
    payload = event.payload
    subject = SUBJECTS[event.kind]
    if event.kind == ProductKind.STOCK_LOW and payload.get("stock") == 0:
        subject = SOLD_OUT_SUBJECT
    if event.kind == ProductKind.PERMIT:
        subject = PERMIT_SUBJECTS.get(payload.get("reason"), subject)
    values = {
        "product": payload.get("name") or product.name,
        "stock": payload.get("stock", product.stock),
        "days": payload.get("days", ""),
    }
    context = message_context(
        event,
        recipient,
        product=product,
        shop=product.shop,
        until=date.fromisoformat(payload["until"]) if payload.get("until") else None,
    )
    return compose(
        f"products/notifications/{event.kind}.txt",
        context,
        subject=str(subject) % values,
        path=reverse("products:dashboard_edit", kwargs={"pk": product.pk}),
    )


# ------------------------------------------------------------------------------------------------
# "Ingatkan saya": the confirmation link, then the one message when the product is back
# ------------------------------------------------------------------------------------------------
def notify_stock_alert_confirm(*, alert: StockAlert):
    """Send the confirmation link to a typed address (inside the transaction that stores it)."""
    return event_record(StockAlertKind.CONFIRM, subject=alert, payload={"name": alert.product.name})


def notify_back_in_stock(*, alert: StockAlert):
    """Tell the person who asked that the product is back (inside the transaction that marks her told)."""
    return event_record(StockAlertKind.BACK_IN_STOCK, subject=alert, payload={"name": alert.product.name})


def _load_alert(pk: int) -> StockAlert | None:
    return StockAlert.objects.select_related("product__shop", "user").filter(pk=pk).first()


def _alert_recipients(event, alert: StockAlert) -> list[Recipient]:
    # The confirmation goes to the typed address itself, account or not: the link proves she owns it.
    if alert.user is not None and event.kind != StockAlertKind.CONFIRM:
        return [Recipient.account(alert.user, audience=SUBSCRIBER, name=alert.email, email=alert.email)]
    return [Recipient(key=f"email:{alert.email}", audience=SUBSCRIBER, name=alert.email, email=alert.email)]


ALERT_SUBJECTS = {
    StockAlertKind.CONFIRM: gettext_lazy("Konfirmasi: ingatkan saya saat %(product)s tersedia"),
    StockAlertKind.BACK_IN_STOCK: gettext_lazy("%(product)s tersedia lagi"),
}


def _alert_message(event, alert: StockAlert, recipient: Recipient):
    product = alert.product
    path = (
        reverse("products:stock_alert_confirm", kwargs={"token": alert.token})
        if event.kind == StockAlertKind.CONFIRM
        else product.get_absolute_url()
    )
    return compose(
        f"products/notifications/{event.kind}.txt",
        {"event": event, "alert": alert, "product": product, "shop": product.shop},
        subject=str(ALERT_SUBJECTS[event.kind]) % {"product": product.name},
        path=path,
    )


def register() -> None:
    """Called from ProductsConfig.ready()."""
    registry.register(ProductKind, recipients=_recipients, message=_message, load=_load)
    registry.register(StockAlertKind, recipients=_alert_recipients, message=_alert_message, load=_load_alert)
    # The confirmation of "Ingatkan saya" is always sent: it is the answer to her own request.
    registry.register_topic(
        "stock_alerts",
        label=gettext_lazy("Ingatkan saya: stok tersedia lagi"),
        help=gettext_lazy("Kabar saat produk yang Anda tunggu (tombol “Ingatkan saya”) tersedia lagi."),
        kinds=[StockAlertKind.BACK_IN_STOCK],
    )
