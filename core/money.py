"""Rupiah: whole numbers everywhere (no minor unit in practice), written the Indonesian way."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_RUPIAH_RE = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,0{1,2})?$")


def thousands(value: int) -> str:
    """1234567 → "1.234.567" (dot as the thousands separator)."""
    return f"{value:,}".replace(",", ".")


def rupiah(value) -> str:
    """Whole rupiah the Indonesian way: 25000 → "Rp25.000", -500 → "-Rp500"; "" for a non-number."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{thousands(abs(amount))}"


def parse_rupiah(raw: str) -> int:
    """Read an amount typed the Indonesian way: `25.000`, `Rp 25.000`, `25000`, `25.000,00` → 25000."""
    text = re.sub(r"\s+", "", raw or "")
    text = re.sub(r"^(?i:rp)\.?", "", text)
    if not _RUPIAH_RE.match(text):
        raise ValidationError(_("Tulis harga dalam rupiah tanpa sen, misalnya 25.000."), code="invalid_price")
    return int(text.split(",")[0].replace(".", ""))
