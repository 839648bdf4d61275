"""The staff admin speaks Indonesian only: each list, filter, add and change page and action of each model."""

import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.audit import staff_changes
from notifications.models import Delivery, Event, Notification
from orders.models import Order
from orders.services import ShopChoice
from reports import urls as reports_urls
from reviews.services import review_create
from tests.factories import ProductFactory, UserFactory, add_photo, category, make_staff, member_with_account
from tests.orders.helpers import configured_village, place
from tests.reviews.helpers import completed_order

pytestmark = pytest.mark.django_db

# Words and phrases of Django's (or a library's) English that must never reach Migrant CARE staff.
ENGLISH = [
    "Select an option",
    "Add another",
    "Add",
    "Delete",
    "Save",
    "Filter",
    "Yes",
    "No",
    "Unknown",
    "None",
    "All",
    "Any date",
    "Today",
    "Past 7 days",
    "This month",
    "This year",
    "Empty",
    "Not empty",
    "Change",
    "History",
    "View",
    "Search",
    "Action",
    "Go",
    "Home",
    "Log out",
    "Date",
    "Time",
    "Currently",
    "Clear",
    "Show",
    "Hide",
    "By",
    "created",
    "updated",
    "name",
    "email address",
    "password",
    "Password",
    "user",
    "User",
    "shop",
    "Shop",
    "product",
    "Product",
    "order",
    "Order",
    "price",
    "stock",
    "quantity",
    "channel",
    "kind",
    "attempts",
    "recipient",
    "subject",
    "payload",
    "rating",
    "text",
    "reply",
    "position",
    "image",
    "photo",
    "description",
    "category",
    "Category",
    "event",
    "Event",
    "delivery",
    "Delivery",
    "notification",
    "Notification",
    "review",
    "Review",
    "member profile",
    "Member profile",
    "Member profiles",
    "Groups",
    "groups",
    "permissions",
    "Permissions",
    "Authenticator",
    "Log entries",
    "Log entry",
    "Email address",
    "Email addresses",
    "Primary",
    "Verified",
    "Type",
    "Created at",
    "Last used at",
    "Resource",
    "Correlation",
    "Correlation ID",
    "timestamp",
    "uploaded",
    "opened",
    "resolved",
    "returned",
    "Authenticators",
    "authenticator",
    "authenticators",
    "Audit",
    "counter",
    "amount",
    "held",
    "width",
    "height",
    "thumb",
    "token",
    "made by",
    "Changes",
    "Resource",
    "Resource Type",
    "Created",
    "system",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Recovery codes",
    "Last used",
    "Audit log",
]
# Raw choice values shown instead of their labels.
RAW_VALUES = {"email", "in_app", "transfer", "cod", "qris", "courier", "pickup", "local", "buyer", "village"}
UNFORMATTED_AMOUNT = re.compile(r"^\d{1,3}(?:[.,]?\d{3})+$")


