"""Who may read the reports."""

from core.access import is_staff_with


def may_see_reports(user) -> bool:
    """Staff who may see every village's orders may see the sales reports."""
    return is_staff_with(user, "orders.view_order")
