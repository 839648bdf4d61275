"""
Statements' part of a person's data (UU PDP): the bank lines that paid her orders.

A bank writes the payer's name into a transfer's description ("TRSF E-BANKING CR 0112/FTSCY
SITI AMINAH"). Export: those lines of her orders. Erase (when her account is deleted, through
orders.hooks, before her orders are anonymised and can no longer be told as hers): the
description goes; the date and amount stay, the village's record of what was paid.
"""

from orders.personal_data import orders_placed_by

from .models import StatementLine


def export(user) -> list[dict]:
    lines = StatementLine.objects.filter(order__in=orders_placed_by(user)).select_related("order")
    return [
        {
            "order": line.order.number,
            "date": line.date.isoformat(),
            "amount": str(line.amount),
            "description": line.description,
        }
        for line in lines.order_by("date", "pk")
    ]


def erase_for_orders(*, orders) -> None:
    StatementLine.objects.filter(order__in=orders).update(description="")
