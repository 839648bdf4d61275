"""Rebuild mandiri.xlsx (see README.md): `python tests/statements/samples/make_mandiri_xlsx.py`."""

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

ROWS = [
    ["Rekening Koran", None, None, None, None, None, None, None],
    ["No. Rekening", "1430012345678", None, None, None, None, None, None],
    ["Periode", "01/11/2026 - 30/11/2026", None, None, None, None, None, None],
    [None] * 8,
    ["Tgl.", "Tgl. Val.", "Rincian Transaksi", "No. Referensi", "Debit", "Kredit", "Saldo", "Branch"],
    [
        datetime(2026, 11, 2, 9, 15),
        datetime(2026, 11, 2),
        "TRANSFER DARI SITI AMINAH",
        "2611020001",
        0,
        37512,
        1037512,
        "JEMBER",
    ],
    [datetime(2026, 11, 3), datetime(2026, 11, 3), "BIAYA ADM", "2611030001", 10000, 0, 1027512, "JEMBER"],
    [
        datetime(2026, 11, 4, 13, 40),
        datetime(2026, 11, 4),
        "MCM InhouseTrf RINA WULANDARI",
        "2611040001",
        0,
        125250.0,
        1152762,
        "JEMBER",
    ],
]


def build(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Mutasi"
    for row in ROWS:
        sheet.append(row)
    workbook.save(path)


if __name__ == "__main__":
    build(Path(__file__).with_name("mandiri.xlsx"))
