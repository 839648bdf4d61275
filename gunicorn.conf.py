"""
gunicorn settings for Desbumi Market: `gunicorn -c gunicorn.conf.py desbumi_market.wsgi`.

Every value can be changed by an environment variable (README, "Production"); command-line
options override this file. nginx sits in front: it buffers slow uploads and serves /media/,
so plain sync workers are enough.
"""

import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

# The project's JSON log formatter, importable however gunicorn was started.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from core.log import JsonFormatter


def _int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gunicorn's rule of thumb: two workers per CPU plus one (5 on a 2-CPU server, ~100 MB each).
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", 2 * (os.process_cpu_count() or 1) + 1))
# A worker silent this long (a stuck request) is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so a slow leak never grows into an outage. Not every 1000
# requests: under a rush (about 150 cached pages a second per worker, docs/performance.md) that
# replaced a worker every few seconds, each new one paying its imports and first templates.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# gunicorn 27 opens a control socket (~/.gunicorn/gunicorn.ctl) by default: two gunicorns of one
# user collide on it and a service user may have no home. Off unless a path is given.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

# Logs: access and errors to stdout, one JSON object per line unless DJANGO_LOG_FORMAT=text
# (the default when DJANGO_DEBUG is on, as for Django's own logs).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
_debug = os.environ.get("DJANGO_DEBUG", "0").strip().lower() in {"1", "true", "yes", "on"}
JSON_LOGS = os.environ.get("DJANGO_LOG_FORMAT", "text" if _debug else "json") == "json"


class DesbumiLogger(Logger):
    """gunicorn's logger writing to stdout, with one JSON object per request in JSON mode."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if getattr(handler, "_gunicorn", False):
                    handler.setStream(sys.stdout)
                    if JSON_LOGS:
                        handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time):
        if not JSON_LOGS:
            return super().access(resp, req, environ, request_time)
        if not self.access_log_enabled:
            return None
        atoms = self.atoms(resp, req, environ, request_time)
        fields = {
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": int(str(atoms["s"]).split()[0]),
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "remote_addr": environ.get("HTTP_X_REAL_IP") or atoms["h"],
            "user_agent": atoms["a"],
        }
        self.access_log.info("%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields)
        return None


logger_class = DesbumiLogger
