"""Indonesian phone numbers: accept what people type, store one normal form (+62…)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Indonesian mobile numbers: +62 8xx, 9 to 12 digits after the country code.
NORMALISED_PHONE_RE = re.compile(r"^\+628\d{8,11}$")

validate_normalised_phone = RegexValidator(
    NORMALISED_PHONE_RE,
    _("Nomor HP harus berbentuk +628… (contoh: +6281234567890)."),
    code="invalid_phone",
)


def normalise_phone(raw: str) -> str:
    """Return `raw` as +628…; raise ValidationError(code="invalid_phone") for anything else."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise ValidationError(_("Nomor HP harus nomor Indonesia (+62…)."), code="invalid_phone")
    elif digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    normalised = "+" + digits
    if not NORMALISED_PHONE_RE.match(normalised):
        raise ValidationError(
            _("Nomor HP tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890."),
            code="invalid_phone",
        )
    return normalised


def whatsapp_link(phone: str, text: str = "") -> str:
    """Return a wa.me click-to-chat link for a normalised phone number."""
    from urllib.parse import quote

    link = "https://wa.me/" + phone.lstrip("+")
    return link + ("?text=" + quote(text) if text else "")
