"""
What a person chooses to receive (/akun/notifikasi/), the engine obeying it when it creates
deliveries, and the one-click unsubscribe link of every email of an optional topic.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications import registry, selectors, services, unsubscribe
from notifications.models import Delivery, Event, OptOut
from orders.models import Order
from orders.notifications import OrderKind
from orders.services import Actor, order_transition
from reviews.models import Review
from reviews.notifications import ReviewKind
from reviews.services import review_remind
from tests.factories import UserFactory
from tests.orders.helpers import BUYER, place, product

pytestmark = pytest.mark.django_db

S = Delivery.Status
OS = Order.Status
PAGE = "/akun/notifikasi/"


def sent(kind) -> list:
    return sorted(Delivery.objects.filter(event__kind=kind).values_list("recipient_key", "channel", "status"))


@pytest.fixture
def rina():
    return UserFactory(email="rina@contoh.test")


def order_of(run, team, user=None):
    kunyit = product(team.shop, name="Jamu Kunyit Asam", stock=10)
    return run(place, {kunyit: 1}, user=user).orders.get()


def ship(run, order, team):
    village = Actor("village", team.ketua.display_name, team.ketua.user)
    run(order_transition, order=order, to=OS.PAID, actor=village)
    run(order_transition, order=order, to=OS.PACKED, actor=village)
    run(
        order_transition, order=order, to=OS.SHIPPED, actor=village, tracking_number="JP1", courier_name="JNE"
    )


def boxes(html: str) -> dict[str, bool]:
    """{checkbox name: checked} of a page."""
    inputs = re.findall(r"<input [^>]*>", html)
    return {
        re.search(r'name="([^"]+)"', tag).group(1): " checked" in tag
        for tag in inputs
        if 'type="checkbox"' in tag
    }


def link_in(body: str) -> str:
    return re.search(r"http://[^\s]+/notifikasi/berhenti/[^\s]+/", body).group(0)


# ---------------------------------------------------------------------------------------------
# The engine obeys her choice; what is mandatory is sent regardless
# ---------------------------------------------------------------------------------------------
def test_a_topic_turned_off_creates_no_delivery_and_payment_messages_still_go(run, sabrang, rina, mailoutbox):
    key = f"user:{rina.pk}"
    OptOut.objects.create(recipient_key=key, user=rina, topic="order_progress", channel="email")
    OptOut.objects.create(recipient_key=key, user=rina, topic="order_progress", channel="in_app")
    # Even a (stale) opt-out of a mandatory topic is not obeyed: the engine never consults it.
    OptOut.objects.create(recipient_key=key, user=rina, topic="order_money", channel="email")
    order = order_of(run, sabrang, user=rina)

    ship(run, order, sabrang)

    assert sent(OrderKind.SHIPPED) == []
    assert Event.objects.filter(kind=OrderKind.SHIPPED).get().dispatched_at is not None
    assert sent(OrderKind.PAID) == [(key, "email", S.SENT), (key, "in_app", S.SENT)]
    assert (key, "email", S.SENT) in sent(OrderKind.PLACED)


def test_turning_off_email_only_keeps_the_inbox_message(run, sabrang, rina):
    key = f"user:{rina.pk}"
    OptOut.objects.create(recipient_key=key, user=rina, topic="order_progress", channel="email")
    order = order_of(run, sabrang, user=rina)

    ship(run, order, sabrang)

    assert sent(OrderKind.SHIPPED) == [(key, "in_app", S.SENT)]


def test_someone_elses_opt_out_changes_nothing_for_her(run, sabrang, rina):
    other = UserFactory(email="sari@contoh.test")
    OptOut.objects.create(
        recipient_key=f"user:{other.pk}", user=other, topic="order_progress", channel="email"
    )
    order = order_of(run, sabrang, user=rina)

    ship(run, order, sabrang)

    assert sent(OrderKind.SHIPPED) == [
        (f"user:{rina.pk}", "email", S.SENT),
        (f"user:{rina.pk}", "in_app", S.SENT),
    ]


def test_mandatory_and_optional_topics_are_declared_for_the_buyer():
    assert registry.optional_topic(OrderKind.PAID) is None
    assert registry.optional_topic(OrderKind.CANCELLED) is None
    assert registry.optional_topic(OrderKind.PLACED) is None
    assert registry.optional_topic(OrderKind.SHIPPED).name == "order_progress"
    assert registry.optional_topic(ReviewKind.REMINDER).name == "review_reminders"
    assert registry.optional_topic("back_in_stock").name == "stock_alerts"
    assert registry.optional_topic("stock_alert_confirm") is None


# ---------------------------------------------------------------------------------------------
# The unsubscribe link: in the email and its header, works without login, for that person and topic
# ---------------------------------------------------------------------------------------------
def test_an_optional_email_carries_the_link_and_headers_a_payment_email_does_not(
    run, sabrang, rina, mailoutbox
):
    order = order_of(run, sabrang, user=rina)
    ship(run, order, sabrang)

    mails = {m.subject: m for m in mailoutbox if m.to == ["rina@contoh.test"]}
    shipped = mails[f"[Desbumi Market] Pesanan {order.number} sudah dikirim"]
    paid = mails[f"[Desbumi Market] Pembayaran pesanan {order.number} sudah dikonfirmasi"]
    link = link_in(shipped.body)
    assert "Tidak ingin menerima email “Perjalanan pesanan” lagi?" in shipped.body
    assert shipped.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert shipped.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "berhenti" not in paid.body
    assert "List-Unsubscribe" not in paid.extra_headers


def test_the_link_works_without_login_for_that_person_and_topic_only(client, run, sabrang, rina, mailoutbox):
    other = UserFactory(email="sari@contoh.test")
    link = unsubscribe.url_for(recipient_key=f"user:{rina.pk}", topic="order_progress")
    path = link.split("http://127.0.0.1:8000", 1)[-1]

    asked = client.get(path)
    assert asked.status_code == 200
    assert "Berhenti menerima email “Perjalanan pesanan” dari Desbumi Market?" in asked.text
    assert not OptOut.objects.exists()  # a mail server's link checker opening it changes nothing

    # RFC 8058: a mail app POSTs without a session or a CSRF token
    done = client.post(path)
    assert done.status_code == 200
    assert "Anda tidak akan lagi menerima email “Perjalanan pesanan”" in done.text
    assert client.post(path).status_code == 200  # twice: still one row
    assert list(OptOut.objects.values_list("recipient_key", "user", "topic", "channel")) == [
        (f"user:{rina.pk}", rina.pk, "order_progress", "email")
    ]

    # her shipping email stops; her inbox message, her payment email and Sari's emails do not
    order = order_of(run, sabrang, user=rina)
    ship(run, order, sabrang)
    theirs = order_of(run, sabrang, user=other)
    ship(run, theirs, sabrang)
    assert sent(OrderKind.SHIPPED) == [
        (f"user:{rina.pk}", "in_app", S.SENT),
        (f"user:{other.pk}", "email", S.SENT),
        (f"user:{other.pk}", "in_app", S.SENT),
    ]
    assert (f"user:{rina.pk}", "email", S.SENT) in sent(OrderKind.PAID)


def test_a_guest_unsubscribes_by_her_link_too(client, run, sabrang, mailoutbox):
    order = order_of(run, sabrang)  # BUYER has no account: her key is her email
    ship(run, order, sabrang)
    shipped = next(m for m in mailoutbox if m.subject.endswith("sudah dikirim"))

    client.post(link_in(shipped.body).split("http://127.0.0.1:8000", 1)[-1])

    assert list(OptOut.objects.values_list("recipient_key", "user", "channel")) == [
        (f"email:{BUYER.email}", None, "email")
    ]


BAD_TOKENS = {
    "damaged": lambda: "rusak",
    "mandatory": lambda: unsubscribe.token_for(recipient_key="user:1", topic="order_money"),
    "unknown": lambda: unsubscribe.token_for(recipient_key="user:1", topic="tidak_ada"),
    "tampered": lambda: unsubscribe.token_for(recipient_key="user:1", topic="order_progress")[:-2] + "xx",
}


# Made in the test: the secret key (hence the token) may differ between test processes.
@pytest.mark.parametrize("bad", sorted(BAD_TOKENS))
def test_a_bad_or_mandatory_link_is_refused_and_changes_nothing(client, bad):
    token = BAD_TOKENS[bad]()
    for method in (client.get, client.post):
        response = method(f"/notifikasi/berhenti/{token}/")
        assert response.status_code == 404
        assert "tidak" in response.text
    assert not OptOut.objects.exists()


# ---------------------------------------------------------------------------------------------
# The preference page
# ---------------------------------------------------------------------------------------------
def test_the_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")


def test_she_turns_review_reminders_off_and_mandatory_topics_stay_on(
    client, rina, django_assert_max_num_queries
):
    client.force_login(rina)
    with django_assert_max_num_queries(6):
        page = client.get(PAGE)
    assert page.status_code == 200
    assert "Pembayaran dan pembatalan pesanan" in page.text
    assert "Selalu dikirim" in page.text
    assert boxes(page.text) == {
        f"{topic}__{channel}": True
        for topic in ("order_progress", "stock_alerts", "review_reminders")
        for channel in ("in_app", "email")
    }

    wanted = {
        "order_progress__email": "on",
        "order_progress__in_app": "on",
        "stock_alerts__email": "on",
        "stock_alerts__in_app": "on",
        "order_money__email": "",  # not on the page: ignored
    }
    response = client.post(PAGE, wanted, follow=True)

    assert "Pengaturan notifikasi tersimpan." in response.text
    assert sorted(OptOut.objects.values_list("recipient_key", "topic", "channel")) == [
        (f"user:{rina.pk}", "review_reminders", "email"),
        (f"user:{rina.pk}", "review_reminders", "in_app"),
    ]
    assert boxes(response.text)["review_reminders__email"] is False
    assert boxes(response.text)["order_progress__email"] is True

    # turned on again: the rows go
    client.post(PAGE, {**wanted, "review_reminders__email": "on", "review_reminders__in_app": "on"})
    assert not OptOut.objects.exists()


def test_the_account_page_links_the_preferences_and_her_data(client, rina):
    client.force_login(rina)
    page = client.get("/akun/saya/").text
    assert 'href="/akun/notifikasi/"' in page
    assert 'href="/akun/data/"' in page


# ---------------------------------------------------------------------------------------------
# The review reminder
# ---------------------------------------------------------------------------------------------
def complete(run, order, *, days_ago):
    run(order_transition, order=order, to=OS.COMPLETED, actor=Actor("buyer", "Pembeli"))
    Order.objects.filter(pk=order.pk).update(completed_at=timezone.now() - timedelta(days=days_ago))


def test_a_review_reminder_goes_once_to_a_buyer_who_has_not_reviewed(run, sabrang, rina, mailoutbox):
    order = order_of(run, sabrang, user=rina)
    ship(run, order, sabrang)
    complete(run, order, days_ago=4)
    recent = order_of(run, sabrang, user=rina)
    ship(run, recent, sabrang)
    complete(run, recent, days_ago=1)

    assert run(review_remind) == 1
    assert run(review_remind) == 0

    key = f"user:{rina.pk}"
    assert sent(ReviewKind.REMINDER) == [(key, "email", S.SENT), (key, "in_app", S.SENT)]
    assert Event.objects.get(kind=ReviewKind.REMINDER).subject_id == order.pk
    mail = next(m for m in mailoutbox if "Beri ulasan" in m.subject)
    assert f"/pesanan/{order.access_token}/ulasan/" in mail.body
    assert "Pengingat ulasan" in mail.body  # its unsubscribe line


def test_no_review_reminder_when_she_turned_it_off_or_already_reviewed(run, sabrang, rina):
    OptOut.objects.create(
        recipient_key=f"user:{rina.pk}", user=rina, topic="review_reminders", channel="email"
    )
    OptOut.objects.create(
        recipient_key=f"user:{rina.pk}", user=rina, topic="review_reminders", channel="in_app"
    )
    order = order_of(run, sabrang, user=rina)
    ship(run, order, sabrang)
    complete(run, order, days_ago=4)
    reviewed = order_of(run, sabrang, user=UserFactory())
    ship(run, reviewed, sabrang)
    complete(run, reviewed, days_ago=4)
    item = reviewed.items.get()
    Review.objects.create(order_item=item, order=reviewed, product=item.product, shop=reviewed.shop, rating=5)

    assert run(review_remind) == 1  # hers is recorded (the engine decides), the reviewed one is not

    assert sent(ReviewKind.REMINDER) == []
    assert list(Event.objects.filter(kind=ReviewKind.REMINDER).values_list("subject_id", flat=True)) == [
        order.pk
    ]


def test_her_choices_are_in_her_data_export_and_go_with_her_account(rina):
    key = f"user:{rina.pk}"
    OptOut.objects.create(recipient_key=key, user=rina, topic="review_reminders", channel="email")
    other = OptOut.objects.create(recipient_key=f"email:{BUYER.email}", topic="stock_alerts", channel="email")

    exported = selectors.personal_data_export(rina)["turned_off"]
    services.personal_data_erase(rina)

    assert [(o["topic"], o["channel"]) for o in exported] == [("review_reminders", "email")]
    assert list(OptOut.objects.all()) == [other]
