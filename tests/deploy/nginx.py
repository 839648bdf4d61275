"""A real nginx for the tests of deploy/nginx-desbumi.conf: the site's own directives in a minimal
configuration of the test's, on a free port, stopped by its PID when the test is done."""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from tests.processes import free_port, missing, port_open, start, stop, wait_until


@contextmanager
def running_nginx(folder: Path, server: str, *, http: str = ""):
    """nginx with `server`'s directives in its one server (and `http`'s beside it): its base URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        missing("nginx (apt-get install nginx; scripts/services.sh does)")
    port = free_port()
    # As root (a container), nginx's workers would run as "nobody", who cannot read the temp dir.
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"""
{user}
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    {http}
    server {{
        listen 127.0.0.1:{port};
        {server}
    }}
}}
"""
    )
    process = start([binary, "-c", str(folder / "nginx.conf"), "-p", str(folder)], log=folder / "out.log")
    try:
        wait_until(lambda: port_open(port), what="nginx", log=folder / "out.log", process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