class VisibleText(HTMLParser):
    """The text a person sees: text outside script/style, button values, placeholders, titles."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.texts.append(attrs.get("value") or "")
        for name in ("placeholder", "title", "aria-label", "alt"):
            if attrs.get(name):
                self.texts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def english_in(html: str, url: str = "") -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        for phrase in ENGLISH:
            if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
                found.append(f"{phrase!r} in {text[:80]!r}")
        if text in RAW_VALUES:
            found.append(f"raw value {text!r}")
        if re.search(r"(?<!kata )\bsandi\b", text, re.IGNORECASE):
            found.append(f"a bare 'sandi' in {text[:80]!r}")
        ids_in_url = re.findall(r"\d+", url)  # the object's own id, shown on its page, is no amount
        if UNFORMATTED_AMOUNT.match(text) and int(re.sub(r"\D", "", text)) >= 1000 and text not in ids_in_url:
            found.append(f"amount without Rp {text!r}")
    return found


@pytest.fixture
def rows():
    """A little of everything staff see: villages, members, products, orders, reviews, notices, the log."""
    category("jamu")
    shop = configured_village("sabrang", accepts_qris=False)
    member_with_account(shop="sabrang", display_name="Bu Sri")
    member_with_account(shop="wonoasri", status="pending", display_name="Bu Rukmini")
    maker = member_with_account(shop="sabrang", role="ketua", display_name="Bu Sulastri")
    jamu = ProductFactory(shop=shop, made_by=maker, name="Kunyit Asam", price=170000, stock=12)
    add_photo(jamu)
    place({jamu: 1})  # courier + transfer, waiting for payment
    place({jamu: 1}, choices={shop.pk: ShopChoice(Order.Delivery.LOCAL, Order.Payment.COD)})
    order = completed_order(shop=shop)
    review_create(order=order, item_id=order.items.get().pk, rating=4, text="Segar")
    event = Event.objects.create(kind="order_paid", payload={"number": order.number}, subject=order)
    for channel in ("email", "in_app"):
        Delivery.objects.create(
            event=event,
            channel=channel,
            recipient_key=f"{channel}:rina@contoh.test",
            address="rina@contoh.test",
            audience="buyer",
            subject="Pembayaran pesanan sudah dikonfirmasi",
            body="…",
            status=Delivery.Status.FAILED,
        )
    Notification.objects.create(user=maker.user, kind="order_paid", title="Pesanan dibayar", body="…")
    Authenticator.objects.create(user=maker.user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    with staff_changes(make_staff(email="lina@migrantcare.test")):  # an entry in the audit log
        jamu.stock = 11
        jamu.save()
    return shop


def _pages(client, model, model_admin):
    """(url, html) of the list with each filter value, the add page, the change page and each action."""
    info = model._meta.app_label, model._meta.model_name
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    response = client.get(changelist)
    assert response.status_code == 200, changelist
    yield changelist, response.content.decode()
    cl = response.context["cl"]
    for spec in cl.filter_specs:
        # Each filter opened once (every value's name is on the list already, in the filter panel).
        choice = next((c for c in spec.choices(cl) if not c["selected"]), None)
        if choice is not None:
            url = changelist + choice["query_string"]
            page = client.get(url)
            assert page.status_code == 200, url
            yield url, page.content.decode()
    request = response.wsgi_request
    if model_admin.has_add_permission(request):
        url = reverse("admin:{}_{}_add".format(*info))
        yield url, client.get(url).content.decode()
    obj = model_admin.get_queryset(request).order_by("pk").first()
    if obj is not None:
        url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        page = client.get(url)
        assert page.status_code == 200, url
        yield url, page.content.decode()
        url = reverse("admin:{}_{}_history".format(*info), args=[obj.pk])
        yield url, client.get(url).content.decode()
        for action in model_admin.get_actions(request):
            # An action's form (or its confirmation page, or the list with its message).
            page = client.post(changelist, {"action": action, "_selected_action": [obj.pk]}, follow=True)
            assert page.status_code == 200, (changelist, action)
            yield f"{changelist} action {action}", page.content.decode()


def _walk(client) -> dict[str, list[str]]:
    found = {}
    # the home page, and the donors' reports in the admin's menu
    for url in [reverse("admin:index"), *(reverse(f"admin:{name}") for name, *_rest in reports_urls.REPORTS)]:
        page = client.get(url)
        if page.status_code == 403:  # a report this account may not see
            continue
        assert page.status_code == 200, url
        if english := english_in(page.content.decode()):
            found[url] = english
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(client.request_user):
            continue
        for where, html in _pages(client, model, model_admin):
            if english := english_in(html, where):
                found[where] = english
    return found


def _login(client, user):
    client.force_login(user)
    client.request_user = type("R", (), {"user": user})()
    return client


def test_every_admin_page_of_every_model_is_in_indonesian_for_a_superuser(client, rows):
    superuser = UserFactory(email="admin@migrantcare.test", is_staff=True, is_superuser=True)

    found = _walk(_login(client, superuser))

    assert not found, _summary(found)


def test_every_admin_page_staff_may_open_is_in_indonesian(client, rows):
    found = _walk(_login(client, make_staff()))

    assert not found, _summary(found)


def _summary(found) -> str:
    """Each English word once, with up to three pages it was seen on."""
    pages = defaultdict(list)
    for where, items in found.items():
        for item in items:
            pages[item].append(where)
    return "\n".join(f"{item}: {', '.join(where[:3])}" for item, where in sorted(pages.items()))


# Field names Django makes up from an attribute that are Indonesian words already.
INDONESIAN_NAMES = {"status", "slug", "kecamatan", "kabupaten", "email", "checkout"}


def test_every_field_of_our_models_has_an_indonesian_name():
    made_up = [
        f"{model._meta.label}.{field.name}"
        for app in ("core", "notifications", "shops", "members", "products", "orders", "reviews")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if not field.auto_created
        and not isinstance(field, GenericForeignKey)  # shown by its two columns' names
        and hasattr(field, "verbose_name")
        and str(field.verbose_name) == field.name.replace("_", " ")
        and field.name not in INDONESIAN_NAMES
    ]
    unnamed = [
        model._meta.label
        for app in ("core", "notifications", "shops", "members", "products", "orders", "reviews")
        for model in apps.get_app_config(app).get_models()
        if "verbose_name" not in model._meta.original_attrs
    ]
    assert (made_up, unnamed) == ([], [])


def test_the_checker_sees_english_raw_values_and_bare_amounts():
    html = (
        "<p>Filter</p><td>in_app</td><td>170000</td><td>Rp170.000</td><input type=submit value=Save>"
        "<script>var x = 'Delete';</script><select><option>- Select an option -</option></select>"
    )
    # an object's own id, shown on its change page, is no amount
    assert "amount without Rp '170000'" not in english_in(html, "/admin/x/y/170000/change/")
    assert english_in(html) == [
        "'Filter' in 'Filter'",
        "raw value 'in_app'",
        "amount without Rp '170000'",
        "'Save' in 'Save'",
        "'Select an option' in '- Select an option -'",
    ]


def test_the_audit_log_and_the_deliveries_cost_the_same_queries_for_few_or_many_rows(client):
    """Their Indonesian names and labels are read from what the list has already loaded."""
    superuser = UserFactory(email="admin@migrantcare.test", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    lists = ["/admin/auditlog/logentry/", "/admin/notifications/delivery/", "/admin/mfa/authenticator/"]
    shop = configured_village("sabrang")
    editor = make_staff(email="lina@migrantcare.test")

    def add(n):
        for i in range(n):
            product = ProductFactory(shop=shop, name=f"Masker {i}")
            with staff_changes(editor):
                product.stock += 1
                product.save()
            event = Event.objects.create(kind="order_paid", payload={"number": f"SAB-{i}"})
            Delivery.objects.create(
                event=event,
                channel="in_app",
                recipient_key=f"user:{i}",
                audience="village",
                subject="-",
                body="-",
            )
            member = member_with_account(shop="sabrang")
            Authenticator.objects.create(user=member.user, type=Authenticator.Type.TOTP, data={})

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries.captured_queries)

    add(2)
    few = [count(path) for path in lists]
    add(6)
    assert [count(path) for path in lists] == few
