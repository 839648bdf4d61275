"""The four Desbumi villages of Jember."""

from django.db import IntegrityError, migrations, transaction
from django.db.models import ProtectedError, RestrictedError

VILLAGES = [
    (
        "Wonoasri",
        "wonoasri",
        "Tempurejo",
        "Desa Wonoasri di tepi hutan Meru Betiri. Para anggota Desbumi di sini menjahit masker kain "
        "dan APD, dan meracik jamu dari kebun sendiri.",
    ),
    (
        "Sabrang",
        "sabrang",
        "Ambulu",
        "Desa Sabrang dekat pantai selatan Jember. Ibu-ibu purna pekerja migran di sini terkenal "
        "dengan jamu kunyit asam dan beras kencur.",
    ),
    (
        "Ambulu",
        "ambulu",
        "Ambulu",
        "Desa Ambulu, pusat kecamatan di selatan Jember. Anggotanya membuat masker, gaun APD dan "
        "jamu untuk puskesmas dan warga sekitar.",
    ),
    (
        "Dukuhdempok",
        "dukuhdempok",
        "Wuluhan",
        "Desa Dukuhdempok di Kecamatan Wuluhan. Kelompok perempuan purna pekerja migran di sini "
        "menjahit masker dan face shield sejak masa pandemi.",
    ),
]


def create_villages(apps, schema_editor):
    Shop = apps.get_model("shops", "Shop")
    for name, slug, kecamatan, story in VILLAGES:
        Shop.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kecamatan": kecamatan, "kabupaten": "Jember", "story": story},
        )


def remove_villages(apps, schema_editor):
    """Remove the villages nothing refers to any more (members, products, orders protect theirs)."""
    Shop = apps.get_model("shops", "Shop")
    for shop in Shop.objects.filter(slug__in=[v[1] for v in VILLAGES]):
        try:
            with transaction.atomic():
                shop.delete()
        except (IntegrityError, ProtectedError, RestrictedError):
            pass


class Migration(migrations.Migration):
    dependencies = [("shops", "0001_initial")]
    operations = [migrations.RunPython(create_villages, remove_villages)]
