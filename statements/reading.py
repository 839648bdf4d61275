"""
Reading a bank statement (CSV or XLSX) into its credit lines, with a column layout.

CSV through the csv module, XLSX through openpyxl: no parser of our own for a file format, only
for the cells (dates written as banks write them, amounts in Indonesian or English notation).
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .presets import Layout

MAX_ROWS = 5000
# How far down a statement's table may start (banks put the account and the period above it).
HEADER_SEARCH_ROWS = 40
DELIMITERS = (",", ";", "\t")
CREDIT_MARKERS = {"CR", "K", "C", "KREDIT", "CREDIT"}
DEBIT_MARKERS = {"DB", "DR", "D", "DEBET", "DEBIT"}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "januari", "january"),
            ("feb", "peb", "februari", "february"),
            ("mar", "maret", "march"),
            ("apr", "april"),
            ("mei", "may"),
            ("jun", "juni", "june"),
            ("jul", "juli", "july"),
            ("agu", "agt", "ags", "aug", "agustus", "august"),
            ("sep", "sept", "september"),
            ("okt", "oct", "oktober", "october"),
            ("nov", "nop", "november", "nopember"),
            ("des", "dec", "desember", "december"),
        ],
        start=1,
    )
    for name in names
}


class StatementError(Exception):
    """A file that cannot be read as a statement with this layout; the message is for the ketua."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Credit:
    """One credit line of a statement, as the bank wrote it."""

    date: date
    description: str
    amount: Decimal


@dataclass(frozen=True)
class Statement:
    credits: list[Credit]
    debits: int  # lines read as debits (money out): counted, never matched
    skipped: int  # lines without a date (totals, pending lines) or without an amount


def normalise_header(value) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value or "").lower())


# ------------------------------------------------------------------------------------------------
# Files → rows
# ------------------------------------------------------------------------------------------------
def kind_of(filename: str, content: bytes) -> str:
    """ "csv" or "xlsx"; raises StatementError for anything else (PDF, old .xls, pictures)."""
    name = filename.lower()
    if not content:
        raise StatementError(_("Berkas kosong. Unduh lagi mutasi rekening dari aplikasi bank."), "empty")
    if name.endswith(".xlsx"):
        if not content.startswith(b"PK"):
            raise StatementError(
                _("Berkas ini bukan Excel .xlsx yang utuh. Unduh lagi dari bank."), "bad_xlsx"
            )
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        if b"\x00" in content[:4096] or content.startswith((b"PK", b"%PDF")):
            raise StatementError(
                _("Berkas ini bukan CSV. Unduh mutasi dalam format CSV atau Excel."), "bad_csv"
            )
        return "csv"
    if name.endswith(".pdf"):
        raise StatementError(
            _("Mutasi dalam PDF belum bisa dibaca. Unduh mutasi dalam format CSV atau Excel (.xlsx)."), "pdf"
        )
    if name.endswith(".xls"):
        raise StatementError(
            _("Excel lama (.xls) belum bisa dibaca. Buka lalu simpan sebagai .xlsx, atau unduh CSV."), "xls"
        )
    raise StatementError(_("Pilih berkas mutasi rekening berformat CSV atau Excel (.xlsx)."), "file_type")


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def csv_tables(content: bytes) -> list[list[list]]:
    """The file read with each separator a bank uses; the layout picks the one that fits."""
    text = _decode(content)
    tables = []
    for delimiter in DELIMITERS:
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                break
        tables.append(rows)
    return tables


def xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise StatementError(
            _("Berkas Excel ini rusak atau tidak bisa dibuka. Unduh lagi dari bank."), "bad_xlsx"
        ) from None
    try:
        rows = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS:
                break
        return rows
    finally:
        workbook.close()


# ------------------------------------------------------------------------------------------------
# Cells → values
# ------------------------------------------------------------------------------------------------
def parse_amount(value) -> tuple[Decimal | None, str]:
    """
    An amount cell → (value, marker): "100,000.00 CR" → (100000.00, "CR"), "1.250.000,00" →
    (1250000.00, ""), "-50000" → (-50000, ""); (None, "") for an empty cell. Raises ValueError.

    With both separators the last one is the decimal one; with one kind only, a single separator
    followed by other than three digits is decimal ("125000.00"), otherwise it groups thousands
    ("25.000", "1,250,000"): rupiah never have three decimals.
    """
    if value is None:
        return None, ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)), ""
    text = str(value).strip().upper().replace("\u00a0", " ")
    marker = ""
    match = re.search(r"\s*\b(CR|DB|DR|K|D)\.?$", text)
    if match:
        marker, text = match.group(1), text[: match.start()]
    text = re.sub(r"\s+|^RP\.?|IDR", "", text)
    if not text:
        return None, marker
    negative = text.startswith("-") or text.endswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("-+()")
    text = re.sub(r"^RP\.?", "", text)
    if not re.fullmatch(r"\d[\d.,]*", text):
        raise ValueError(value)
    if "." in text and "," in text:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
    elif text.count(".") == 1 and len(text.split(".")[1]) != 3:
        decimal_sep = "."
    elif text.count(",") == 1 and len(text.split(",")[1]) != 3:
        decimal_sep = ","
    else:
        decimal_sep = None
    whole, fraction = text.rsplit(decimal_sep, 1) if decimal_sep else (text, "")
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        raise ValueError(value)
    if fraction and not fraction.isdigit():
        raise ValueError(value)
    try:
        number = Decimal("".join(groups) + ("." + fraction if fraction else ""))
    except InvalidOperation:
        raise ValueError(value) from None
    return (-number if negative else number), marker


