from django import template
from django.utils.formats import date_format

from core.money import rupiah, thousands

register = template.Library()


@register.filter
def report_cell(value, kind):
    """A report cell as a person reads it: Rp25.000, 1.234, Mar 2026."""
    if kind == "rupiah" and isinstance(value, int):
        return rupiah(value)
    if kind == "number" and isinstance(value, int):
        return thousands(value)
    if kind == "month" and hasattr(value, "year"):
        return date_format(value, "F Y")
    return value
