"""nginx answers for a dead app server with the Indonesian 502/503/504 pages, not its English ones."""

import re
import urllib.error
import urllib.request

import pytest

from tests.deploy.conftest import BASE_DIR
from tests.deploy.nginx import running_nginx
from tests.processes import free_port

CONF = BASE_DIR / "deploy" / "nginx-desbumi.conf"
PAGES = BASE_DIR / "deploy" / "error-pages"


def _error_directives() -> str:
    """The site's error_page lines and its /_galat/ location, pointed at this checkout."""
    text = CONF.read_text()
    lines = re.findall(r"^\s*error_page .*;$", text, re.MULTILINE)
    location = re.search(r"^\s*location \^~ /_galat/ \{.*?\}", text, re.MULTILINE | re.DOTALL).group(0)
    location = re.sub(r"alias [^;]+;", f"alias {PAGES}/;", location)
    return "\n".join([*lines, location])


HEADINGS = {
    502: "Server kami sedang tidak menjawab",
    503: "Desbumi Market sedang diperbarui",
    504: "Server kami terlalu lama menjawab",
}


def test_one_indonesian_page_serves_every_gateway_error_and_says_to_check_my_orders():
    html = (PAGES / "gateway.html").read_text()
    assert '<html lang="id">' in html and "Desbumi Market" in html
    assert 'href="/pesanan/"' in html and "Jangan pesan lagi dulu" in html
    assert all(heading in html for heading in HEADINGS.values())
    assert "error_page 502 503 504 /_galat/gateway.html;" in CONF.read_text()


@pytest.mark.processes
def test_nginx_shows_the_indonesian_page_when_the_app_server_is_down(tmp_path):
    dead = free_port()  # nothing listens on `dead`: the app server died
    server = f"""
        {_error_directives()}
        location = /maintenance/ {{ return 503; }}
        location = /slow/ {{ return 504; }}
        location / {{ proxy_pass http://127.0.0.1:{dead}; }}
    """
    with running_nginx(tmp_path, server) as nginx:
        for path, code in [("/checkout/", 502), ("/maintenance/", 503), ("/slow/", 504)]:
            with pytest.raises(urllib.error.HTTPError) as excinfo:
                urllib.request.urlopen(f"{nginx}{path}", timeout=10)  # noqa: S310 - http to our own nginx
            assert excinfo.value.code == code
            html = excinfo.value.read().decode()
            assert f"<h1>{HEADINGS[code]}</h1>" in html and f"unavailable ({code})" in html
            assert "<!--#" not in html and "Bad Gateway" not in html
        # The pages themselves are not URLs of the site (nginx's "internal").
        with pytest.raises(urllib.error.HTTPError) as direct:
            urllib.request.urlopen(f"{nginx}/_galat/gateway.html", timeout=10)  # noqa: S310 - our nginx
        assert direct.value.code == 404
