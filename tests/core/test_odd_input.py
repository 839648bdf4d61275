"""No 500 from odd input, anywhere: every URL pattern, every parameter, every form on its page.

The test walks the project's URL resolver, so a pattern added later is covered without editing
this file. Each path parameter in turn gets NUL, overlong, non-UTF-8, unicode, path-like and
out-of-range values (the others keep real values: an order's token, a product's slug), by GET
and by POST with a valid CSRF token. Each page that answers 200 then has every form on it sent
with every field set to the same odd values. The admin is sampled (a few models), not walked.
Left out: whatever would log the test user out, change her password or delete her account.
"""

import re
import time
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from members.models import MemberProfile
from tests.factories import add_photo, make_staff, member_with_account, verified
from tests.orders.helpers import configured_village, place, product

pytestmark = pytest.mark.django_db

# Percent-encoded, ready to go into a path or a form body.
ODD_VALUES = {
    "nul": "%00",
    "overlong": "a" * 3000,
    "non-utf8": "%FF%FE%C3",
    "unicode": quote("ñ😀ıİ\u202e\u200b"),
    "path": "..%2F..%2Fetc%2Fpasswd",
    "big-int": "99999999999999999999999",
    "html": quote("<script>alert(1)</script>"),
}

CSRF_SECRET = "s3cr3tT0kenForTheWalkingTest12345"[:32]

EXCLUDED_NAMES = {
    "account_logout",
    "account_change_password",
    "account_set_password",
    "account_email",  # could remove or re-primary the test user's address
    "delete_account",
    "logout",
    "password_change",
    "password_change_done",
    "mfa_deactivate_totp",
    "mfa_generate_recovery_codes",
}
SKIPPED_ACTIONS = {"/akun/logout/", "/admin/logout/", "/dasbor/profil/hapus/", "/akun/password/change/"}
# The admin: its index, one app page and these models' pages (change list, add, change, delete…).
ADMIN_SAMPLE_MODELS = {("orders", "order"), ("products", "product"), ("members", "memberprofile")}

GROUP = re.compile(r"\(\?P<(\w+)>[^()]*\)")
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _walk(resolver, prefix="", names=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern), (*names, entry.namespace))
        else:
            yield prefix + str(entry.pattern), entry.name, [n for n in names if n]


def url_templates():
    """(template with {param} slots, name) for every pattern the project serves."""
    templates = []
    for raw, name, namespaces in _walk(get_resolver()):
        if name in EXCLUDED_NAMES:
            continue
        if "admin" in namespaces and not _admin_sampled(raw):
            continue
        template = CONVERTER.sub(r"{\1}", GROUP.sub(r"{\1}", raw)).replace("^", "").replace("$", "")
        assert not re.search(r"[()\[\]|*+?\\]", template), f"cannot build a URL from pattern {raw!r}"
        templates.append(("/" + template, ":".join([*namespaces, name or ""])))
    return templates


def _admin_sampled(raw):
    if raw in ("admin/", "admin/orders/"):
        return True
    return any(raw.startswith(f"admin/{app}/{model}/") for app, model in ADMIN_SAMPLE_MODELS)


def _body(fields, value):
    return "&".join(f"{quote(field)}={value}" for field in dict.fromkeys(fields))


class FormParser(HTMLParser):
    """The forms of a page: action, method and field names (no browser needed)."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action") or "",
                    "method": (attrs.get("method") or "get").lower(),
                    "fields": [],
                }
            )
        elif tag in ("input", "select", "textarea", "button") and self.forms and attrs.get("name"):
            if attrs.get("type") != "file" and attrs["name"] != "csrfmiddlewaretoken":
                self.forms[-1]["fields"].append(attrs["name"])


@pytest.fixture
def world():
    shop = configured_village("sabrang")
    item = product(shop, name="Kunyit Asam", price=12500, stock=50)
    add_photo(item)
    order = place({item: 1}).orders.get()
    ketua = member_with_account(role=MemberProfile.Role.KETUA)
    pending = member_with_account(status=MemberProfile.Status.PENDING)
    user = ketua.user
    staff = make_staff()
    user.is_staff = True
    user.save()
    user.groups.set(staff.groups.all())
    verified(user)
    return {
        "token": order.access_token,
        "pk": order.pk,
        "slug": item.slug,
        "action": "batalkan",
        "key": "abc",
        "uidb36": "1",
        "path": "x.jpg",
        "object_id": str(item.pk),
        "app_label": "orders",
        "user": user,
        "product": item,
        "pending_pk": pending.pk,
    }


def _client(world):
    client = Client(enforce_csrf_checks=True, raise_request_exception=True)
    client.force_login(world["user"])
    client.cookies["csrftoken"] = CSRF_SECRET  # what a page's {% csrf_token %} would have set
    session = client.session
    session["cart"] = {str(world["product"].pk): 1}
    session.save()
    return client


def _request(client, failures, method, url, body=""):
    client.requests = getattr(client, "requests", 0) + 1
    try:
        if method == "get":
            response = client.get(url + ("?" + body if body else ""))
        else:
            body = "csrfmiddlewaretoken=" + CSRF_SECRET + ("&" + body if body else "")
            response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    except Exception as error:  # noqa: BLE001 - a raised exception is the 500 we are looking for
        failures.append((method.upper(), url[:120], body[:120], repr(error)[:200]))
        return None
    if response.status_code >= 500:
        failures.append((method.upper(), url[:120], body[:120], response.status_code))
    if method == "post" and response.status_code == 403 and b"CSRF" in response.content:
        failures.append((method.upper(), url[:120], body[:120], "CSRF refused a valid token"))
    return response


def test_no_url_pattern_answers_5xx_to_odd_parameters_or_odd_form_fields(world):
    started = time.monotonic()
    client = _client(world)
    failures = []
    templates = url_templates()
    assert len(templates) > 60  # the walk found the project's patterns, not an empty list
    pages = []
    for template, name in templates:
        params = re.findall(r"\{(\w+)\}", template)
        real = {p: str(world.get(p, "1")) for p in params}
        for param in params:
            for value in ODD_VALUES.values():
                url = template.format(**{**real, param: value})
                _request(client, failures, "get", url)
                _request(client, failures, "post", url)
        url = template.format(**real)
        if (name.startswith("orders:") and name.endswith("action")) or "delete" in url:
            continue  # its real values would cancel the order or delete the object the rest uses
        response = _request(client, failures, "get", url)
        if (
            response is not None
            and response.status_code == 200
            and "html" in response.get("Content-Type", "")
        ):
            pages.append((url, response.content.decode()))

    for url, html in pages:
        parser = FormParser()
        parser.feed(html)
        for form in parser.forms:
            action = form["action"] or url
            if form["method"] != "post" or not action.startswith("/") or action in SKIPPED_ACTIONS:
                continue
            for value in ODD_VALUES.values():
                _request(client, failures, "post", action, _body(form["fields"], value))
        # Every field name of the page, odd, in the query string (search boxes, filters, pages).
        names = [field for form in parser.forms for field in form["fields"]] + ["page", "next", "q"]
        for value in ODD_VALUES.values():
            _request(client, failures, "get", url, _body(names, value))

    assert client.session.get("_auth_user_id") == str(world["user"].pk)  # she was never logged out
    print(f"{client.requests} requests in {time.monotonic() - started:.0f} s")
    assert failures == [], "\n".join(map(str, failures))
