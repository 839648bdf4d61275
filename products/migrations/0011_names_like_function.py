"""
`products_names_like(q)`: the ids of the products whose name is like `q` (pg_trgm's `name %> q`),
always through the trigram index.

PostgreSQL prices pg_trgm's operator like a cheap comparison, so for a query that shares
trigrams with many names ("kunyt": 1,306 of 20,000) it scans the whole table and compares every
name (179 ms) instead of asking the GIN index (18 ms). A function with its own `SET
enable_seqscan = off` is planned on its own, with that setting, and is never inlined into the
caller's query, so the rest of the search is planned as usual. The app's role owns it; pg_trgm's
functions belong to the superuser, so their planner cost cannot be raised instead.

On SQLite (`make run`) nothing is created: search uses icontains there.
"""

from django.db import migrations

FORWARD_SQL = """
CREATE FUNCTION products_names_like(q text) RETURNS SETOF bigint
LANGUAGE sql STABLE ROWS 500 SET enable_seqscan = off
AS $$ SELECT id FROM products_product WHERE name %> q $$
"""
BACKWARD_SQL = "DROP FUNCTION IF EXISTS products_names_like(text)"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement, params=None)  # no interpolation: the SQL has "%>"

    return run


class Migration(migrations.Migration):
    dependencies = [("products", "0010_product_variants")]

    operations = [migrations.RunPython(_run(FORWARD_SQL), _run(BACKWARD_SQL))]
