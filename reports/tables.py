"""The report tables: one description per table, shown on the page and downloaded as CSV alike."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .selectors import ReportRange

TOP_PRODUCTS_ON_PAGE = 20


@dataclass
class Column:
    label: str
    field: str  # the attribute of a selector's row shown in this column
    kind: str = "text"  # text | number | rupiah | month
    total: bool = False  # summed in the footer
    if_empty: str = ""  # shown instead of an empty text

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "rupiah")

    def cell(self, row):
        value = getattr(row, self.field)
        return self.if_empty if self.if_empty and not value else value


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    footer: list | None = None
    note: str = ""


def _table(*, slug: str, title: str, columns: list[Column], rows, note: str = "") -> Table:
    """
    One cell a column for each of the selector's `rows`; with a column to total, a footer that
    says "Jumlah" under the first column and sums each column marked `total`.
    """
    table = Table(slug, title, columns, rows=[[c.cell(row) for c in columns] for row in rows], note=note)
    if any(c.total for c in columns):
        sums = [sum(row[i] for row in table.rows) if c.total else "" for i, c in enumerate(columns)]
        table.footer = [_("Jumlah"), *sums[1:]]
    return table


def village_sales_table(rng: ReportRange, rows: list[selectors.VillageMonth] | None = None) -> Table:
    return _table(
        slug="penjualan-desa",
        title=_("Penjualan per desa per bulan"),
        columns=[
            Column(_("Bulan"), "month", "month"),
            Column(_("Desa"), "shop_name"),
            Column(_("Pesanan"), "orders", "number", total=True),
            Column(_("Barang terjual"), "items", "number", total=True),
            Column(_("Pendapatan produk (Rp)"), "product_revenue", "rupiah", total=True),
            Column(_("Ongkos kirim (Rp)"), "delivery_fees", "rupiah", total=True),
        ],
        rows=rows if rows is not None else selectors.village_sales_by_month(rng=rng),
        note=_(
            "Ongkos kirim milik desa, dicatat terpisah. Kode unik transfer tidak dihitung sebagai pendapatan."
        ),
    )


def member_income_table(rng: ReportRange) -> Table:
    return _table(
        slug="pendapatan-anggota",
        title=_("Pendapatan per anggota"),
        columns=[
            Column(_("Anggota"), "name", if_empty=_("(pembuat tidak tercatat)")),
            Column(_("Desa"), "shop_name"),
            # Not totalled: an order with things made by two members is in both their rows.
            Column(_("Pesanan"), "orders", "number"),
            Column(_("Barang terjual"), "items", "number", total=True),
            Column(_("Pendapatan (Rp)"), "income", "rupiah", total=True),
        ],
        rows=selectors.member_income(rng=rng),
        note=_("Pendapatan dari barang yang ia buat (harga × jumlah), tanpa ongkos kirim dan kode unik."),
    )


def top_products_table(rng: ReportRange, *, limit: int | None = None) -> Table:
    return _table(
        slug="produk-terlaris",
        title=_("Produk terlaris"),
        columns=[
            Column(_("Peringkat"), "rank", "number"),
            Column(_("Produk"), "name"),
            Column(_("Desa"), "shop_name"),
            Column(_("Pesanan"), "orders", "number"),
            Column(_("Barang terjual"), "items", "number"),
            Column(_("Pendapatan (Rp)"), "revenue", "rupiah"),
        ],
        rows=selectors.top_products(rng=rng, limit=limit),
        note=(
            _("Menurut jumlah barang terjual. Halaman ini menampilkan %(n)d teratas; file CSV berisi semua.")
            % {"n": limit}
            if limit
            else ""
        ),
    )


def active_members_table(rng: ReportRange) -> Table:
    return _table(
        slug="anggota-aktif",
        title=_("Anggota aktif"),
        columns=[
            Column(_("Desa"), "shop_name"),
            Column(_("Anggota disetujui"), "approved", "number", total=True),
            Column(_("Dengan penjualan"), "with_sales", "number", total=True),
            Column(_("Menerbitkan produk"), "listed", "number", total=True),
            Column(_("Anggota aktif"), "active", "number", total=True),
        ],
        rows=selectors.active_members(rng=rng),
        note=_(
            "Aktif: ada penjualan barang buatannya, atau ia menerbitkan produk, dalam rentang tanggal ini."
        ),
    )


def village_balances_table(rng: ReportRange) -> Table:
    return _table(
        slug="kas-desa",
        title=_("Kas desa dan saldo anggota"),
        columns=[
            Column(_("Desa"), "shop_name"),
            Column(_("Penjualan (Rp)"), "sales", "rupiah", total=True),
            Column(_("Bagian anggota (Rp)"), "members_share", "rupiah", total=True),
            Column(_("Kas desa (Rp)"), "kas", "rupiah", total=True),
            Column(_("Dibayar ke anggota (Rp)"), "paid_out", "rupiah", total=True),
            Column(_("Belum dibayar ke anggota (Rp)"), "owed", "rupiah", total=True),
            Column(_("Ongkos kirim (Rp)"), "delivery_fees", "rupiah", total=True),
            Column(_("Kode unik (Rp)"), "unique_codes", "rupiah", total=True),
        ],
        rows=selectors.village_balances(rng=rng),
        note=_(
            "Dari buku kas. Penjualan = bagian anggota + kas desa; pembatalan sesudah dihitung dikurangi "
            'pada bulan pembatalan. "Belum dibayar" adalah saldo pada tanggal akhir.'
        ),
    )


def member_balances_table(rng: ReportRange) -> Table:
    return _table(
        slug="saldo-anggota",
        title=_("Saldo anggota"),
        columns=[
            Column(_("Anggota"), "name"),
            Column(_("Desa"), "shop_name"),
            Column(_("Penghasilan (Rp)"), "earned", "rupiah", total=True),
            Column(_("Dibayar (Rp)"), "paid_out", "rupiah", total=True),
            Column(_("Belum dibayar (Rp)"), "owed", "rupiah", total=True),
        ],
        rows=selectors.member_balances(rng=rng),
        note=_('Penghasilan sesudah kas desa. "Belum dibayar" adalah saldo pada tanggal akhir.'),
    )


# slug → (builder for the CSV: every row)
CSV_TABLES = {
    "penjualan-desa": village_sales_table,
    "pendapatan-anggota": member_income_table,
    "produk-terlaris": top_products_table,
    "anggota-aktif": active_members_table,
    "kas-desa": village_balances_table,
    "saldo-anggota": member_balances_table,
}
REPORT_TITLES = {
    "reports_villages": gettext_lazy("Penjualan per desa"),
    "reports_members": gettext_lazy("Pendapatan anggota"),
    "reports_products": gettext_lazy("Produk terlaris"),
    "reports_active": gettext_lazy("Anggota aktif"),
    "reports_kas": gettext_lazy("Kas desa"),
    "reports_balances": gettext_lazy("Saldo anggota"),
}
