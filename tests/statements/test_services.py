"""Matching a statement's credits to open orders, and confirming them through the order desk's step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import HeldAmount, Order, OrderStatusChange
from orders.services import Actor, order_transition
from statements import presets
from statements.exceptions import StatementLineError
from statements.models import StatementImport, StatementLine
from statements.services import (
    mapping_save,
    statement_confirm_all,
    statement_import,
    statement_line_confirm,
    statement_read,
)
from tests.statements.helpers import SAMPLES, bca_csv, open_orders, paid, today, villages

pytestmark = pytest.mark.django_db

KETUA = Actor("village", "Bu Sulastri")
Line = StatementLine.State


def import_bca(shop, lines, name="mutasi.csv", **kwargs):
    statement, created = statement_import(shop=shop, filename=name, content=bca_csv(lines, **kwargs))
    return statement, created


def states(statement):
    return sorted(statement.lines.values_list("state", flat=True))


def test_fifty_lines_forty_proposals_none_wrong_and_a_second_import_confirms_nothing(
    django_capture_on_commit_callbacks,
):
    # Given 45 open transfer orders in Sabrang and one in Ambulu
    sabrang, ambulu = villages()
    orders = open_orders(sabrang, 45)
    [ambulu_order] = open_orders(ambulu, 1, price=50_000)
    late = orders[44]
    order_transition(order=late, to=Order.Status.CANCELLED, actor=KETUA, note="Pembeli minta batal")
    day = today()
    # and a statement of 50 credits: 40 matching, 5 ambiguous, 5 unknown, and one debit
    lines = [(day, f"TRSF E-BANKING CR {o.number} PEMBELI", o.total, "CR") for o in orders[:40]]
    lines += [
        (day, "TRSF DUA KALI A", orders[40].total, "CR"),  # the same amount twice
        (day, "TRSF DUA KALI B", orders[40].total, "CR"),
        (day - timedelta(days=3), "TRSF SEBELUM PESAN", orders[41].total, "CR"),  # before it was placed
        (day, "TRSF KE DESA SALAH", ambulu_order.total, "CR"),  # only Ambulu waits for this amount
        (day, "TRSF TERLAMBAT", late.total, "CR"),  # an order cancelled: the amount is held
    ]
    lines += [(day, f"SETORAN TUNAI {n}", 1_000_000 + n, "CR") for n in range(5)]
    lines.append((day, "BIAYA ADM", 10_000, "DB"))

    # When the ketua imports it
    statement, created = import_bca(sabrang, lines)

    # Then 40 proposals, each the one order of exactly that amount, 5 ambiguous, 5 unknown
    assert created is True
    assert (statement.state, statement.problem) == (StatementImport.State.READ, "")
    assert (statement.new_lines, statement.known_lines, statement.debit_lines) == (50, 0, 1)
    proposed = statement.lines.filter(state=Line.PROPOSED).select_related("order")
    assert len(proposed) == 40
    assert sorted((line.order_id, int(line.amount)) for line in proposed) == sorted(
        (o.pk, o.total) for o in orders[:40]
    )
    assert statement.lines.filter(state=Line.AMBIGUOUS).count() == 5
    assert statement.lines.filter(state=Line.UNMATCHED).count() == 5
    reasons = dict(statement.lines.exclude(state=Line.PROPOSED).values_list("description", "reason"))
    assert reasons["TRSF DUA KALI A"] == "Jumlah ini muncul 2 kali di mutasi."
    assert reasons["TRSF SEBELUM PESAN"].startswith(
        f"Tanggal transfer di luar waktu bayar pesanan {orders[41].number}"
    )
    assert reasons["TRSF KE DESA SALAH"] == "Desa lain juga menunggu pembayaran sebesar ini."
    assert reasons["TRSF TERLAMBAT"].startswith(f"Jumlah ini milik pesanan {late.number} yang sudah batal")
    assert reasons["SETORAN TUNAI 0"] == "Tidak ada pesanan yang menunggu pembayaran sebesar ini."
    assert paid(orders) == 0  # nothing confirmed by itself

    # When she confirms them all
    with django_capture_on_commit_callbacks(execute=True):
        assert statement_confirm_all(statement=statement, actor=KETUA) == (40, 0)

    # Then exactly those 40 orders are paid, through the order desk's step, and nothing else
    assert paid(orders) == 40
    assert Order.objects.get(pk=orders[40].pk).status == Order.Status.AWAITING_PAYMENT
    assert Order.objects.get(pk=ambulu_order.pk).status == Order.Status.AWAITING_PAYMENT
    assert OrderStatusChange.objects.filter(to_status=Order.Status.PAID, by_label="Bu Sulastri").count() == 40
    assert all(o.counted_at for o in Order.objects.filter(pk__in=[o.pk for o in orders[:40]]))

    # When she imports the same file again, then another export of the same lines
    again, created_again = import_bca(sabrang, lines)
    other_export, created_other = import_bca(sabrang, lines, account="0987-654-321")

    # Then nothing new is read or confirmed
    assert (again.pk, created_again) == (statement.pk, False)
    assert created_other is True
    assert (other_export.new_lines, other_export.known_lines) == (0, 50)
    assert statement_confirm_all(statement=other_export, actor=KETUA) == (0, 0)
    assert statement_confirm_all(statement=statement, actor=KETUA) == (0, 0)
    assert StatementLine.objects.count() == 50
    assert OrderStatusChange.objects.filter(to_status=Order.Status.PAID).count() == 40


def test_confirming_twice_confirms_once():
    sabrang, _ambulu = villages()
    [order] = open_orders(sabrang, 1)
    statement, _ = import_bca(sabrang, [(today(), "TRSF", order.total, "CR")])
    line = statement.lines.get()

    assert statement_line_confirm(line=line, actor=KETUA) is True
    assert statement_line_confirm(line=line, actor=KETUA) is False

    assert OrderStatusChange.objects.filter(order=order, to_status=Order.Status.PAID).count() == 1
    line.refresh_from_db()
    assert (line.state, line.order_id) == (Line.CONFIRMED, order.pk)


def test_an_order_paid_by_hand_meanwhile_turns_the_proposal_ambiguous():
    sabrang, _ambulu = villages()
    [order] = open_orders(sabrang, 1)
    statement, _ = import_bca(sabrang, [(today(), "TRSF", order.total, "CR")])
    order_transition(order=order, to=Order.Status.PAID, actor=KETUA)
    line = statement.lines.get()

    with pytest.raises(StatementLineError, match="sudah berstatus Dibayar"):
        statement_line_confirm(line=line, actor=KETUA)

    line.refresh_from_db()
    assert line.state == Line.AMBIGUOUS
    assert OrderStatusChange.objects.filter(order=order, to_status=Order.Status.PAID).count() == 1


@pytest.mark.parametrize("state", [Line.AMBIGUOUS, Line.UNMATCHED])
def test_ambiguous_and_unmatched_lines_are_never_confirmed(state):
    sabrang, _ambulu = villages()
    [order] = open_orders(sabrang, 1)
    lines = [
        (today(), "A", order.total, "CR"),
        (today(), "B", order.total, "CR"),
        (today(), "C", 999_999, "CR"),
    ]
    statement, _ = import_bca(sabrang, lines)
    line = statement.lines.filter(state=state).first()

    with pytest.raises(StatementLineError):
        statement_line_confirm(line=line, actor=KETUA)
    assert statement_confirm_all(statement=statement, actor=KETUA) == (0, 0)

    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT


def test_a_credit_after_the_deadline_is_ambiguous():
    sabrang, _ambulu = villages()
    [order] = open_orders(sabrang, 1)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(days=2))

    statement, _ = import_bca(sabrang, [(today(), "TRSF", order.total, "CR")])

    assert states(statement) == [Line.AMBIGUOUS]


def test_a_credit_with_sen_is_ambiguous():
    sabrang, _ambulu = villages()
    [order] = open_orders(sabrang, 1)

    statement, _ = import_bca(sabrang, [(today(), "TRSF", order.total + 0.5, "CR")])

    assert states(statement) == [Line.AMBIGUOUS]


def test_two_overlapping_lines_never_propose_one_order_twice():
    sabrang, _ambulu = villages()
    [order] = open_orders(sabrang, 1)
    first, _ = import_bca(sabrang, [(today(), "TRSF ANI", order.total, "CR")])
    second, _ = import_bca(sabrang, [(today(), "TRSF ANI (ULANG)", order.total, "CR")])

    assert states(first) == [Line.PROPOSED]
    assert states(second) == [Line.AMBIGUOUS]


def test_a_layout_that_does_not_fit_keeps_the_file_and_reads_it_once_fixed():
    # Given a BRI statement read with the BCA preset
    sabrang, _ambulu = villages()
    statement, created = statement_import(
        shop=sabrang, filename="bri.csv", content=(SAMPLES / "bri.csv").read_bytes()
    )
    assert created is True
    assert statement.state == StatementImport.State.NEEDS_MAPPING
    assert "“Jumlah”" in statement.problem
    assert statement.lines.count() == 0

    # When she chooses BRI and it is read again from the kept file
    mapping_save(shop=sabrang, data={"preset": presets.BRI})
    statement = statement_read(statement=statement, today=today())

    assert statement.state == StatementImport.State.READ
    assert statement.problem == ""
    assert states(statement) == [Line.UNMATCHED, Line.UNMATCHED]


def test_a_file_with_only_debits_says_so():
    sabrang, _ambulu = villages()

    statement, _ = import_bca(sabrang, [(today(), "BIAYA ADM", 10_000, "DB")])

    assert statement.state == StatementImport.State.NEEDS_MAPPING
    assert statement.problem == "Berkas ini hanya berisi uang keluar (1 baris debet), tanpa uang masuk."


def test_the_statement_is_a_private_file():
    sabrang, _ambulu = villages()
    statement, _ = import_bca(sabrang, [(today(), "TRSF", 5_000, "CR")])

    assert statement.file.name.startswith("mutasi/")
    with pytest.raises(ValueError, match="private file"):
        statement.file.url  # noqa: B018
    assert HeldAmount.objects.count() == 0
