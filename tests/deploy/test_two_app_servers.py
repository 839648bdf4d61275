"""
Two app servers (two gunicorn processes) on one PostgreSQL, one Redis and one S3 bucket.

Nothing a visitor does may depend on which server answers: the session, the photo, the order.
The servers run in production mode from the environment alone, as README's Production section
sets it up (static files collected first), behind an imagined nginx that says "https".
"""

import re

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

from members.models import MemberProfile, User
from orders.models import Order
from products.models import Product
from tests.factories import PASSWORD, jpeg_bytes, member_with_account
from tests.orders.helpers import configured_village
from tests.processes import stop
from tests.products.helpers import form_data

from .conftest import (
    Browser,
    collect_static,
    csrf_token,
    production_env,
    start_web,
    wait_for_web,
    worker_redis_url,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]


def server_env(tmp_path, s3_server, **extra) -> dict:
    return production_env(
        REDIS_URL=worker_redis_url(),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_EMAIL="file",
        DJANGO_EMAIL_FILE_PATH=str(tmp_path / "mail"),
        **s3_server.env(),
        **extra,
    )


@pytest.fixture
def servers(tmp_path, s3_server, transactional_db):
    """Static files collected at "build time", then servers A and B started from gunicorn.conf.py."""
    env = server_env(tmp_path, s3_server)
    collect_static(env)
    processes, urls = [], []
    try:
        for name in ("a", "b"):
            log = tmp_path / f"gunicorn-{name}.log"
            process, url = start_web(env, workers=1, log=log)
            processes.append(process)
            urls.append((url, log))
        for process, (url, log) in zip(processes, urls, strict=True):
            wait_for_web(url, process=process, log=log)
        yield [url for url, _log in urls]
    finally:
        for process in processes:
            stop(process)


def test_a_visitor_can_go_on_with_any_server(servers, s3_server):
    a, b = servers
    configured_village("sabrang")
    ketua = member_with_account(
        shop="sabrang", role=MemberProfile.Role.KETUA, display_name="Bu Ketua Sabrang"
    )
    # The servers use Django's real password hasher (the test process uses a fast one).
    User.objects.filter(pk=ketua.user_id).update(
        password=make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    )

    # -- log in on A, go on on B ----------------------------------------------------------------
    ketua_browser = Browser()
    form = ketua_browser.get(a, "/akun/login/")
    assert form.status == 200
    logged_in = ketua_browser.post(
        a,
        "/akun/login/",
        {"login": ketua.user.email, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(form.text)},
    )
    assert (logged_in.status, logged_in.headers["Location"]) == (302, "/akun/saya/")
    assert Browser().get(b, "/dasbor/produk/").status == 302  # to the login page, without the session
    dashboard = ketua_browser.get(b, "/dasbor/produk/")
    assert dashboard.status == 200
    assert 'href="/dasbor/produk/baru/"' in dashboard.text

    # -- a product with a photo, sent to A through the product form -------------------------
    before = set(s3_server.keys())
    new_form = ketua_browser.get(a, "/dasbor/produk/baru/")
    assert new_form.status == 200
    created = ketua_browser.post(
        a,
        "/dasbor/produk/baru/",
        form_data(
            csrfmiddlewaretoken=csrf_token(new_form.text), name="Jamu Beras Kencur", made_by=str(ketua.pk)
        ),
        files={"photos": ("kencur.jpg", jpeg_bytes(900, 600), "image/jpeg")},
    )
    assert created.status == 302, created.text[:3000]
    kencur = Product.objects.get(name="Jamu Beras Kencur")
    assert kencur.status == Product.Status.PUBLISHED
    image = kencur.images.get()
    assert set(s3_server.keys()) - before == {
        image.image.name,
        image.thumb_320.name,
        image.thumb_640.name,
        image.og_image.name,
    }

    # -- B shows it, with links into the bucket that resolve ----------------------------------
    visitor = Browser()
    page = visitor.get(b, kencur.get_absolute_url())
    assert page.status == 200
    assert s3_server.endpoint in page.headers["Content-Security-Policy"]
    photo_urls = set(re.findall(re.escape(s3_server.endpoint) + r"/media/produk/[\w.-]+", page.text))
    assert len(photo_urls) >= 2
    for url in photo_urls:
        photo = Browser(https=False).get(url, "")
        assert photo.status == 200
        assert photo.headers["Content-Type"] in ("image/jpeg", "image/webp")

    # static files: collected at build time, hashed names, compressed, cached for a year
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page.text)
    assert stylesheet, page.text[:1500]
    css = visitor.get(b, stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.headers["Content-Encoding"] == "gzip"
    assert "immutable" in css.headers["Cache-Control"]

    # -- a buyer orders on A; the village sees it on B, and so does the buyer ----------------
    buyer = Browser()
    product_page = buyer.get(a, kencur.get_absolute_url())
    assert (product_page.status, product_page.headers.get_all("Set-Cookie")) == (200, None)
    placed = buyer.buy(a, kencur, 2)
    order = Order.objects.get()
    assert placed.headers["Location"] == order.checkout.get_absolute_url()

    desk = ketua_browser.get(b, "/dasbor/pesanan/?tab=semua")
    assert desk.status == 200
    assert order.number in desk.text
    assert ketua_browser.get(b, f"/dasbor/pesanan/{order.pk}/").status == 200
    mine = buyer.get(b, "/pesanan/")
    assert mine.status == 200
    assert order.number in mine.text
    assert buyer.get(b, f"/pesanan/{order.access_token}/").status == 200
