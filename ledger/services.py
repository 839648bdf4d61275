"""
Writes on the ledger: entries when an order starts or stops counting as a sale, the village's kas
percentage, payouts to members and their confirmation. Entries are only ever added.

Called from orders.hooks inside order_transition's transaction (the order's row is locked there),
so a status change and its entries commit together or not at all.
"""

from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.images import process_upload
from core.money import rupiah
from members.models import MemberProfile
from orders.models import OrderItem

from . import notifications as notify
from . import rules
from .exceptions import PayoutError
from .models import Entry, KasRate, Payout


def month_of(at) -> date:
    """The first day of `at`'s month in WIB (the current time zone), as the reports count."""
    return timezone.localtime(at).date().replace(day=1)


def kas_percent(*, shop, at=None) -> int:
    """The village's kas percentage in force at `at` (now by default); 0 if the ketua never set one."""
    rates = KasRate.objects.filter(shop=shop)
    if at is not None:
        rates = rates.filter(set_at__lte=at)
    rate = rates.order_by("-set_at", "-pk").values_list("percent", flat=True).first()
    return rate or 0


def kas_rate_set(*, shop, percent: int, user=None, label: str) -> KasRate:
    """
    Set the village's kas percentage for sales counted from now on; the row is the audit record.

    Raises PayoutError for a percentage outside 0–100 (nothing changed).
    """
    if not 0 <= percent <= 100:
        raise PayoutError(_("Persen kas harus antara 0 dan 100."))
    return KasRate.objects.create(
        shop=shop, percent=percent, set_by=user, set_by_label=label[:100], set_at=timezone.now()
    )


def _maker_id(item) -> int | None:
    # A member since deleted is owed nothing new: her line goes wholly to kas.
    maker = item.made_by
    if maker is None or maker.status == MemberProfile.Status.DELETED:
        return None
    return maker.pk


def ledger_record_counted(*, order, at) -> list[Entry]:
    """
    Credit a counted order: each line to its maker minus the kas share, the delivery fee and kode
    unik to the village. Booked at `at`, in its WIB month. Expects the order's row locked.
    """
    percent = kas_percent(shop=order.shop_id, at=at)
    entries = [
        _sale_entry(order, item, percent=percent, at=at)
        for item in order.items.select_related("made_by").order_by("pk")
    ]
    entries.append(_order_entry(order, at=at))
    return Entry.objects.bulk_create(entries)


def _sale_entry(order, item, *, percent: int, at) -> Entry:
    """The line's credit: its maker's share and the kas share (rules.split_line), booked at `at`."""
    posting = rules.split_line(rules.Line(_maker_id(item), item.line_total, item.quantity), percent)
    return Entry(
        kind=Entry.Kind.SALE,
        shop_id=order.shop_id,
        member_id=posting.maker,
        order=order,
        order_item=item,
        product_id=item.product_id,
        product_name=item.full_name[:120],
        quantity=posting.quantity,
        line_total=posting.line_total,
        amount=posting.amount,
        kas=posting.kas,
        percent=posting.percent,
        booked_at=at,
        month=month_of(at),
    )


def _order_entry(order, *, at) -> Entry:
    """The village's part of an order that is no sale: delivery fee and kode unik."""
    return Entry(
        kind=Entry.Kind.ORDER,
        shop_id=order.shop_id,
        order=order,
        delivery_fee=order.delivery_fee,
        unique_code=order.unique_code,
        booked_at=at,
        month=month_of(at),
    )


def ledger_record_uncounted(*, order, at) -> list[Entry]:
    """
    Reverse a counted order that was cancelled (or refunded): one entry mirroring each of its
    entries not yet reversed, with the original percentage, booked at `at`. Expects the row locked.
    """
    month = month_of(at)
    originals = Entry.objects.filter(order=order, reverses__isnull=True, reversed_by__isnull=True).order_by(
        "pk"
    )
    reversals = [
        Entry(
            kind=e.kind,
            shop_id=e.shop_id,
            member_id=e.member_id,
            order_id=e.order_id,
            order_item_id=e.order_item_id,
            product_id=e.product_id,
            product_name=e.product_name,
            reverses=e,
            quantity=-e.quantity,
            line_total=-e.line_total,
            amount=-e.amount,
            kas=-e.kas,
            delivery_fee=-e.delivery_fee,
            unique_code=-e.unique_code,
            percent=e.percent,
            booked_at=at,
            month=month,
        )
        for e in originals
    ]
    return Entry.objects.bulk_create(reversals)


def member_balance(*, member) -> int:
    """What the village owes her: her credits − reversals − payouts."""
    return Entry.objects.filter(member=member).aggregate(total=Sum("amount"))["total"] or 0


