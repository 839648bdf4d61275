"""statements.personal_data: the bank lines that paid a buyer's orders, in her export and erased with her."""

import pytest

from core import personal_data
from members.services import buyer_delete_account
from orders.models import Order
from orders.personal_data import ERASED_BUYER
from statements.models import StatementLine
from statements.services import statement_import
from tests.factories import UserFactory
from tests.orders.helpers import BUYER
from tests.statements.helpers import bca_csv, open_orders, today, villages

pytestmark = pytest.mark.django_db


def test_her_transfer_line_is_in_her_export_and_loses_her_name_with_her_account():
    # Given Bu Rina's account, her order in Sabrang (placed with her email) and another buyer's
    sabrang, _ambulu = villages()
    rina = UserFactory(email=BUYER.email)
    hers, other = open_orders(sabrang, 2)
    Order.objects.filter(pk=other.pk).update(buyer_email="lain@contoh.test")
    # and the village's statement: the bank wrote her name into her transfer's line
    statement_import(
        shop=sabrang,
        filename="mutasi.csv",
        content=bca_csv(
            [
                (today(), "TRSF E-BANKING CR RINA WULANDARI", hers.total, "CR"),
                (today(), "TRSF E-BANKING CR PEMBELI LAIN", other.total, "CR"),
            ]
        ),
    )
    assert StatementLine.objects.filter(order__isnull=False).count() == 2

    # Then her export holds her line, not the other's
    [line] = personal_data.export(user=rina)["bank_lines"]
    assert line == {
        "order": hers.number,
        "date": today().isoformat(),
        "amount": f"{hers.total:.2f}",
        "description": "TRSF E-BANKING CR RINA WULANDARI",
    }

    # When her order is done and she deletes her account
    Order.objects.filter(pk=hers.pk).update(status=Order.Status.COMPLETED)
    buyer_delete_account(user=rina)

    # Then her line keeps its date, amount and order (the village's record) but not her name
    hers.refresh_from_db()
    assert hers.buyer_name == ERASED_BUYER
    kept = StatementLine.objects.get(order=hers)
    assert (kept.description, kept.amount, kept.date) == ("", hers.total, today())
    assert StatementLine.objects.get(order=other).description == "TRSF E-BANKING CR PEMBELI LAIN"
