"""Template filters shared by every page."""

from django import template

register = template.Library()


@register.filter
def rupiah(value):
    """Format whole rupiah the Indonesian way: 25000 → Rp25.000."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")
