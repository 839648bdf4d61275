"""The reports pages inside the admin (staff/admin_site.py wraps each in admin_view)."""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import tables
from .access import may_see_reports
from .charts import stacked_bars
from .exports import csv_response
from .forms import ReportFilterForm
from .selectors import ReportRange, totals_of, village_sales_by_month


def _query(rng: ReportRange) -> str:
    params = {"dari": rng.start.isoformat(), "sampai": rng.end.isoformat()}
    if rng.shop is not None:
        params["desa"] = rng.shop.slug
    return urlencode(params)


def _page(request, *, report: str, build) -> TemplateResponse:
    """A report page: the filter, the links to the other reports, and what `build(range)` adds."""
    if not may_see_reports(request.user):
        raise PermissionDenied
    form = ReportFilterForm.from_query(request.GET)
    context = {
        **admin.site.each_context(request),
        "title": tables.REPORT_TITLES[report],
        "form": form,
        "report": report,
    }
    status = 400
    if form.is_valid():
        rng = form.report_range
        query = _query(rng)
        context.update(build(rng))
        context["range"] = rng
        context["nav"] = [
            (name, title, f"{reverse(f'admin:{name}')}?{query}")
            for name, title in tables.REPORT_TITLES.items()
        ]
        context["csv_url"] = f"{reverse('admin:reports_csv', args=[context['table'].slug])}?{query}"
        status = 200
    request.current_app = admin.site.name
    return TemplateResponse(request, "admin/reports/report.html", context, status=status)


def village_sales(request):
    def build(rng):
        rows = village_sales_by_month(rng=rng)
        shops = sorted({(row.shop_id, row.shop_name) for row in rows}, key=lambda s: s[1])
        values = {(row.month, row.shop_id): row.product_revenue for row in rows}
        period = f"{date_format(rng.start, 'j M Y')} – {date_format(rng.end, 'j M Y')}"
        chart = stacked_bars(
            title=_("Pendapatan produk per bulan, per desa"),
            description=_("Pendapatan produk (tanpa ongkos kirim) tiap bulan, %(period)s; angkanya di tabel.")
            % {"period": period},
            months=rng.months(),
            series=shops,
            values=values,
        )
        return {"table": tables.village_sales_table(rng, rows), "totals": totals_of(rows), "chart": chart}

    return _page(request, report="reports_villages", build=build)


def member_income(request):
    return _page(
        request, report="reports_members", build=lambda rng: {"table": tables.member_income_table(rng)}
    )


def top_products(request):
    return _page(
        request,
        report="reports_products",
        build=lambda rng: {"table": tables.top_products_table(rng, limit=tables.TOP_PRODUCTS_ON_PAGE)},
    )


def active_members(request):
    return _page(
        request, report="reports_active", build=lambda rng: {"table": tables.active_members_table(rng)}
    )


def village_kas(request):
    return _page(
        request, report="reports_kas", build=lambda rng: {"table": tables.village_balances_table(rng)}
    )


def member_balances(request):
    return _page(
        request, report="reports_balances", build=lambda rng: {"table": tables.member_balances_table(rng)}
    )


def report_csv(request, table: str) -> HttpResponse:
    """One report table, every row, as a CSV file for spreadsheets (numbers as plain whole rupiah)."""
    if not may_see_reports(request.user):
        raise PermissionDenied
    builder = tables.CSV_TABLES.get(table)
    if builder is None:
        raise Http404
    form = ReportFilterForm.from_query(request.GET)
    if not form.is_valid():
        return HttpResponse(" ".join(form.errors.get("__all__", [])) or _("Tanggal tidak valid."), status=400)
    rng = form.report_range
    data = builder(rng)
    month_columns = {i for i, column in enumerate(data.columns) if column.kind == "month"}
    rows = (
        [v.strftime("%Y-%m") if i in month_columns else v for i, v in enumerate(row)] for row in data.rows
    )
    name = f"laporan-{table}-{rng.start.isoformat()}-{rng.end.isoformat()}"
    if rng.shop is not None:
        name += f"-{rng.shop.slug}"
    return csv_response(filename=f"{name}.csv", header=[c.label for c in data.columns], rows=rows)
