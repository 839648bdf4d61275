"""
notifications.registry: the engine knows the domain only through what the apps register, and it
imports none of them.
"""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from notifications import registry, services
from notifications.models import Delivery, Event
from orders.notifications import OrderKind
from products.notifications import ProductKind
from tests.orders.helpers import place, product

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"members", "shops", "products", "orders", "reports", "staff"}
LATER = timedelta(seconds=31)  # past NOTIFICATION_RELAY_AFTER


def test_the_engine_imports_no_domain_app():
    package = Path(settings.BASE_DIR) / "notifications"
    found = []
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in DOMAIN_APPS]
    assert found == []


def test_every_domain_kind_is_registered_by_its_app_at_start_up():
    assert {value for value, _label in registry.choices()} == {
        "order_placed",
        "receipt_uploaded",
        "receipt_rejected",
        "receipt_unchecked",
        "complaint_opened",
        "order_paid",
        "order_shipped",
        "order_ready",
        "order_completed",
        "order_cancelled",
        "order_refunded",
        "order_expiring",
        "join_requested",
        "member_approved",
        "member_rejected",
        "member_suspended",
        "product_hidden",
        "stock_low",
        "product_permit",
        "stock_alert_confirm",
        "back_in_stock",
        "review_reminder",
        "payout_recorded",
    }
    assert registry.label("order_placed") == "Pesanan baru"
    assert registry.label("no_longer_declared") == "no_longer_declared"


def test_a_kind_registered_twice_with_other_handlers_is_refused():
    spec = registry.kind("order_placed")
    registry.register(
        OrderKind, recipients=spec.recipients, message=spec.message, load=spec.load
    )  # same: fine

    with pytest.raises(ImproperlyConfigured, match="'order_placed' is registered twice"):
        registry.register(OrderKind, recipients=lambda event, subject: [], message=spec.message)
    assert registry.kind("order_placed") == spec


def test_topics_are_registered_once_and_a_kind_belongs_to_one_topic():
    assert [t.name for t in registry.topics()] == [
        "stock_alerts",
        "order_money",
        "order_progress",
        "review_reminders",
    ]
    same = registry.topic("order_progress")
    registry.register_topic(same.name, label=same.label, help=same.help, kinds=same.kinds)  # same: fine

    with pytest.raises(ImproperlyConfigured, match="'order_progress' is registered twice"):
        registry.register_topic("order_progress", label="Lain", kinds=same.kinds)
    with pytest.raises(
        ImproperlyConfigured, match="'order_shipped' is in topics 'order_progress' and 'lain'"
    ):
        registry.register_topic("lain", label="Lain", kinds=[OrderKind.SHIPPED])
    assert registry.topic("lain") is None
    assert registry.optional_topic("order_shipped") == same


def test_an_unregistered_kind_is_refused_and_nothing_is_stored(sabrang):
    with pytest.raises(registry.UnknownKind):
        services.event_record("order_teleported", subject=sabrang.shop)
    assert Event.objects.exists() is False


def test_an_event_whose_kind_no_app_declares_waits_and_goes_out_once_it_is_declared_again(
    run, sabrang, monkeypatch
):
    kunyit = product(sabrang.shop, stock=10)
    with monkeypatch.context() as patch:
        order = place({kunyit: 1}).orders.get()  # its dispatch is never run here
        patch.delitem(registry._kinds, "order_placed")  # e.g. orders switched off for a while

        relayed = run(services.outbox_relay, now=timezone.now() + LATER)

        assert relayed["dispatched"] == 0
        event = Event.objects.about(order).get()
        assert (event.dispatched_at, Delivery.objects.count()) == (None, 0)

    relayed = run(services.outbox_relay, now=timezone.now() + LATER)

    assert relayed["dispatched"] == 1
    event.refresh_from_db()
    assert event.dispatched_at is not None
    assert Delivery.objects.filter(event=event).count() == 5  # ketua and handler ×2, the guest's email


def test_an_event_about_something_deleted_since_reaches_nobody(run, sabrang):
    kunyit = product(sabrang.shop, stock=10)
    event = services.event_record(
        ProductKind.STOCK_LOW, subject=kunyit, payload={"name": "Kunyit", "stock": 2}
    )
    kunyit.delete()

    assert run(services.event_dispatch, event_id=event.pk) == []

    event.refresh_from_db()
    assert (event.dispatched_at is not None, event.subject, Delivery.objects.count()) == (True, None, 0)


def test_an_event_is_found_by_what_it_is_about(sabrang):
    kunyit, jahe = product(sabrang.shop, stock=10), product(sabrang.shop, stock=10)
    about_kunyit = services.event_record(ProductKind.STOCK_LOW, subject=kunyit)
    services.event_record(ProductKind.STOCK_LOW, subject=jahe)

    assert list(Event.objects.about(kunyit)) == [about_kunyit]
    assert Event.objects.about(type(kunyit)).count() == 2
    assert about_kunyit.subject == kunyit
