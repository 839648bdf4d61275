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
    kind: str = "text"  # text | number | rupiah | month

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "rupiah")


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    footer: list | None = None
    note: str = ""


def _sum(rows, index):
    return sum(row[index] for row in rows)


def village_sales_table(rng: ReportRange, rows: list[selectors.VillageMonth] | None = None) -> Table:
    rows = rows if rows is not None else selectors.village_sales_by_month(rng=rng)
    table = Table(
        slug="penjualan-desa",
        title=_("Penjualan per desa per bulan"),
        columns=[
            Column(_("Bulan"), "month"),
            Column(_("Desa")),
            Column(_("Pesanan"), "number"),
            Column(_("Barang terjual"), "number"),
            Column(_("Pendapatan produk (Rp)"), "rupiah"),
            Column(_("Ongkos kirim (Rp)"), "rupiah"),
        ],
        rows=[[r.month, r.shop_name, r.orders, r.items, r.product_revenue, r.delivery_fees] for r in rows],
        note=_(
            "Ongkos kirim milik desa, dicatat terpisah. Kode unik transfer tidak dihitung sebagai pendapatan."
        ),
    )
    table.footer = [_("Jumlah"), "", *(_sum(table.rows, i) for i in range(2, 6))]
    return table


def member_income_table(rng: ReportRange) -> Table:
    rows = selectors.member_income(rng=rng)
    table = Table(
        slug="pendapatan-anggota",
        title=_("Pendapatan per anggota"),
        columns=[
            Column(_("Anggota")),
            Column(_("Desa")),
            Column(_("Pesanan"), "number"),
            Column(_("Barang terjual"), "number"),
            Column(_("Pendapatan (Rp)"), "rupiah"),
        ],
        rows=[
            [r.name or _("(pembuat tidak tercatat)"), r.shop_name, r.orders, r.items, r.income] for r in rows
        ],
        note=_("Pendapatan dari barang yang ia buat (harga × jumlah), tanpa ongkos kirim dan kode unik."),
    )
    table.footer = [_("Jumlah"), "", "", _sum(table.rows, 3), _sum(table.rows, 4)]
    return table


def top_products_table(rng: ReportRange, *, limit: int | None = None) -> Table:
    rows = selectors.top_products(rng=rng, limit=limit)
    return Table(
        slug="produk-terlaris",
        title=_("Produk terlaris"),
        columns=[
            Column(_("Peringkat"), "number"),
            Column(_("Produk")),
            Column(_("Desa")),
            Column(_("Pesanan"), "number"),
            Column(_("Barang terjual"), "number"),
            Column(_("Pendapatan (Rp)"), "rupiah"),
        ],
        rows=[[r.rank, r.name, r.shop_name, r.orders, r.items, r.revenue] for r in rows],
        note=(
            _("Menurut jumlah barang terjual. Halaman ini menampilkan %(n)d teratas; file CSV berisi semua.")
            % {"n": limit}
            if limit
            else ""
        ),
    )


def active_members_table(rng: ReportRange) -> Table:
    rows = selectors.active_members(rng=rng)
    table = Table(
        slug="anggota-aktif",
        title=_("Anggota aktif"),
        columns=[
            Column(_("Desa")),
            Column(_("Anggota disetujui"), "number"),
            Column(_("Dengan penjualan"), "number"),
            Column(_("Menerbitkan produk"), "number"),
            Column(_("Anggota aktif"), "number"),
        ],
        rows=[[r.shop_name, r.approved, r.with_sales, r.listed, r.active] for r in rows],
        note=_(
            "Aktif: ada penjualan barang buatannya, atau ia menerbitkan produk, dalam rentang tanggal ini."
        ),
    )
    table.footer = [_("Jumlah"), *(_sum(table.rows, i) for i in range(1, 5))]
    return table


def village_balances_table(rng: ReportRange) -> Table:
    rows = selectors.village_balances(rng=rng)
    table = Table(
        slug="kas-desa",
        title=_("Kas desa dan saldo anggota"),
        columns=[
            Column(_("Desa")),
            Column(_("Penjualan (Rp)"), "rupiah"),
            Column(_("Bagian anggota (Rp)"), "rupiah"),
            Column(_("Kas desa (Rp)"), "rupiah"),
            Column(_("Dibayar ke anggota (Rp)"), "rupiah"),
            Column(_("Belum dibayar ke anggota (Rp)"), "rupiah"),
            Column(_("Ongkos kirim (Rp)"), "rupiah"),
            Column(_("Kode unik (Rp)"), "rupiah"),
        ],
        rows=[
            [
                r.shop_name,
                r.sales,
                r.members_share,
                r.kas,
                r.paid_out,
                r.owed,
                r.delivery_fees,
                r.unique_codes,
            ]
            for r in rows
        ],
        note=_(
            "Dari buku kas. Penjualan = bagian anggota + kas desa; pembatalan sesudah dihitung dikurangi "
            'pada bulan pembatalan. "Belum dibayar" adalah saldo pada tanggal akhir.'
        ),
    )
    table.footer = [_("Jumlah"), *(_sum(table.rows, i) for i in range(1, 8))]
    return table


def member_balances_table(rng: ReportRange) -> Table:
    rows = selectors.member_balances(rng=rng)
    table = Table(
        slug="saldo-anggota",
        title=_("Saldo anggota"),
        columns=[
            Column(_("Anggota")),
            Column(_("Desa")),
            Column(_("Penghasilan (Rp)"), "rupiah"),
            Column(_("Dibayar (Rp)"), "rupiah"),
            Column(_("Belum dibayar (Rp)"), "rupiah"),
        ],
        rows=[[r.name, r.shop_name, r.earned, r.paid_out, r.owed] for r in rows],
        note=_('Penghasilan sesudah kas desa. "Belum dibayar" adalah saldo pada tanggal akhir.'),
    )
    table.footer = [_("Jumlah"), "", *(_sum(table.rows, i) for i in range(2, 5))]
    return table


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
