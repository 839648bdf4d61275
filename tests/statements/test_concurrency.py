"""Real concurrency on PostgreSQL: one payment confirmed from two places and the order desk at once."""

import pytest

from orders.exceptions import InvalidTransition
from orders.models import Order, OrderStatusChange
from orders.services import Actor, order_transition
from statements.exceptions import StatementLineError
from statements.services import statement_confirm_all, statement_import, statement_line_confirm
from tests.orders.test_concurrency import race
from tests.statements.helpers import bca_csv, open_orders, today, villages

pytestmark = pytest.mark.django_db(transaction=True)
KETUA = Actor("village", "Bu Sulastri")


@pytest.fixture(autouse=True)
def _postgres(postgres_only):
    pass


def test_the_same_statement_confirmed_at_once_from_two_places_pays_each_order_once():
    sabrang, _ambulu = villages()
    orders = open_orders(sabrang, 5)
    statement, _ = statement_import(
        shop=sabrang, filename="m.csv", content=bca_csv([(today(), "TRSF", o.total, "CR") for o in orders])
    )
    line = statement.lines.order_by("pk").first()

    def work(i):
        if i == 0:
            # the order desk confirms the first order by hand meanwhile
            return order_transition(order=Order(pk=line.order_id), to=Order.Status.PAID, actor=KETUA)
        if i in (1, 2):
            return statement_line_confirm(line=line, actor=KETUA)
        return statement_confirm_all(statement=statement, actor=KETUA)

    _results, errors = race(5, work)

    # the loser of each race is told (the desk: InvalidTransition; a line: StatementLineError)
    assert errors[0] is None or isinstance(errors[0], InvalidTransition)
    assert all(e is None or isinstance(e, StatementLineError) for e in errors[1:]), errors
    line.refresh_from_db()
    desk_won = errors[0] is None
    assert line.state == ("ambiguous" if desk_won else "confirmed")
    assert Order.objects.filter(pk__in=[o.pk for o in orders], status="paid").count() == 5
    for order in orders:
        assert OrderStatusChange.objects.filter(order=order, to_status="paid").count() == 1
