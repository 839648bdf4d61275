"""
Importing a village's bank statement and confirming the payments it shows.

Matching rule, for each credit line new to the village (amount A, date D):
- proposed: exactly one open (Belum Bayar) transfer/QRIS order of the village asks for A, D lies
  between the day it was placed and its payment deadline (WIB), A appears once among the file's
  credits, no other village has an open order of A, no order freed A recently (HeldAmount) and
  no other line already proposes that order;
- ambiguous: one of those conditions fails while some order could be meant (A twice in the file,
  D outside the window, A open in another village, A held for an expired or cancelled order, the
  order already proposed by another line, or sen in the amount);
- unmatched: no open or recently freed order of any village asks for A.
Only proposed lines can be confirmed; ambiguous and unmatched ones wait for the ketua's own check.

Locks: confirming locks the line's row, then (in orders.services.order_transition) the order's row
and the products' rows: the same order of locks as the order desk, after the line.
"""

import hashlib
from collections import Counter
from datetime import datetime, time

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orders.exceptions import InvalidTransition
from orders.models import HeldAmount, Order
from orders.services import PREPAID, Actor, order_transition

from .exceptions import StatementLineError
from .models import ColumnMapping, StatementImport, StatementLine
from .reading import StatementError, kind_of, read_statement

Line = StatementLine.State
CONFIRM_NOTE = gettext_noop("Dicocokkan dengan mutasi rekening desa.")


def mapping_for(*, shop) -> ColumnMapping:
    """The village's saved layout (BCA's preset until she chooses another); not saved by reading."""
    return ColumnMapping.objects.filter(shop=shop).first() or ColumnMapping(shop=shop)


def mapping_save(*, shop, data: dict) -> ColumnMapping:
    """Save the village's layout (preset and, for "custom", the column headers)."""
    fields = (
        "preset",
        "date_column",
        "description_column",
        "amount_column",
        "marker_column",
        "credit_column",
    )
    mapping, _created = ColumnMapping.objects.update_or_create(
        shop=shop, defaults={name: (data.get(name) or "").strip() for name in fields}
    )
    return mapping


