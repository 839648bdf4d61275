"""
Column layouts of the internet-banking exports villages use, so that a ketua need not map columns.

Headers are matched without regard to case, spaces or a trailing colon. The sample files in
tests/statements/samples/ follow these layouts; where each comes from is written beside it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Layout:
    """Which columns hold what. Exactly one of `amount` (with its marker) or `credit` is set."""

    date: str
    description: str
    amount: str = ""  # one column of amounts, credit or debit told by `marker`, a suffix or the sign
    marker: str = ""  # a column holding CR/DB (K/D); blank: a suffix ("100,000.00 CR") or the sign
    credit: str = ""  # a column of credits only (debits in another column, which is never read)


BCA = "bca"
BRI = "bri"
MANDIRI = "mandiri"
CUSTOM = "custom"

CHOICES = [
    (BCA, _("BCA (KlikBCA, CSV)")),
    (BRI, _("BRI (BRImo / Internet Banking, CSV atau Excel)")),
    (MANDIRI, _("Mandiri (Livin' / Internet Banking, Excel atau CSV)")),
    (CUSTOM, _("Lain: saya pilih kolomnya sendiri")),
]

PRESETS = {
    # KlikBCA Individual › Informasi Rekening › Mutasi Rekening › "Download": a few lines about the
    # account and the period ("Periode : 01/11/2026 - 30/11/2026") above the table; dates as 'dd/mm
    # (the year comes from the period); one Jumlah column with the marker after the amount
    # ("100,000.00 CR"); Saldo Awal / Mutasi Kredit / Mutasi Debet / Saldo Akhir lines below.
    BCA: Layout(date="Tanggal Transaksi", description="Keterangan", amount="Jumlah"),
    # BRI Internet Banking / BRImo › Mutasi Rekening: Tanggal Transaksi, Uraian Transaksi, Teller,
    # Debet, Kredit, Saldo, Indonesian numbers ("1.250.000,00"), separated by ";".
    BRI: Layout(date="Tanggal Transaksi", description="Uraian Transaksi", credit="Kredit"),
    # Mandiri's account statement export: Tgl., Tgl. Val., Rincian Transaksi, No. Referensi, Debit,
    # Kredit, Saldo, Branch.
    MANDIRI: Layout(date="Tgl.", description="Rincian Transaksi", credit="Kredit"),
}
