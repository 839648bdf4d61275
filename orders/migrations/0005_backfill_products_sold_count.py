"""Fill products' "Terjual" figure from the orders already counted as sales."""

from django.db import migrations
from django.db.models import Sum


def backfill(apps, schema_editor):
    OrderItem = apps.get_model("orders", "OrderItem")
    Product = apps.get_model("products", "Product")
    sold = (
        OrderItem.objects.filter(order__counted_at__isnull=False, product__isnull=False)
        .exclude(order__status="cancelled")
        .values("product_id")
        .annotate(quantity=Sum("quantity"))
    )
    for row in sold:
        Product.objects.filter(pk=row["product_id"]).update(sold_count=row["quantity"])


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_exact_amounts_receipt_checks_and_refunds"),
        ("products", "0007_rating_figures_sold_count_og_image"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
