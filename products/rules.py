"""
What a product needs before it may be published: at least one photo, and per category (the
formats are in products.permits):

Jamu: a production date and a best-before date not yet passed; a P-IRT (not expired) or a BPOM
number, unless it keeps under seven days; a BPOM TR/TI/TL number, not a P-IRT, when it claims to
cure or treat; and a halal certificate number (regular or self-declare) now that halal is
mandatory for food and drink of micro and small businesses. Masker and APD: a Kemenkes AKD/AKL
number when the listing calls it medical.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permits
from .models import Category, Product

# PP No. 42 Tahun 2024 (amending PP 39/2021): food and drink, and obat tradisional, of micro and
# small businesses must be halal-certified from 17 October 2026.
HALAL_MANDATORY_FROM = date(2026, 10, 17)


def _problem(field: str, message: str, code: str) -> ValidationError:
    """A problem tied to the form field that fixes it (form.add_error(None, problem) puts it there)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _invalid(field: str, cleaner, value, problems: list) -> bool:
    """Record why a stored number is invalid; True when it is (an empty one is not invalid)."""
    if not value:
        return False
    try:
        cleaner(value)
    except ValidationError as error:
        problems.append(ValidationError({field: error}))
        return True
    return False


def shelf_life_days(product: Product) -> int | None:
    if product.production_date is None or product.expiry_date is None:
        return None
    return (product.expiry_date - product.production_date).days


def publish_problems(product: Product, *, today: date | None = None) -> list[ValidationError]:
    """Every reason `product` may not be published now, each a ValidationError keyed by its field."""
    today = today or timezone.localdate()
    kind = product.category.kind
    problems: list[ValidationError] = []
    if not product.images.exists():
        problems.append(_problem("photos", _("Tambahkan minimal satu foto sebelum terbit."), "no_photo"))
    if kind == Category.Kind.JAMU:
        problems += _jamu_problems(product, today)
    elif kind in (Category.Kind.MASKER, Category.Kind.APD):
        problems += _mask_problems(product)
    elif product.is_expired:
        problems.append(
            _problem(
                "expiry_date",
                _("Produk ini sudah lewat tanggal kedaluwarsa, tidak bisa diterbitkan."),
                "expired",
            )
        )
    return problems


def _jamu_problems(product: Product, today: date) -> list[ValidationError]:
    problems = []
    if product.production_date is None:
        problems.append(
            _problem("production_date", _("Tulis tanggal produksi jamu ini."), "production_date_required")
        )
    if product.expiry_date is None:
        problems.append(
            _problem(
                "expiry_date",
                _("Tulis tanggal kedaluwarsa (baik digunakan sebelum) jamu ini."),
                "expiry_date_required",
            )
        )
    elif product.expiry_date < today:
        problems.append(
            _problem(
                "expiry_date",
                _(
                    "Jamu ini sudah lewat tanggal kedaluwarsa, tidak bisa diterbitkan. Untuk jamu yang baru "
                    "dibuat, ubah tanggal produksi dan kedaluwarsanya."
                ),
                "expired",
            )
        )

    bad_pirt = _invalid(
        "pirt_number", lambda v: permits.clean_pirt(v, today=today), product.pirt_number, problems
    )
    bad_bpom = _invalid("bpom_number", permits.clean_bpom, product.bpom_number, problems)
    has_pirt = bool(product.pirt_number) and not bad_pirt
    bpom_kind = "" if bad_bpom else permits.bpom_kind(product.bpom_number)
    if permits.claims_treatment(product.name, product.description):
        if bpom_kind not in permits.BPOM_MEDICINE:
            problems.append(
                _problem(
                    "bpom_number",
                    _(
                        "Jamu yang disebut mengobati atau menyembuhkan (misalnya “obat pegal linu”) adalah "
                        "obat tradisional dan wajib punya nomor BPOM TR; P-IRT hanya untuk jamu sebagai "
                        "minuman. Isi nomor BPOM TR, atau hapus kata seperti obat, mengobati, "
                        "menyembuhkan dari nama dan keterangan."
                    ),
                    "treatment_claim_needs_bpom_tr",
                )
            )
    elif not (has_pirt or bpom_kind or bad_pirt or bad_bpom):
        life = shelf_life_days(product)
        if life is None or life >= permits.SHELF_LIFE_EXEMPT_DAYS:
            problems.append(
                _problem(
                    "pirt_number",
                    _(
                        "Jamu perlu nomor P-IRT atau BPOM sebelum terbit. Jamu segar yang hanya tahan kurang "
                        "dari 7 hari tidak perlu: isi tanggal produksi dan kedaluwarsanya."
                    ),
                    "permit_required",
                )
            )

    if product.halal_status:
        if not product.halal_number:
            problems.append(
                _problem(
                    "halal_number",
                    _(
                        "Tulis nomor sertifikat halal dari BPJPH (diawali ID). Pernyataan mandiri juga "
                        "mendapat sertifikat bernomor; tanpa nomor, label halal tidak boleh dipasang."
                    ),
                    "halal_number_required",
                )
            )
        else:
            _invalid("halal_number", permits.clean_halal, product.halal_number, problems)
    elif today >= HALAL_MANDATORY_FROM:
        problems.append(
            _problem(
                "halal_status",
                _(
                    "Sejak 17 Oktober 2026 jamu wajib bersertifikat halal. Pilih jenis sertifikatnya dan "
                    "tulis nomornya; sertifikat gratis lewat program SEHATI (pernyataan mandiri)."
                ),
                "halal_required",
            )
        )
    return problems


def _mask_problems(product: Product) -> list[ValidationError]:
    problems = []
    bad = _invalid("kemenkes_permit", permits.clean_kemenkes, product.kemenkes_permit, problems)
    if (
        not bad
        and permits.claims_medical(product.name, product.description)
        and not permits.is_medical_device(product.kemenkes_permit)
    ):
        problems.append(
            _problem(
                "kemenkes_permit",
                _(
                    "Produk yang disebut medis (misalnya “masker medis” atau “bedah”) wajib punya izin edar "
                    "alat kesehatan Kemenkes AKD atau AKL. Isi nomornya, atau tulis “non-medis” di nama."
                ),
                "medical_claim_needs_akd",
            )
        )
    return problems
