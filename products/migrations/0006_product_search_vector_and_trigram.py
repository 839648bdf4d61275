"""
A stored, indexed search vector for products, kept current by PostgreSQL triggers, and trigram
indexes on product names for partial words and typos.

Why triggers and not a generated column: the vector includes the category's and the village's
names, which live in other tables (a generated column may only read its own row), and signals
would miss bulk `update()`s. The product trigger fires only when a column of the vector changes
(`UPDATE OF name, description, category_id, shop_id`), so the stock decrements of every order do
not recompute it. Renaming a category or a village re-touches its products.

On SQLite (`make run`) only the column is added (it stays empty): search uses icontains there.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FORWARD_SQL = [
    """
    CREATE FUNCTION products_product_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('desbumi', coalesce(NEW.name, '')), 'A')
            || setweight(to_tsvector('desbumi', coalesce(
                (SELECT name FROM products_category WHERE id = NEW.category_id), '')), 'B')
            || setweight(to_tsvector('desbumi', coalesce(
                (SELECT name FROM shops_shop WHERE id = NEW.shop_id), '')), 'B')
            || setweight(to_tsvector('desbumi', coalesce(NEW.description, '')), 'C');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER products_product_search_vector
    BEFORE INSERT OR UPDATE OF name, description, category_id, shop_id ON products_product
    FOR EACH ROW EXECUTE FUNCTION products_product_search_vector()
    """,
    # A renamed category or village: its products' vectors are rebuilt by the trigger above.
    """
    CREATE FUNCTION products_category_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE products_product SET category_id = category_id WHERE category_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER products_category_renamed AFTER UPDATE OF name ON products_category
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION products_category_renamed()
    """,
    """
    CREATE FUNCTION products_shop_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE products_product SET shop_id = shop_id WHERE shop_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER products_shop_renamed AFTER UPDATE OF name ON shops_shop
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION products_shop_renamed()
    """,
    # Existing rows.
    "UPDATE products_product SET name = name",
    "CREATE INDEX product_search_vector ON products_product USING gin (search_vector)",
    "CREATE INDEX product_name_trgm ON products_product USING gin (name gin_trgm_ops)",
]

BACKWARD_SQL = [
    "DROP INDEX IF EXISTS product_name_trgm",
    "DROP INDEX IF EXISTS product_search_vector",
    "DROP TRIGGER IF EXISTS products_shop_renamed ON shops_shop",
    "DROP FUNCTION IF EXISTS products_shop_renamed()",
    "DROP TRIGGER IF EXISTS products_category_renamed ON products_category",
    "DROP FUNCTION IF EXISTS products_category_renamed()",
    "DROP TRIGGER IF EXISTS products_product_search_vector ON products_product",
    "DROP FUNCTION IF EXISTS products_product_search_vector()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0005_permit_number_validators"),
        ("shops", "0003_delivery_and_payment_options"),
    ]

    operations = [
        # pg_trgm is a trusted extension (PostgreSQL ≥ 13): the database owner may create it.
        TrigramExtension(),
        migrations.AddField(
            model_name="product",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(FORWARD_SQL), _run(BACKWARD_SQL)),
    ]
