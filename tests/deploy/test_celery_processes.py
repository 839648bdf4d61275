"""The Celery worker and beat commands of deploy/ run this app, in production mode."""

import json
import time

import pytest
from celery import Celery
from django.utils import timezone

from orders.models import Order
from tests.orders.helpers import configured_village, place, product

from .conftest import BASE_DIR, production_env, start, stop, unit_command, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]


def celery_env(broker_url) -> dict:
    return production_env(REDIS_URL=broker_url)


def json_lines(log) -> list[dict]:
    lines = []
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def test_the_housekeeping_worker_runs_a_task_from_its_queue(private_redis, tmp_path):
    shop = configured_village("sabrang")
    kunyit = product(shop, name="Jamu Kunyit", stock=5)
    order = place({kunyit: 2}).orders.get()
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))

    log = tmp_path / "worker.log"
    worker = start(
        [*unit_command("desbumi-housekeeping.service"), "--concurrency", "1"],
        env=celery_env(private_redis.url),
        log=log,
        cwd=BASE_DIR,
    )
    try:
        wait_until(
            lambda: any(e["message"].endswith(" ready.") for e in json_lines(log)),
            what="celery worker",
            log=log,
        )
        # What beat does every five minutes: put the task on the queue (from an app of its own,
        # never made the current app: the project's tasks must keep finding theirs).
        with Celery(broker=private_redis.url, set_as_current=False) as beat_like:
            beat_like.send_task("orders.tasks.expire_unpaid_orders", queue="housekeeping")
        wait_until(
            lambda: any(
                "expire_unpaid_orders" in e["message"] and "succeeded" in e["message"]
                for e in json_lines(log)
            ),
            timeout=30,
            what="the task's run",
            log=log,
            process=worker,
        )
    finally:
        stop(worker, timeout=20)
    assert Order.objects.get(pk=order.pk).status == Order.Status.CANCELLED
    kunyit.refresh_from_db()
    assert kunyit.stock == 5  # given back
    ran = next(
        e for e in json_lines(log) if "expire_unpaid_orders" in e["message"] and "succeeded" in e["message"]
    )
    assert (ran["level"], ran["logger"]) == ("INFO", "celery.app.trace")


def test_beat_starts_and_keeps_its_schedule_where_the_unit_says(private_redis, tmp_path):
    schedule = tmp_path / "schedule"
    log = tmp_path / "beat.log"
    beat = start(
        unit_command("desbumi-beat.service", **{"/var/lib/desbumi-beat/schedule": str(schedule)}),
        env=celery_env(private_redis.url),
        log=log,
        cwd=BASE_DIR,  # WorkingDirectory= of the unit
    )
    try:
        wait_until(
            lambda: any("Starting" in e["message"] for e in json_lines(log)), what="celery beat", log=log
        )
        time.sleep(1)
        assert beat.poll() is None, log.read_text()
    finally:
        stop(beat)
    assert list(tmp_path.glob("schedule*")), log.read_text()
