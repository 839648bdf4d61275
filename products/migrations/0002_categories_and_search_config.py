"""The three categories, and the PostgreSQL text search configuration the catalog uses."""

from django.db import migrations

CATEGORIES = [
    ("Masker", "masker", "masker", 1, "Masker kain dan masker medis buatan anggota Desbumi."),
    ("APD", "apd", "apd", 2, "Alat pelindung diri: gaun, face shield, baju hazmat untuk tenaga kesehatan."),
    ("Jamu", "jamu", "jamu", 3, "Jamu tradisional: kunyit asam, beras kencur, temulawak, jahe merah."),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("products", "Category")
    for name, slug, kind, order, description in CATEGORIES:
        Category.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "sort_order": order, "description": description},
        )


def remove_categories(apps, schema_editor):
    Category = apps.get_model("products", "Category")
    Category.objects.filter(slug__in=[c[1] for c in CATEGORIES], products__isnull=True).delete()


def create_search_config(apps, schema_editor):
    """`desbumi`: a copy of PostgreSQL's Indonesian Snowball configuration, or of `simple`."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'desbumi'")
        if cursor.fetchone():
            return
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        source = "pg_catalog.indonesian" if cursor.fetchone() else "pg_catalog.simple"
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION desbumi (COPY = {source})")


def drop_search_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS desbumi")


class Migration(migrations.Migration):
    dependencies = [("products", "0001_initial")]
    operations = [
        migrations.RunPython(create_categories, remove_categories),
        migrations.RunPython(create_search_config, drop_search_config),
    ]