_DATE_RE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})(?:[/\-.](\d{2}|\d{4}))?(?:\s.*)?$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_NAMED_RE = re.compile(r"^(\d{1,2})[\s\-/]+([a-z]+)[\s\-/,]+(\d{2}|\d{4})(?:\s.*)?$")


def parse_date(value, *, year: int) -> date | None:
    """A date cell (day first, as Indonesian banks write it) → date; None if it is not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().lstrip("'").strip().lower()
    try:
        if match := _ISO_RE.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DATE_RE.match(text):
            full_year = _year(match[3]) if match[3] else year
            return date(full_year, int(match[2]), int(match[1]))
        if (match := _NAMED_RE.match(text)) and match[2] in MONTHS:
            return date(_year(match[3]), MONTHS[match[2]], int(match[1]))
    except ValueError:
        return None
    return None


def _year_was_guessed(value) -> bool:
    match = isinstance(value, str) and _DATE_RE.match(value.strip().lstrip("'").strip())
    return bool(match) and not match[3]


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def statement_year(rows_above: list[list], today: date) -> int:
    """The year of dates written without one (BCA's 'dd/mm'): the end of the period the file states."""
    found = None
    for row in rows_above:
        for cell in row:
            for match in re.finditer(r"\b\d{1,2}/\d{1,2}/(\d{4})\b", str(cell or "")):
                found = int(match[1])
    return found or today.year


# ------------------------------------------------------------------------------------------------
# Rows + layout → credits
# ------------------------------------------------------------------------------------------------
def _wanted(layout: Layout) -> dict[str, str]:
    columns = {"date": layout.date, "description": layout.description}
    if layout.credit:
        columns["credit"] = layout.credit
    else:
        columns["amount"] = layout.amount
        if layout.marker:
            columns["marker"] = layout.marker
    return columns


def _find_header(rows, wanted) -> tuple[int, dict[str, int]] | None:
    keys = {field: normalise_header(name) for field, name in wanted.items()}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [normalise_header(cell) for cell in row]
        if all(key in cells for key in keys.values()):
            return index, {field: cells.index(key) for field, key in keys.items()}
    return None


def _missing_message(tables, wanted) -> StatementError:
    """Which mapped column the file lacks, and which columns it has (from its widest early row)."""
    best_row, best_hits = [], -1
    keys = {normalise_header(name) for name in wanted.values()}
    for rows in tables:
        for row in rows[:HEADER_SEARCH_ROWS]:
            cells = [str(cell).strip() for cell in row if cell is not None and str(cell).strip()]
            hits = len(keys & {normalise_header(cell) for cell in cells})
            if (hits, len(cells)) > (best_hits, len(best_row)):
                best_row, best_hits = cells, hits
    present = {normalise_header(cell) for cell in best_row}
    missing = [name for name in wanted.values() if normalise_header(name) not in present]
    return StatementError(
        _(
            "Kolom %(missing)s tidak ada di berkas ini. Kolom yang ada: %(present)s. "
            "Pilih bank atau kolom yang sesuai."
        )
        % {
            "missing": ", ".join(f"“{name}”" for name in missing),
            "present": ", ".join(f"“{cell}”" for cell in best_row[:12]) or "-",
        },
        "missing_column",
    )


def read_statement(*, filename: str, content: bytes, layout: Layout, today: date) -> Statement:
    """The credit lines of a statement file read with `layout`; raises StatementError."""
    kind = kind_of(filename, content)
    tables = csv_tables(content) if kind == "csv" else [xlsx_rows(content)]
    wanted = _wanted(layout)
    for rows in tables:
        found = _find_header(rows, wanted)
        if found is not None:
            break
    else:
        raise _missing_message(tables, wanted)
    header_index, columns = found
    year = statement_year(rows[:header_index], today)
    credits, debits, skipped = [], 0, 0
    for row in rows[header_index + 1 :]:
        cells = dict.fromkeys(columns)
        for field, index in columns.items():
            cells[field] = row[index] if index < len(row) else None
        when = parse_date(cells["date"], year=year)
        if when is None:
            skipped += 1
            continue
        if when > today and _year_was_guessed(cells["date"]):
            # December's lines of a statement read in January, for instance.
            when = when.replace(year=when.year - 1)
        try:
            amount, is_credit = _amount_of(cells, layout)
        except ValueError:
            skipped += 1
            continue
        if amount is None:
            skipped += 1
        elif is_credit:
            credits.append(Credit(when, " ".join(str(cells["description"] or "").split())[:300], amount))
        else:
            debits += 1
    if not credits and not debits:
        raise StatementError(
            _(
                "Tidak ada baris bertanggal dengan jumlah di kolom %(date)s. "
                "Periksa pilihan bank atau kolomnya."
            )
            % {"date": f"“{layout.date}”"},
            "no_lines",
        )
    return Statement(credits=credits, debits=debits, skipped=skipped)


def _amount_of(cells, layout: Layout) -> tuple[Decimal | None, bool]:
    if layout.credit:
        amount, _marker = parse_amount(cells["credit"])
        if amount is None or amount == 0:
            return Decimal(0), False
        return abs(amount), amount > 0
    amount, marker = parse_amount(cells["amount"])
    if amount is None:
        return None, False
    if layout.marker:
        marker = str(cells["marker"] or "").strip().upper().rstrip(".")
    if marker in CREDIT_MARKERS:
        return abs(amount), True
    if marker in DEBIT_MARKERS:
        return abs(amount), False
    return abs(amount), amount > 0
