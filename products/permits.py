"""
Permit numbers shown on a listing: what each one looks like, how what a member typed is read, and
what it means (a medical device or not, until when a P-IRT is valid).

Pure functions, no database. Each `clean_*` takes what a person typed (spaces, dots, dashes, the
printed prefix or none) and returns the number in one canonical form, or raises ValidationError
with a `code` and an Indonesian message that shows an example. The forms keep what she typed when
it is refused; the model stores only the canonical form.

The formats, and where they come from:

P-IRT (Sertifikat Produksi Pangan Industri Rumah Tangga) — Peraturan BPOM No. 22 Tahun 2018
    tentang Pedoman Pemberian SPP-IRT (continuing Peraturan Kepala BPOM No. HK.03.1.23.04.12.2205
    Tahun 2012), issued through OSS under PP 5/2021 on risk-based licensing. Printed
    "P-IRT No. 2063509010123-28": 15 digits —
      1      kode jenis kemasan
      2–3    kode jenis pangan IRT
      4–7    kode provinsi (4–5) and kabupaten/kota (6–7), BPS codes; Jember is 35 09
      8–11   nomor urut pangan IRT in that regency
      12–13  nomor urut of the producer's product
      14–15  the year the registration expires (an SPP-IRT is valid for 5 years).
    We read the expiry as the last day of that year.

BPOM izin edar — Peraturan BPOM No. 27 Tahun 2017 tentang Pendaftaran Pangan Olahan (MD/ML) and
    Peraturan BPOM No. 25 Tahun 2023 tentang Kriteria dan Tata Laksana Registrasi Obat Bahan Alam
    (obat tradisional TR/TI/TL). Printed "BPOM RI MD 224510107115", "POM TR 193602671":
      MD (pangan olahan dalam negeri), ML (impor): 12 digits; numbers issued under the risk-based
        registration since 2021 have 15 digits ("MD 240935001200027"), both are accepted.
      TR (obat tradisional dalam negeri), TI (impor), TL (lisensi): 9 digits; the first two are
        the year of registration.

Kemenkes izin edar — Peraturan Menteri Kesehatan No. 62 Tahun 2017 tentang Izin Edar Alat
    Kesehatan, Alat Kesehatan Diagnostik In Vitro dan Perbekalan Kesehatan Rumah Tangga. Printed
    "KEMENKES RI AKD 20903022671": three letters and 11 digits —
      AKD / AKL  alat kesehatan, dalam negeri / impor (luar negeri): a MEDICAL device;
      PKD / PKL  perbekalan kesehatan rumah tangga (PKRT), dalam negeri / impor: household health
                 supplies (tissue, disinfectant, a cloth mask): NOT medical.

Sertifikat halal — UU No. 33 Tahun 2014 tentang Jaminan Produk Halal jo. PP No. 42 Tahun 2024
    (food and drink of micro and small businesses certified by 17 October 2026). BPJPH issues the
    certificate through SIHALAL, for the regular path (audit by an LPH, fatwa by MUI) and for the
    self-declare path (pernyataan mandiri, SEHATI, Keputusan Kepala BPJPH No. 150 Tahun 2022)
    alike, in the same numbering: "ID" and 17 digits, the first two a province code (00 for
    BPJPH's central office), e.g. "ID35110001325901022". A "KH" (ketetapan halal) number is not a
    certificate.

Exemptions used by the publish rules:
    Pangan with a shelf life under 7 days at room temperature needs no SPP-IRT and no BPOM MD
    (Peraturan BPOM No. 22 Tahun 2018 and No. 27 Tahun 2017; such producers hold a Sertifikat Laik
    Higiene Sanitasi instead). A product that claims to cure or treat is obat tradisional and needs
    a BPOM TR/TI/TL registration; a P-IRT or MD covers food and drink only.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# BPS province codes (the first two digits of a regency code), and 00 for a national issuer.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 "
    "71 72 73 74 75 76 81 82 91 92 93 94 95 96 97".split()
)
PIRT_VALIDITY_YEARS = 5
SHELF_LIFE_EXEMPT_DAYS = 7

PIRT_EXAMPLE = "2063509010123-28"
BPOM_EXAMPLE = "POM TR 193602671"
KEMENKES_EXAMPLE = "KEMENKES RI AKD 20903022671"
HALAL_EXAMPLE = "ID35110001325901022"

BPOM_DIGITS = {"MD": (12, 15), "ML": (12, 15), "TR": (9,), "TI": (9,), "TL": (9,)}
BPOM_MEDICINE = frozenset({"TR", "TI", "TL"})
KEMENKES_MEDICAL = frozenset({"AKD", "AKL"})
KEMENKES_KINDS = frozenset({"AKD", "AKL", "PKD", "PKL"})

# Words people print around a number; removed before reading it.
_NOISE = re.compile(r"[\s.,:;/_\-–—()]+")
_PIRT_PREFIX = re.compile(r"^(?:NO(?:MOR)?)?(?:SPPIRT|PIRT)?(?:NO(?:MOR)?)?")
_BPOM_PREFIX = re.compile(r"^(?:NO(?:MOR)?)?(?:BPOMRI|BPOM|POMRI|POM|BADANPOM|RI)+")
_KEMENKES_PREFIX = re.compile(r"^(?:NO(?:MOR)?)?(?:KEMENKESRI|KEMENKES|DEPKESRI|DEPKES|KEMKES|RI)+")
_HALAL_PREFIX = re.compile(r"^(?:NO(?:MOR)?)?(?:SERTIFIKATHALAL|SH)?(?:NO(?:MOR)?)?")

# A product that says it cures or treats is a medicine (obat tradisional), whatever it is called.
TREATMENT_CLAIM_RE = re.compile(
    r"\b(obat|mengobati|pengobatan|menyembuhkan|penyembuhan|sembuh|terapi|penyakit|mengatasi|meredakan|"
    r"cures?|treats?|treatment|heals?)\b",
    re.IGNORECASE,
)
# A mask or APD sold as medical ("masker medis", "bedah", "N95") needs a Kemenkes AKD/AKL number;
# "non-medis" is what a cloth mask should say, so it is not a claim. (Also used by the admin filter,
# as a PostgreSQL regular expression.)
MEDICAL_CLAIM_RE = r"(?<!non)(?<!non-)(?<!non )(medis|medical|bedah|surgical|n95)"


def _compact(raw) -> str:
    return _NOISE.sub("", str(raw or "")).upper()


# Why a number is refused, by error code; each message shows its kind's example to copy.
MESSAGES = {
    "pirt_not_digits": _(
        "Nomor P-IRT hanya berisi angka, misalnya %(example)s. Periksa huruf yang terketik."
    ),
    "invalid_pirt": _("Nomor P-IRT terdiri dari 15 angka, misalnya %(example)s (boleh dengan tanda strip)."),
    "pirt_bad_region": _(
        "Angka ke-4 sampai ke-7 nomor P-IRT adalah kode kabupaten (Jember: 3509), misalnya "
        "%(example)s. Periksa lagi nomornya di label."
    ),
    "invalid_bpom": _(
        "Nomor BPOM ditulis seperti di label: POM TR dan 9 angka untuk jamu obat tradisional "
        "(misalnya %(example)s), atau BPOM RI MD dan 12 angka untuk minuman olahan."
    ),
    "kemenkes_kind_missing": _(
        "Tulis juga huruf di depan angkanya: AKD atau AKL (alat kesehatan), PKD atau PKL "
        "(perbekalan rumah tangga), misalnya %(example)s."
    ),
    "invalid_kemenkes": _(
        "Nomor izin edar Kemenkes berupa AKD, AKL, PKD atau PKL dan 11 angka, misalnya %(example)s. "
        "Kalau tidak punya, kosongkan: produk dijual sebagai non-medis."
    ),
    "halal_kh_number": _(
        "Ini nomor ketetapan halal (KH), belum nomor sertifikat. Tulis nomor sertifikat halal "
        "dari BPJPH yang diawali ID, misalnya %(example)s."
    ),
    "invalid_halal": _(
        "Nomor sertifikat halal BPJPH diawali ID lalu 17 angka, misalnya %(example)s. Nomor ini "
        "ada di sertifikat dari SIHALAL, juga untuk pernyataan mandiri (self declare)."
    ),
}


@dataclass(frozen=True)
class Kind:
    """One kind of permit number: how typed text is read, which numbers pass, why others fail.

    `refusals` are (code, test) pairs tried in order on a number that does not pass; the first
    whose test holds (None: always) gives the error, a MESSAGES entry with this kind's example.
    """

    normalise: Callable[[object], str]
    passes: Callable[[str], bool]
    example: str
    refusals: tuple[tuple[str, Callable[[str], bool] | None], ...]

    def validate(self, value) -> None:
        number = self.normalise(value)
        if not number or self.passes(number):
            return
        code = next(code for code, test in self.refusals if test is None or test(number))
        raise ValidationError(MESSAGES[code], code=code, params={"example": self.example})

    def clean(self, raw) -> str:
        number = self.normalise(raw)
        self.validate(number)
        return number


# ------------------------------------------------------------------------------------------------
# P-IRT
# ------------------------------------------------------------------------------------------------
def normalise_pirt(raw) -> str:
    """What was typed (`P-IRT No. 2063509010123-28`), as 15 digits or whatever is left to refuse."""
    return _PIRT_PREFIX.sub("", _compact(raw))


PIRT = Kind(
    normalise=normalise_pirt,
    passes=lambda number: number.isdigit() and len(number) == 15 and number[3:5] in PROVINCE_CODES,
    example=PIRT_EXAMPLE,
    refusals=(
        ("pirt_not_digits", lambda number: not number.isdigit()),
        ("invalid_pirt", lambda number: len(number) != 15),
        ("pirt_bad_region", None),
    ),
)


def validate_pirt(value) -> None:
    """The shape of a P-IRT number: 15 digits whose 4th–5th are a province code (no date check)."""
    PIRT.validate(value)


def pirt_valid_until(number) -> date | None:
    """The last day a P-IRT registration is valid: 31 December of the year in its last two digits."""
    number = normalise_pirt(number)
    if len(number) != 15 or not number.isdigit():
        return None
    return date(2000 + int(number[-2:]), 12, 31)


def clean_pirt(raw, *, today: date | None = None) -> str:
    """A P-IRT typed by a member: its 15 digits, or ValidationError (shape, expired, implausible year)."""
    number = normalise_pirt(raw)
    if not number:
        return ""
    validate_pirt(number)
    today = today or timezone.localdate()
    until = pirt_valid_until(number)
    if until < today:
        raise ValidationError(
            _(
                "Nomor P-IRT ini berlaku sampai akhir tahun %(year)d, jadi sudah habis. Perpanjang "
                "SPP-IRT di Dinas Kesehatan atau lewat OSS, lalu tulis nomor barunya."
            ),
            code="pirt_expired",
            params={"year": until.year},
        )
    if until.year > today.year + PIRT_VALIDITY_YEARS:
        raise ValidationError(
            _(
                "Dua angka terakhir nomor P-IRT adalah tahun masa berlakunya habis (paling lama %(years)d "
                "tahun lagi), misalnya %(example)s. Periksa lagi nomornya di label."
            ),
            code="pirt_bad_year",
            params={"years": PIRT_VALIDITY_YEARS, "example": PIRT_EXAMPLE},
        )
    return number


def pirt_display(number) -> str:
    """As printed on a label: `P-IRT No. 2063509010123-28`."""
    number = normalise_pirt(number)
    return f"P-IRT No. {number[:13]}-{number[13:]}" if len(number) == 15 else number


# ------------------------------------------------------------------------------------------------
# BPOM (MD/ML food, TR/TI/TL traditional medicine)
# ------------------------------------------------------------------------------------------------
def normalise_bpom(raw) -> str:
    """`BPOM RI MD 224510107115`, `pom tr.193602671`, `193602671` → `MD 224510107115`, `TR 193602671`."""
    text = _BPOM_PREFIX.sub("", _compact(raw))
    match = re.fullmatch(r"([A-Z]{2})(\d+)", text)
    if match:
        return f"{match[1]} {match[2]}"
    if text.isdigit():
        # Without its letters: 9 digits can only be obat tradisional (TR, the domestic one a
        # village makes), 12 or 15 only pangan olahan (MD).
        if len(text) == 9:
            return f"TR {text}"
        if len(text) in (12, 15):
            return f"MD {text}"
    return text


def _bpom_passes(number) -> bool:
    kind, _space, digits = number.partition(" ")
    return kind in BPOM_DIGITS and digits.isdigit() and len(digits) in BPOM_DIGITS[kind]


BPOM = Kind(
    normalise=normalise_bpom, passes=_bpom_passes, example=BPOM_EXAMPLE, refusals=(("invalid_bpom", None),)
)


def validate_bpom(value) -> None:
    BPOM.validate(value)


def clean_bpom(raw) -> str:
    return BPOM.clean(raw)


def bpom_kind(number) -> str:
    """MD, ML, TR, TI or TL for a valid number, else ""."""
    try:
        number = clean_bpom(number)
    except ValidationError:
        return ""
    return number.partition(" ")[0]


def bpom_display(number) -> str:
    number = normalise_bpom(number)
    return f"BPOM RI {number}" if number else ""


# ------------------------------------------------------------------------------------------------
# Kemenkes (AKD/AKL medical devices, PKD/PKL household health supplies)
# ------------------------------------------------------------------------------------------------
def normalise_kemenkes(raw) -> str:
    """`Kemenkes RI AKD 20903022671`, `akd20903022671` → `AKD 20903022671`."""
    text = _KEMENKES_PREFIX.sub("", _compact(raw))
    match = re.fullmatch(r"([A-Z]{3})(\d+)", text)
    return f"{match[1]} {match[2]}" if match else text


def _kemenkes_passes(number) -> bool:
    kind, _space, digits = number.partition(" ")
    return kind in KEMENKES_KINDS and digits.isdigit() and len(digits) == 11


KEMENKES = Kind(
    normalise=normalise_kemenkes,
    passes=_kemenkes_passes,
    example=KEMENKES_EXAMPLE,
    refusals=(
        ("kemenkes_kind_missing", lambda number: number.isdigit() and len(number) == 11),
        ("invalid_kemenkes", None),
    ),
)


def validate_kemenkes(value) -> None:
    KEMENKES.validate(value)


def clean_kemenkes(raw) -> str:
    return KEMENKES.clean(raw)


def is_medical_device(number) -> bool:
    """Only an AKD/AKL number makes a mask or APD medical; PKD/PKL are household supplies."""
    try:
        number = clean_kemenkes(number)
    except ValidationError:
        return False
    return number.partition(" ")[0] in KEMENKES_MEDICAL


def kemenkes_display(number) -> str:
    number = normalise_kemenkes(number)
    return f"Kemenkes RI {number}" if number else ""


# ------------------------------------------------------------------------------------------------
# Halal (BPJPH certificate, regular or self-declare)
# ------------------------------------------------------------------------------------------------
def normalise_halal(raw) -> str:
    """`id 3511 0001 3259 01022`, `35110001325901022` → `ID35110001325901022`."""
    text = _HALAL_PREFIX.sub("", _compact(raw))
    if text.isdigit() and len(text) == 17:
        return f"ID{text}"
    return text


HALAL = Kind(
    normalise=normalise_halal,
    passes=lambda number: bool(re.fullmatch(r"ID\d{17}", number)) and number[2:4] in PROVINCE_CODES | {"00"},
    example=HALAL_EXAMPLE,
    refusals=(("halal_kh_number", lambda number: number.startswith("KH")), ("invalid_halal", None)),
)


def validate_halal(value) -> None:
    HALAL.validate(value)


def clean_halal(raw) -> str:
    return HALAL.clean(raw)


def is_valid(cleaner, value) -> bool:
    try:
        cleaner(value)
    except ValidationError:
        return False
    return bool(value)


def claims_treatment(*texts) -> bool:
    """Whether the name or description says the product cures or treats (an obat tradisional claim)."""
    return any(TREATMENT_CLAIM_RE.search(text or "") for text in texts)


def claims_medical(*texts) -> bool:
    return any(re.search(MEDICAL_CLAIM_RE, text or "", re.IGNORECASE) for text in texts)
