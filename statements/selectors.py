"""Reads for the statement pages, scoped to the village (or to any village for staff)."""

from django.db.models import Count, Q

from .models import StatementImport, StatementLine

Line = StatementLine.State


def statement_list(*, shop, limit: int = 20):
    """The village's latest imports, each with its count of proposals still to confirm."""
    return (
        StatementImport.objects.filter(shop=shop)
        .annotate(
            proposed=Count("lines", filter=Q(lines__state=Line.PROPOSED)),
            confirmed=Count("lines", filter=Q(lines__state=Line.CONFIRMED)),
        )
        .order_by("-created_at", "-pk")[:limit]
    )


def statement_get(*, pk: int, shop=None) -> StatementImport:
    """One import of `shop` (any village's when shop is None: staff). Raises DoesNotExist."""
    imports = StatementImport.objects.select_related("shop")
    if shop is not None:
        imports = imports.filter(shop=shop)
    return imports.get(pk=pk)


def statement_lines(*, statement) -> dict[str, list[StatementLine]]:
    """The lines of an import by state, with their orders, in one query."""
    grouped = {state: [] for state in Line.values}
    for line in (
        StatementLine.objects.filter(statement=statement).select_related("order").order_by("date", "pk")
    ):
        grouped[line.state].append(line)
    return grouped


def statement_line_get(*, statement, pk: int) -> StatementLine:
    return StatementLine.objects.get(statement=statement, pk=pk)