def payout_record(*, member, amount: int, method: str, paid_on, slip=None, user=None, label: str) -> Payout:
    """
    Record money handed to `member` from her balance: the payout and its ledger entry.

    Raises PayoutError for an amount not above zero or above her balance, a date in the future,
    an unknown method; ValidationError for a bad photo (nothing changed). Locks her profile row,
    so two payouts recorded at once cannot both spend the same balance.
    """
    if amount <= 0:
        raise PayoutError(_("Jumlah harus lebih dari nol."))
    if method not in Payout.Method.values:
        raise PayoutError(_("Pilih cara pembayaran: tunai atau transfer."))
    if paid_on > timezone.localdate():
        raise PayoutError(_("Tanggal tidak boleh di masa depan."))
    processed = process_upload(slip, thumb_sizes=()) if slip else None
    with transaction.atomic():
        locked = MemberProfile.objects.select_for_update().get(pk=member.pk)
        balance = member_balance(member=locked)
        if amount > balance:
            raise PayoutError(
                _("Jumlah lebih besar dari saldo anggota (%(balance)s).") % {"balance": rupiah(balance)}
            )
        payout = Payout(
            shop_id=locked.shop_id,
            member=locked,
            amount=amount,
            method=method,
            paid_on=paid_on,
            recorded_by=user,
            recorded_by_label=label[:100],
        )
        if processed is not None:
            payout.slip.save(processed.original.name, processed.original, save=False)
        payout.save()
        _payout_entry(payout, rules.payout(locked.pk, amount), at=timezone.now())
        notify.notify_payout_recorded(payout=payout)
    return payout


def _payout_entry(payout: Payout, posting: rules.Posting, *, at, reverses: Entry | None = None) -> Entry:
    """The payout's entry on her balance (or, with `reverses`, the one undoing it), booked at `at`."""
    return Entry.objects.create(
        kind=Entry.Kind.PAYOUT,
        shop_id=payout.shop_id,
        member_id=posting.maker,
        payout=payout,
        reverses=reverses,
        amount=posting.amount,
        booked_at=at,
        month=month_of(at),
    )


def payout_cancel(*, payout: Payout, reason: str, user=None, label: str) -> Payout:
    """
    Undo a payout recorded by mistake (wrong member, wrong amount): a reversing entry gives her
    balance back exactly what the payout took; the payout stays, marked cancelled with the reason.
    Raises PayoutError once she has confirmed receiving it (then it was paid: record a correction
    the other way, i.e. nothing to undo), when it is already cancelled, or without a reason.
    """
    reason = reason.strip()
    if not reason:
        raise PayoutError(_('Tulis alasan pembatalan, misalnya "salah anggota" atau "salah jumlah".'))
    with transaction.atomic():
        locked = Payout.objects.select_for_update().get(pk=payout.pk)
        if locked.cancelled_at is not None:
            raise PayoutError(_("Pembayaran ini sudah dibatalkan."))
        if locked.confirmed_at is not None:
            raise PayoutError(
                _("Anggota sudah mengonfirmasi menerima uang ini; pembayaran tidak bisa dibatalkan.")
            )
        original = Entry.objects.get(kind=Entry.Kind.PAYOUT, payout=locked, reverses__isnull=True)
        now = timezone.now()
        posting = rules.payout_cancelled(rules.payout(original.member_id, -original.amount))
        _payout_entry(locked, posting, at=now, reverses=original)
        locked.cancelled_at = now
        locked.cancel_reason = reason[:200]
        locked.cancelled_by_label = label[:100]
        locked.save(update_fields=["cancelled_at", "cancel_reason", "cancelled_by_label"])
    return locked


def payout_confirm(*, payout: Payout, member) -> Payout:
    """She confirms she received the money. Raises PayoutError if it is not hers or already confirmed."""
    with transaction.atomic():
        locked = Payout.objects.select_for_update().get(pk=payout.pk)
        if locked.member_id != member.pk:
            raise PayoutError(_("Pembayaran ini bukan untuk Anda."))
        if locked.cancelled_at is not None:
            raise PayoutError(_("Pembayaran ini sudah dibatalkan oleh ketua."))
        if locked.confirmed_at is not None:
            raise PayoutError(_("Pembayaran ini sudah Anda konfirmasi."))
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
    return locked


def ledger_backfill(*, orders) -> int:
    """
    Credit, in bulk, the given orders that count as sales and have no entries yet, each at its
    counted_at, at the kas percentage in force then. For orders written without order_transition
    (demo volume data); migration 0002 did the same for the orders that existed before the ledger.
    Returns how many orders were credited.
    """
    counted = (
        orders.counted_as_sales()
        .exclude(pk__in=Entry.objects.filter(kind=Entry.Kind.ORDER).values("order_id"))
        .order_by("pk")
    )
    rates: dict[int, list] = {}
    for rate in KasRate.objects.order_by("set_at", "pk"):
        rates.setdefault(rate.shop_id, []).append((rate.set_at, rate.percent))

    def percent_at(shop_id, at):
        percent = 0
        for set_at, value in rates.get(shop_id, []):
            if set_at <= at:
                percent = value
        return percent

    entries, heads = [], {}
    for order in counted.iterator(chunk_size=2000):
        heads[order.pk] = order
        entries.append(_order_entry(order, at=order.counted_at))
    items = OrderItem.objects.filter(order_id__in=list(heads)).select_related("made_by").order_by("pk")
    for item in items.iterator(chunk_size=2000):
        order = heads[item.order_id]
        percent = percent_at(order.shop_id, order.counted_at)
        entries.append(_sale_entry(order, item, percent=percent, at=order.counted_at))
    Entry.objects.bulk_create(entries, batch_size=2000)
    return len(heads)
