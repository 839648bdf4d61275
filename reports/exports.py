"""CSV downloads of the report tables, for spreadsheets: UTF-8 with a byte order mark."""

import csv

from django.http import HttpResponse

# Without the BOM, Excel reads UTF-8 as the Windows code page and garbles names like “Siti Ma’rufah”.
BOM = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheet software (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(*, filename: str, header: list[str], rows) -> HttpResponse:
    """A CSV attachment: the header, then one line per row; text cells never start a formula."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response