def statement_import(
    *, shop, filename: str, content: bytes, by=None, today=None
) -> tuple[StatementImport, bool]:
    """
    Keep an uploaded statement privately and read it with the village's layout.

    Returns (import, created). The same file again returns the import it made the first time, so
    nothing is read, proposed or confirmed twice. A file of the wrong type or an empty one raises
    StatementError before anything is stored; a layout that does not fit keeps the import with
    its problem, to be read again with another layout (statement_read).
    """
    kind = kind_of(filename, content)
    digest = hashlib.sha256(content).hexdigest()
    existing = StatementImport.objects.filter(shop=shop, sha256=digest).first()
    if existing is not None:
        if existing.state == StatementImport.State.NEEDS_MAPPING:
            existing = statement_read(statement=existing, today=today)
        return existing, False
    statement = StatementImport(
        shop=shop, sha256=digest, original_name=filename[-200:], uploaded_by=by if by and by.pk else None
    )
    # Named by its hash, not by what the browser sent.
    statement.file.save(f"{digest[:24]}.{kind}", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError:
        statement.file.delete(save=False)
        return StatementImport.objects.get(shop=shop, sha256=digest), False
    return statement_read(statement=statement, today=today), True


def statement_read(*, statement: StatementImport, today=None) -> StatementImport:
    """Read a kept statement with its village's layout: new credit lines, matched; or the problem."""
    today = today or timezone.localdate()
    layout = mapping_for(shop=statement.shop).layout
    with statement.file.open("rb") as handle:
        content = handle.read()
    try:
        result = read_statement(filename=statement.file.name, content=content, layout=layout, today=today)
        if not result.credits:
            raise StatementError(
                _("Berkas ini hanya berisi uang keluar (%(n)s baris debet), tanpa uang masuk.")
                % {"n": result.debits},
                "no_credits",
            )
    except StatementError as error:
        statement.state = StatementImport.State.NEEDS_MAPPING
        statement.problem = str(error)[:500]
        statement.save(update_fields=["state", "problem"])
        return statement
    with transaction.atomic():
        statement = StatementImport.objects.select_for_update().get(pk=statement.pk)
        if statement.state == StatementImport.State.READ:
            return statement
        new = _new_lines(statement, result.credits)
        _match(statement.shop_id, new, today)
        StatementLine.objects.bulk_create(new)
        statement.state = StatementImport.State.READ
        statement.problem = ""
        statement.new_lines = len(new)
        statement.known_lines = len(result.credits) - len(new)
        statement.debit_lines = result.debits
        statement.save()
    return statement


def _fingerprint(credit, occurrence: int) -> str:
    description = " ".join(credit.description.upper().split())
    text = f"{credit.date.isoformat()}|{description}|{credit.amount:.2f}|{occurrence}"
    return hashlib.sha256(text.encode()).hexdigest()


def _new_lines(statement, credits) -> list[StatementLine]:
    """The credits the village has not imported before (by fingerprint), as unsaved lines."""
    seen = Counter()
    lines = []
    for credit in credits:
        key = (credit.date, " ".join(credit.description.upper().split()), credit.amount)
        seen[key] += 1
        lines.append(
            StatementLine(
                shop_id=statement.shop_id,
                statement=statement,
                date=credit.date,
                description=credit.description,
                amount=credit.amount,
                fingerprint=_fingerprint(credit, seen[key]),
            )
        )
    known = set(
        StatementLine.objects.filter(
            shop_id=statement.shop_id, fingerprint__in=[line.fingerprint for line in lines]
        ).values_list("fingerprint", flat=True)
    )
    return [line for line in lines if line.fingerprint not in known]


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _match(shop_id: int, lines: list[StatementLine], today) -> None:
    """Set each line's state, reason and order by the rule in this module's docstring."""
    whole = {int(line.amount) for line in lines if line.amount == int(line.amount)}
    open_orders = {}
    for order in Order.objects.filter(
        status=Order.Status.AWAITING_PAYMENT, payment_method__in=PREPAID, total__in=whole
    ).only("pk", "shop_id", "total", "number", "created_at", "expires_at"):
        open_orders.setdefault(order.total, []).append(order)
    held = {}
    for amount, held_until, number in HeldAmount.objects.filter(
        shop_id=shop_id, amount__in=whole
    ).values_list("amount", "held_until", "order__number"):
        held[amount] = (held_until, number or "")
    own_orders = [o.pk for orders in open_orders.values() for o in orders if o.shop_id == shop_id]
    already_proposed = set(
        StatementLine.objects.filter(
            order_id__in=own_orders, state__in=[Line.PROPOSED, Line.CONFIRMED]
        ).values_list("order_id", flat=True)
    )
    times = Counter(line.amount for line in lines)
    for line in lines:
        line.state, line.reason, line.order = _verdict(
            line, shop_id, open_orders, held, already_proposed, times, today
        )
        if line.state == Line.PROPOSED:
            already_proposed.add(line.order.pk)


def _verdict(line, shop_id, open_orders, held, already_proposed, times, today):
    if line.amount != int(line.amount):
        return Line.AMBIGUOUS, _("Jumlahnya bersen: tidak ada pesanan dengan jumlah persis ini."), None
    amount = int(line.amount)
    candidates = open_orders.get(amount, [])
    own = [order for order in candidates if order.shop_id == shop_id]
    others = [order for order in candidates if order.shop_id != shop_id]
    freed = held.get(amount)
    freed_then = freed is not None and freed[0] >= _day_start(line.date)
    if not own and not others and not freed_then:
        return Line.UNMATCHED, _("Tidak ada pesanan yang menunggu pembayaran sebesar ini."), None
    order = own[0] if own else None
    if times[line.amount] > 1:
        return Line.AMBIGUOUS, _("Jumlah ini muncul %(n)s kali di mutasi.") % {"n": times[line.amount]}, order
    if others:
        return Line.AMBIGUOUS, _("Desa lain juga menunggu pembayaran sebesar ini."), order
    if freed_then:
        return (
            Line.AMBIGUOUS,
            _(
                "Jumlah ini milik pesanan %(number)s yang sudah batal atau lewat batas bayar: "
                "mungkin bayar terlambat."
            )
            % {"number": freed[1] or "-"},
            order,
        )
    placed = timezone.localdate(order.created_at)
    deadline = timezone.localdate(order.expires_at) if order.expires_at else today
    if not placed <= line.date <= min(deadline, today):
        return (
            Line.AMBIGUOUS,
            _("Tanggal transfer di luar waktu bayar pesanan %(number)s (%(start)s–%(end)s).")
            % {"number": order.number, "start": f"{placed:%d/%m}", "end": f"{deadline:%d/%m}"},
            order,
        )
    if order.pk in already_proposed:
        return (
            Line.AMBIGUOUS,
            _("Pesanan %(number)s sudah dicocokkan dengan baris lain.") % {"number": order.number},
            order,
        )
    return Line.PROPOSED, "", order


def statement_line_confirm(*, line: StatementLine, actor: Actor) -> bool:
    """
    Confirm the payment of a proposed line's order, through the order desk's own step.

    Returns True if this call confirmed it, False if it was confirmed already (idempotent).
    Raises StatementLineError for a line that is not a proposal, or whose order changed since
    (the line then becomes ambiguous, nothing else changes). Locks the line's row, then the order's.
    """
    with transaction.atomic():
        line = StatementLine.objects.select_for_update().get(pk=line.pk)
        if line.state == Line.CONFIRMED:
            return False
        if line.state != Line.PROPOSED or line.order_id is None:
            raise StatementLineError(
                _("Baris ini tidak dikonfirmasi otomatis: cek sendiri di daftar pesanan.")
            )
        order = Order.objects.select_for_update().get(pk=line.order_id)
        refusal = None
        if order.shop_id != line.shop_id or order.total != line.amount:
            refusal = _("Jumlah pesanan %(number)s tidak sama dengan baris ini.") % {"number": order.number}
        else:
            try:
                with transaction.atomic():
                    order_transition(order=order, to=Order.Status.PAID, actor=actor, note=CONFIRM_NOTE)
            except InvalidTransition:
                refusal = _("Pesanan %(number)s sudah berstatus %(status)s.") % {
                    "number": order.number,
                    "status": order.get_status_display(),
                }
        if refusal:
            line.state, line.reason = Line.AMBIGUOUS, refusal
            line.save(update_fields=["state", "reason"])
        else:
            line.state = Line.CONFIRMED
            line.confirmed_at = timezone.now()
            line.confirmed_by = actor.user
            line.save(update_fields=["state", "confirmed_at", "confirmed_by"])
    if refusal:
        raise StatementLineError(refusal)
    return True


def statement_confirm_all(*, statement: StatementImport, actor: Actor) -> tuple[int, int]:
    """Confirm every proposal of a statement, each in its own transaction; returns (confirmed, refused)."""
    confirmed = refused = 0
    for line in StatementLine.objects.filter(statement=statement, state=Line.PROPOSED).order_by("pk"):
        try:
            confirmed += statement_line_confirm(line=line, actor=actor)
        except StatementLineError:
            refused += 1
    return confirmed, refused
