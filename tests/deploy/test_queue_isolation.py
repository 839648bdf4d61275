"""
Notifications and housekeeping on separate Celery queues, each with its own worker (the two units
in deploy/): a housekeeping task that is stuck does not delay an order's notification.

The stuck task is real: `expire_unpaid_orders` waits for the row lock on an expired order that
this test holds open from another connection, as a long transaction or a slow sweep would.
"""

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from orders.models import Order
from orders.tasks import expire_unpaid_orders
from tests.notifications.conftest import sent_emails
from tests.orders.helpers import BUYER, configured_village, place, product

from .conftest import BASE_DIR, production_env, start, stop, unit_command, wait_until
from .test_celery_processes import json_lines

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]


@pytest.fixture
def started():
    """The worker processes this test started, stopped (by their PIDs) whatever happened."""
    processes = []
    try:
        yield processes
    finally:
        for process in processes:
            stop(process, timeout=20)


def start_worker(started, unit, *, broker_url, mail_dir, log):
    env = production_env(
        REDIS_URL=broker_url,
        DJANGO_EMAIL="file",
        DJANGO_EMAIL_FILE_PATH=str(mail_dir),
        DJANGO_SITE_URL="https://pasar.desbumi.test",
        PYTHONUNBUFFERED="1",
    )
    # One process each: a stuck task then blocks its whole worker, the worst case.
    args = [*unit_command(unit), "--concurrency", "1", "--without-gossip", "--without-mingle"]
    process = start(args, env=env, log=log, cwd=BASE_DIR)
    started.append(process)
    wait_until(
        lambda: any(e["message"].endswith(" ready.") for e in json_lines(log)),
        what=unit,
        log=log,
        process=process,
    )
    return process


def logged(log, task, what) -> bool:
    """The worker's log has "Task <task>[id] <what>" (received, succeeded)."""
    return any(task in e["message"] and what in e["message"] for e in json_lines(log))


def ran(log, task) -> bool:
    return logged(log, task, "succeeded")


def test_a_stuck_housekeeping_task_does_not_delay_an_order_notification(broker, started, tmp_path):
    # given an unpaid order past its deadline, whose row another transaction holds locked
    sabrang = configured_village("sabrang")
    kunyit = product(sabrang, name="Jamu Kunyit", stock=5)
    old = place({kunyit: 1}).orders.get()
    Order.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    s = connection.settings_dict
    locker = psycopg2.connect(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"]
    )
    mail_dir = tmp_path / "mail"
    housekeeping_log, notifications_log = tmp_path / "housekeeping.log", tmp_path / "notifications.log"
    try:
        with locker.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {Order._meta.db_table} WHERE id = %s FOR UPDATE", [old.pk])
        # and the two workers of deploy/, each on its own queue
        start_worker(
            started,
            "desbumi-housekeeping.service",
            broker_url=broker.url,
            mail_dir=mail_dir,
            log=housekeeping_log,
        )
        start_worker(
            started,
            "desbumi-worker.service",
            broker_url=broker.url,
            mail_dir=mail_dir,
            log=notifications_log,
        )

        # when the expiry sweep gets stuck on the lock, with more sweeps waiting behind it (on one
        # shared queue the notifications worker would take one of those and be stuck as well)
        for _ in range(3):
            expire_unpaid_orders.delay()
        wait_until(
            lambda: logged(housekeeping_log, "expire_unpaid_orders", "received"),
            what="the sweep received",
            log=housekeeping_log,
        )
        # and a buyer places an order meanwhile
        masker = product(sabrang, name="Masker Batik", stock=5)
        new = place({masker: 2}).orders.get()

        # then her confirmation email goes out while the sweep is still stuck
        wait_until(
            lambda: (
                (BUYER.email, f"[Desbumi Market] Pesanan {new.number} sudah dibuat")
                in {(m["To"], m["Subject"]) for m in sent_emails(mail_dir)}
            ),
            timeout=60,
            what="the buyer's confirmation",
            log=notifications_log,
        )
        assert not ran(housekeeping_log, "expire_unpaid_orders")
        assert Order.objects.get(pk=old.pk).status == Order.Status.AWAITING_PAYMENT
        assert not logged(notifications_log, "expire_unpaid_orders", "received")
    finally:
        locker.rollback()  # the lock is released: the sweep goes on
        locker.close()
    wait_until(lambda: ran(housekeeping_log, "expire_unpaid_orders"), what="the sweep", log=housekeeping_log)
    assert Order.objects.get(pk=old.pk).status == Order.Status.CANCELLED
    assert Order.objects.get(pk=new.pk).status == Order.Status.AWAITING_PAYMENT
    assert not logged(housekeeping_log, "send_delivery", "received")
    assert logged(notifications_log, "send_delivery", "received")
