"""
A bar chart drawn on the server as inline SVG: no JavaScript, no library, nothing to load.

Styled with SVG presentation attributes only (fill=, font-size=…): the Content-Security-Policy
forbids inline <style> and style="" attributes. The viewBox is as wide as a phone, so its text
is about 12 px on a 360 px screen; the page's stylesheet caps its width on a computer.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.money import rupiah

# Okabe–Ito colours: told apart by people with colour blindness, dark enough on white.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
TEXT = "#1f2933"
GRID = "#c8ced6"

WIDTH = 360
LABEL_WIDTH = 66  # "Sep 2026"
VALUE_WIDTH = 96  # "Rp12.500.000"
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH
ROW = 26
BAR = 16
LEGEND_ROW = 20


def stacked_bars(
    *,
    title: str,
    description: str,
    months: list[date],
    series: list[tuple[int, str]],
    values: dict[tuple[date, int], int],
    element_id: str = "grafik",
) -> SafeString:
    """
    One horizontal bar per month, split by series (villages), with each month's total written after it.

    `series` is [(key, name)], `values` maps (month, key) to whole rupiah. Returns safe SVG markup
    (names are escaped).
    """
    colours = {key: COLOURS[i % len(COLOURS)] for i, (key, _name) in enumerate(series)}
    legend_rows = (len(series) + 1) // 2
    top = 8 + legend_rows * LEGEND_ROW + 8
    height = top + max(len(months), 1) * ROW + 8
    totals = {month: sum(values.get((month, key), 0) for key, _name in series) for month in months}
    largest = max(totals.values(), default=0)

    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}" fill="{}">{}</text>',
        (
            (
                (i % 2) * (WIDTH // 2),
                8 + (i // 2) * LEGEND_ROW,
                colours[key],
                (i % 2) * (WIDTH // 2) + 18,
                8 + (i // 2) * LEGEND_ROW + 11,
                TEXT,
                name,
            )
            for i, (key, name) in enumerate(series)
        ),
    )

    rows = []
    for index, month in enumerate(months):
        y = top + index * ROW
        x = LABEL_WIDTH
        segments = []
        for key, name in series:
            amount = values.get((month, key), 0)
            if amount <= 0 or largest <= 0:
                continue
            width = max(BAR_AREA * amount / largest, 1)
            segments.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                    round(x, 1),
                    y,
                    round(width, 1),
                    BAR,
                    colours[key],
                    f"{name}: {rupiah(amount)}",
                )
            )
            x += width
        rows.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>{}'
                '<text x="{}" y="{}" fill="{}">{}</text>',
                LABEL_WIDTH - 6,
                y + 12,
                TEXT,
                date_format(month, "M Y"),
                mark_safe("".join(segments)),
                round(x, 1) + 4,
                y + 12,
                TEXT,
                rupiah(totals[month]),
            )
        )
    if not months or largest <= 0:
        rows.append(
            format_html(
                '<text x="{}" y="{}" fill="{}">{}</text>',
                LABEL_WIDTH,
                top + 12,
                TEXT,
                _("Belum ada penjualan."),
            )
        )

    return format_html(
        '<svg class="report-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<g class="legend">{legend}</g>'
        '<line x1="{lx}" y1="{top}" x2="{lx}" y2="{bottom}" stroke="{grid}" stroke-width="1"/>'
        '<g class="bars">{rows}</g></svg>',
        w=WIDTH,
        h=height,
        id=element_id,
        title=title,
        desc=description,
        legend=legend,
        lx=LABEL_WIDTH - 0.5,
        top=top - 4,
        bottom=height - 4,
        grid=GRID,
        rows=mark_safe("".join(rows)),
    )
