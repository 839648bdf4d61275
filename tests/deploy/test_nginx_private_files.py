"""
A real nginx, configured with deploy/nginx-desbumi.conf's /_private/ and / locations, in front of
a live Django server: a receipt reaches the person whose link it is (X-Accel-Redirect, never
cached), and nobody reaches it by the internal path or by someone else's link.
"""

import re
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.urls import reverse

from members.models import MemberProfile
from orders.services import order_upload_receipt
from tests.deploy.conftest import BASE_DIR, NoRedirect
from tests.deploy.nginx import running_nginx
from tests.factories import ProductFactory, jpeg_bytes, member_with_account
from tests.orders.helpers import configured_village, place

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.processes]

CONF = BASE_DIR / "deploy" / "nginx-desbumi.conf"


def block(text: str, opening: str) -> str:
    """The nginx block that starts with `opening` (up to its matching closing brace)."""
    start = text.index(opening)
    depth = 0
    for end in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if depth == 0:
            return text[start : end + 1]
    raise AssertionError(f"no end to {opening!r}")


def site_locations(private_root) -> str:
    """The HTTPS server's /_private/ and / locations, the private folder pointed at this test's."""
    text = CONF.read_text()
    https = text[text.index("listen 443") :]
    private = block(https, "location /_private/ {")
    assert "internal;" in private
    private = re.sub(r"alias [^;]+;", f"alias {private_root}/;", private)
    app = block(https, "location / {")
    assert "proxy_pass http://desbumi_app;" in app
    return f"{private}\n{app}"


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """nginx on a free port in front of live_server; Django answers receipts with X-Accel-Redirect."""
    settings.PRIVATE_MEDIA_ACCEL = "/_private/"
    app_port = live_server.url.rsplit(":", 1)[1]
    folder = tmp_path / "nginx"
    folder.mkdir()
    with running_nginx(
        folder,
        site_locations(settings.PRIVATE_MEDIA_ROOT),
        http=f"upstream desbumi_app {{ server 127.0.0.1:{app_port}; keepalive 4; }}",
    ) as url:
        yield url


@dataclass
class Answer:
    status: int
    headers: object
    body: bytes


def get(base: str, path: str, *, session: str | None = None) -> Answer:
    """One GET as a browser would send it (no redirect followed), the body as bytes."""
    request = urllib.request.Request(base + path)  # noqa: S310 - http to our own nginx
    if session:
        request.add_header("Cookie", f"{django_settings.SESSION_COOKIE_NAME}={session}")
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return Answer(response.status, response.headers, response.read())


def session_of(user) -> str:
    """The session key of `user`, logged in (the cookie a browser would hold)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def test_a_receipt_goes_through_nginx_to_its_owners_only(nginx):
    # Given a buyer's order with a receipt in private storage (on disk, outside the media)
    sabrang = configured_village("sabrang")
    order = place({ProductFactory(shop=sabrang, stock=5): 1}).orders.get()
    photo = jpeg_bytes(color=(12, 34, 56))
    order = order_upload_receipt(order=order, uploaded=ContentFile(photo, name="bukti.jpg"))
    stored = (django_settings.PRIVATE_MEDIA_ROOT / order.receipt.name).read_bytes()
    assert stored[:3] == b"\xff\xd8\xff"

    # When she opens her order's receipt link, through nginx
    response = get(nginx, reverse("orders:receipt_image", args=[order.access_token]))

    # Then nginx sends the file itself (Django only said where), never to be cached
    assert response.status == 200
    assert response.body == stored
    assert response.headers.get_all("Cache-Control") == ["private, no-store"]
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers.get_all("X-Content-Type-Options") == ["nosniff"]
    assert response.headers.get_all("Content-Security-Policy") == ["default-src 'none'; sandbox"]
    assert "X-Accel-Redirect" not in response.headers
    # and the village's ketua sees it on her dashboard, the same way
    ketua = member_with_account(shop="sabrang", role=MemberProfile.Role.KETUA)
    dashboard = get(
        nginx, reverse("orders:dashboard_receipt", args=[order.pk]), session=session_of(ketua.user)
    )
    assert dashboard.status == 200
    assert dashboard.body == stored

    # But the internal path, asked for directly, is not there (nginx's `internal`)
    direct = get(nginx, f"/_private/{order.receipt.name}")
    assert direct.status == 404
    assert stored not in direct.body
    # nor is the file under /media/
    assert get(nginx, f"/media/{order.receipt.name}").status == 404
    # and someone else's link gives nothing: a made-up order link, another village's dashboard
    guessed = get(nginx, reverse("orders:receipt_image", args=[uuid.uuid4().hex]))
    assert guessed.status == 404
    assert stored not in guessed.body
    configured_village("wonoasri")
    other = member_with_account(shop="wonoasri", role=MemberProfile.Role.KETUA)
    elsewhere = get(
        nginx, reverse("orders:dashboard_receipt", args=[order.pk]), session=session_of(other.user)
    )
    assert elsewhere.status == 404
    assert stored not in elsewhere.body
    # and a request that tries to climb out of the app's path to the folder gets nothing either
    climbing = get(nginx, f"/pesanan/x/../../_private/{order.receipt.name}")
    assert climbing.status == 404
