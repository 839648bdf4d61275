"""
The expiry task through a real Celery worker on PostgreSQL and a private Redis: run twice, it
withdraws once and reminds once, and the maker gets each message once.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Delivery, Event, Notification
from products.models import Product
from products.notifications import ProductKind
from products.tasks import check_expiry
from tests.factories import member_with_account
from tests.notifications.conftest import sent_emails, wait_until

from .helpers import complete_jamu

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.processes]


def test_the_expiry_task_run_twice_by_a_real_worker_reminds_and_withdraws_once(
    workers, broker, postgres_only
):
    today = timezone.localdate()
    siti = member_with_account(shop="sabrang", email="siti@contoh.test", display_name="Siti")
    soon = complete_jamu(
        shop=siti.shop, made_by=siti, name="Jamu Temulawak", expiry_date=today + timedelta(days=6)
    )
    stale = complete_jamu(
        shop=siti.shop, made_by=siti, name="Jamu Basi", expiry_date=today - timedelta(days=1)
    )
    worker = workers.start()

    first, second = check_expiry.delay(), check_expiry.delay()
    wait_until(
        lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 4,
        what="the reminder and the withdrawal notice, in-app and by email",
        log=worker.log,
    )
    wait_until(lambda: broker.idle(), what="the queue to drain", log=worker.log)
    check_expiry.delay()
    wait_until(lambda: broker.idle(), what="the third run", log=worker.log)

    assert first.id != second.id
    assert sorted(
        Event.objects.filter(kind=ProductKind.PERMIT).values_list("payload__name", "payload__reason")
    ) == [
        ("Jamu Basi", "withdrawn"),
        ("Jamu Temulawak", "best_before"),
    ]
    assert Delivery.objects.count() == 4
    assert sorted(Notification.objects.filter(user=siti.user).values_list("title", flat=True)) == [
        "Jamu Basi ditarik dari katalog",
        "Jamu Temulawak kedaluwarsa dalam 6 hari",
    ]
    assert sorted(m["Subject"] for m in sent_emails(workers.mail_dir)) == [
        "[Desbumi Market] Jamu Basi ditarik dari katalog",
        "[Desbumi Market] Jamu Temulawak kedaluwarsa dalam 6 hari",
    ]
    assert dict(Product.objects.values_list("pk", "status")) == {soon.pk: "published", stale.pk: "draft"}
