"""Migration 0002: events keep what they are about when the three foreign keys become one subject."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from members.models import MemberProfile
from notifications.models import Event
from tests.factories import MemberFactory
from tests.orders.helpers import configured_village, place, product

BEFORE = [("notifications", "0001_initial")]
AFTER = [("notifications", "0002_event_subject_generic")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """Later migrations (0003…) must be back for the next tests of this process."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# transaction=True: the schema changes; serialized_rollback brings back the villages and categories.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_event_keeps_its_order_member_or_product_both_ways():
    shop = configured_village("sabrang")
    kunyit = product(shop, stock=10)
    order = place({kunyit: 1}).orders.get()
    member = MemberFactory(shop=shop, user=None, status=MemberProfile.Status.PENDING)
    placed = Event.objects.get(kind="order_placed")

    # backwards: the subject goes back into the order foreign key
    old = migrate(BEFORE).get_model("notifications", "Event")
    assert list(old.objects.values_list("pk", "order_id", "member_id", "product_id")) == [
        (placed.pk, order.pk, None, None)
    ]
    joined = old.objects.create(kind="join_requested", member_id=member.pk)
    low = old.objects.create(kind="stock_low", product_id=kunyit.pk, payload={"name": "Kunyit", "stock": 0})
    nothing = old.objects.create(kind="order_paid", payload={"number": "SAB-00009"})  # its order was deleted

    # forwards: each foreign key becomes the subject
    migrate(AFTER)

    assert Event.objects.get(pk=placed.pk).subject == order
    assert Event.objects.get(pk=joined.pk).subject == member
    assert Event.objects.get(pk=low.pk).subject == kunyit
    assert Event.objects.get(pk=low.pk).payload == {"name": "Kunyit", "stock": 0}
    assert Event.objects.filter(pk=nothing.pk).values_list("subject_type", "subject_id").get() == (None, None)
