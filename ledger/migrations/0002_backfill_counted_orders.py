"""
The ledger starts with every order already counted as a sale, so the reports keep today's figures.

Each such order is credited at its counted_at (kas 0%: no village had a kas percentage then): each
line to its maker, or wholly to kas without one (a village product, or a member since deleted);
the delivery fee and kode unik to the village. Orders cancelled before the ledger existed are
left out, as the reports left them out.
"""

from django.db import migrations
from django.utils import timezone


def backfill(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    OrderItem = apps.get_model("orders", "OrderItem")
    Entry = apps.get_model("ledger", "Entry")
    counted = Order.objects.filter(counted_at__isnull=False).exclude(status="cancelled")
    batch = []
    orders = {}
    for order in counted.order_by("pk").iterator(chunk_size=2000):
        month = timezone.localtime(order.counted_at).date().replace(day=1)
        orders[order.pk] = (order.shop_id, order.counted_at, month)
        batch.append(
            Entry(
                kind="order",
                shop_id=order.shop_id,
                order_id=order.pk,
                delivery_fee=order.delivery_fee,
                unique_code=order.unique_code,
                booked_at=order.counted_at,
                month=month,
            )
        )
    items = OrderItem.objects.filter(order__in=counted).select_related("made_by").order_by("pk")
    for item in items.iterator(chunk_size=2000):
        shop_id, at, month = orders[item.order_id]
        maker = item.made_by
        maker_id = None if maker is None or maker.status == "deleted" else maker.pk
        amount = item.line_total if maker_id is not None else 0
        batch.append(
            Entry(
                kind="sale",
                shop_id=shop_id,
                member_id=maker_id,
                order_id=item.order_id,
                order_item_id=item.pk,
                product_id=item.product_id,
                product_name=item.product_name,
                quantity=item.quantity,
                line_total=item.line_total,
                amount=amount,
                kas=item.line_total - amount,
                booked_at=at,
                month=month,
            )
        )
    Entry.objects.bulk_create(batch, batch_size=2000)


def unfill(apps, schema_editor):
    apps.get_model("ledger", "Entry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(backfill, unfill)]
