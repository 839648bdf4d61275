"""Transfer receipts move from public media (bukti/) to private storage, under the same names."""

from django.db import migrations, models

import core.storage


def move_receipts(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    names = Order.objects.exclude(receipt="").values_list("receipt", flat=True).iterator()
    core.storage.move_to_private(names)


def move_back(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    names = Order.objects.exclude(receipt="").values_list("receipt", flat=True).iterator()
    from django.core.files.storage import default_storage

    core.storage.move_to_private(names, public=core.storage.private_storage, private=default_storage)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_buyer_phone_validated"),
    ]

    operations = [
        migrations.AlterField(
            model_name="order",
            name="receipt",
            field=models.ImageField(
                blank=True,
                storage=core.storage.get_private_storage,
                upload_to="bukti/",
                verbose_name="bukti transfer",
            ),
        ),
        migrations.RunPython(move_receipts, move_back, elidable=True),
    ]
