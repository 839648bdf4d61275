"""Reading statement files: every preset's sample, the notations banks use, and refused files."""

from datetime import date
from decimal import Decimal

import pytest

from statements import presets
from statements.presets import Layout
from statements.reading import StatementError, parse_amount, parse_date, read_statement
from tests.statements.helpers import SAMPLES

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("preset", "sample"),
    [(presets.BCA, "bca_klikbca.csv"), (presets.BRI, "bri.csv"), (presets.MANDIRI, "mandiri.xlsx")],
)
def test_each_preset_reads_its_sample(preset, sample):
    content = (SAMPLES / sample).read_bytes()

    statement = read_statement(filename=sample, content=content, layout=presets.PRESETS[preset], today=TODAY)

    assert [(c.date, c.amount) for c in statement.credits] == [
        (date(2026, 11, 2), Decimal("37512")),
        (date(2026, 11, 4), Decimal("125250")),
    ]
    assert "SITI AMINAH" in statement.credits[0].description
    assert statement.debits == 1


def test_bca_pending_and_total_lines_are_skipped():
    content = (SAMPLES / "bca_klikbca.csv").read_bytes()
    statement = read_statement(
        filename="x.csv", content=content, layout=presets.PRESETS[presets.BCA], today=TODAY
    )
    # PEND line, blank line, Saldo Awal, Mutasi Kredit, Mutasi Debet, Saldo Akhir
    assert statement.skipped == 6


def test_a_bca_statement_read_in_january_puts_december_in_the_year_before():
    content = (SAMPLES / "bca_klikbca.csv").read_bytes().replace(b"Periode : 01/11/2026 - 30/11/2026", b"")
    content = content.replace(b"'02/11", b"'30/12")
    statement = read_statement(
        filename="x.csv", content=content, layout=presets.PRESETS[presets.BCA], today=date(2027, 1, 3)
    )
    assert statement.credits[0].date == date(2026, 12, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100,000.00 CR", (Decimal("100000.00"), "CR")),
        ("2,500,000.00 DB", (Decimal("2500000.00"), "DB")),
        ("1.250.000,00", (Decimal("1250000.00"), "")),
        ("1,250,000.00", (Decimal("1250000.00"), "")),
        ("25.000", (Decimal("25000"), "")),
        ("Rp 25.000", (Decimal("25000"), "")),
        ("125123.00", (Decimal("125123.00"), "")),
        ("125123,00", (Decimal("125123.00"), "")),
        ("-50,000.00", (Decimal("-50000.00"), "")),
        ("(5.000)", (Decimal("-5000"), "")),
        ("", (None, "")),
        (12500, (Decimal("12500"), "")),
        (12500.0, (Decimal("12500.0"), "")),
    ],
)
def test_amounts_in_indonesian_and_english_notation(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["abc", "1.25.000", "12,34,567.00", "1.000.00,0,0"])
def test_a_cell_that_is_not_an_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'02/11", date(2026, 11, 2)),
        ("02/11/26 09:15:22", date(2026, 11, 2)),
        ("02-11-2026", date(2026, 11, 2)),
        ("2026-11-02", date(2026, 11, 2)),
        ("2 Nov 2026", date(2026, 11, 2)),
        ("2 Des 2026", date(2026, 12, 2)),
        ("PEND", None),
        ("Saldo Awal", None),
        ("31/02/2026", None),
    ],
)
def test_dates_day_first(text, expected):
    assert parse_date(text, year=2026) == expected


def test_semicolons_and_a_marker_column_with_a_custom_layout():
    content = (
        "Tanggal;Keterangan;Nominal;Jenis\n01/11/2026;SETORAN;50.000;K\n02/11/2026;TARIK;20.000;D\n".encode(
            "cp1252"
        )
    )
    layout = Layout(date="tanggal", description="KETERANGAN", amount="Nominal", marker="Jenis")

    statement = read_statement(filename="mutasi.CSV", content=content, layout=layout, today=TODAY)

    assert [(c.date, c.amount) for c in statement.credits] == [(date(2026, 11, 1), Decimal("50000"))]
    assert statement.debits == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("mutasi.pdf", b"%PDF-1.4", "pdf"),
        ("mutasi.xls", b"\xd0\xcf\x11\xe0", "xls"),
        ("foto.jpg", b"\xff\xd8\xff", "file_type"),
        ("mutasi.csv", b"", "empty"),
        ("mutasi.csv", b"PK\x03\x04", "bad_csv"),
        ("mutasi.xlsx", b"not a zip", "bad_xlsx"),
        ("mutasi.xlsx", b"PK\x03\x04broken", "bad_xlsx"),
    ],
)
def test_files_that_are_not_statements_are_refused(name, content, code):
    with pytest.raises(StatementError) as error:
        read_statement(filename=name, content=content, layout=presets.PRESETS[presets.BCA], today=TODAY)
    assert error.value.code == code


def test_a_layout_that_does_not_fit_names_the_missing_column_and_the_ones_there():
    content = (SAMPLES / "bri.csv").read_bytes()

    with pytest.raises(StatementError) as error:
        read_statement(filename="bri.csv", content=content, layout=presets.PRESETS[presets.BCA], today=TODAY)

    assert error.value.code == "missing_column"
    message = str(error.value)
    assert "“Keterangan”, “Jumlah”" in message
    assert "“Uraian Transaksi”" in message and "“Kredit”" in message
