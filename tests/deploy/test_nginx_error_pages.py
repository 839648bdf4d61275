"""nginx answers for a dead app server with the Indonesian 502/503/504 pages, not its English ones."""

import os
import re
import shutil
import urllib.error
import urllib.request

import pytest

from tests.deploy.conftest import BASE_DIR
from tests.processes import free_port, missing, port_open, start, stop, wait_until

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
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        missing("nginx")
    port, dead = free_port(), free_port()  # nothing listens on `dead`: the app server died
    # As root (a container), nginx's workers would run as "nobody", who cannot read the temp dir.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"""
{user}
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{port};
        {_error_directives()}
        location = /maintenance/ {{ return 503; }}
        location = /slow/ {{ return 504; }}
        location / {{ proxy_pass http://127.0.0.1:{dead}; }}
    }}
}}
"""
    )
    process = start(
        [nginx, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], log=tmp_path / "out.log"
    )
    try:
        wait_until(lambda: port_open(port), what="nginx", log=tmp_path / "error.log", process=process)
        for path, code in [("/checkout/", 502), ("/maintenance/", 503), ("/slow/", 504)]:
            with pytest.raises(urllib.error.HTTPError) as excinfo:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
            assert excinfo.value.code == code
            html = excinfo.value.read().decode()
            assert f"<h1>{HEADINGS[code]}</h1>" in html and f"unavailable ({code})" in html
            assert "<!--#" not in html and "Bad Gateway" not in html
        # The pages themselves are not URLs of the site (nginx's "internal").
        with pytest.raises(urllib.error.HTTPError) as direct:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_galat/gateway.html", timeout=10)
        assert direct.value.code == 404
    finally:
        stop(process)
