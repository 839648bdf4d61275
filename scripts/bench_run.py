# ruff: noqa: S603, S607 - runs our own gunicorn, Python and wrk with arguments built here.
"""
Serve the bench database with production settings under gunicorn and drive it with wrk.

Called by scripts/bench.sh (`make bench`), which has already filled the database. For each page:
the queries one anonymous request costs (counted in-process, page cache off), then ROUNDS of
DURATION seconds of wrk on the page alternating with as many on a bare Django view served by the
same gunicorn, so that the ratio (page req/s ÷ bare req/s) survives a machine busy with other work.
Uncached pages are measured with the page cache off, cached ones in a second gunicorn with it on.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
BARE = "/_bench/bare/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(args, *, page_cache: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=f"{SCRIPTS}{os.pathsep}{ROOT}",
        DJANGO_DEBUG="0",
        DJANGO_DEMO="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-any-real-site-0123456789",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SITE_URL="https://127.0.0.1",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        PAGE_CACHE_SECONDS=str(page_cache),
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_CMD_ARGS=f"--worker-class {args.worker_class} --threads {args.threads}",
        GUNICORN_MAX_REQUESTS=str(args.max_requests),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def count_queries(args, urls) -> dict:
    """Queries per URL for an anonymous visitor, page cache off, in a child process."""
    code = f"""
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
out = {{}}
for url in {urls!r}:
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    out[url] = [status, len(ctx.captured_queries)]
print(json.dumps(out))
"""
    env = production_env(args, page_cache=0)
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def pick_product(args) -> str:
    code = """
import django
django.setup()
from products.models import Product
products = Product.objects.published().order_by("pk")
print(products[products.count() // 2].get_absolute_url())
"""
    env = production_env(args, page_cache=0)
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr)
    return result.stdout.strip().splitlines()[-1]


class Gunicorn:
    def __init__(self, args, *, page_cache: int, log: Path):
        self.port = free_port()
        env = production_env(args, page_cache=page_cache)
        env["GUNICORN_BIND"] = f"127.0.0.1:{self.port}"
        self.log = open(log, "ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "desbumi_market.wsgi"],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 built above
                    self.base + BARE, headers={"X-Forwarded-Proto": "https"}
                )
                if urllib.request.urlopen(request, timeout=2).status == 200:  # noqa: S310
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"gunicorn did not start: see {log}")
            time.sleep(0.3)

    def stop(self):
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


def wrk(base, url, args, seconds) -> dict:
    result = subprocess.run(
        [
            "wrk",
            f"-t{min(args.connections, 2)}",
            f"-c{args.connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(SCRIPTS / "bench.lua"),
            base + url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads([line for line in result.stdout.splitlines() if line.startswith("{")][-1])


def measure(server, url, args) -> dict:
    """Alternate page and bare view ROUNDS times; medians of the rounds, ratio of the sums."""
    wrk(server.base, url, args, 2)  # every worker loads this page's templates and translations
    page, bare = [], []
    for _ in range(args.rounds):
        page.append(wrk(server.base, url, args, args.duration))
        bare.append(wrk(server.base, BARE, args, args.duration))
    page_rps = sum(r["rps"] for r in page) / len(page)
    bare_rps = sum(r["rps"] for r in bare) / len(bare)
    return {
        "p50_ms": statistics.median(r["p50_ms"] for r in page),
        "p95_ms": statistics.median(r["p95_ms"] for r in page),
        "rps": page_rps,
        "bare_rps": bare_rps,
        "ratio": page_rps / bare_rps if bare_rps else 0.0,
        "errors": sum(r["errors"] for r in page),
    }


def wait_for_quiet_machine(limit=1.0, patience=90):
    deadline = time.monotonic() + patience
    while True:
        load = float(Path("/proc/loadavg").read_text().split()[0])
        if load < limit or time.monotonic() > deadline:
            return load
        time.sleep(5)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--label", default="")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1, help="per worker, for --worker-class gthread")
    parser.add_argument("--max-requests", type=int, default=0, help="0: workers are never recycled")
    parser.add_argument("--connections", type=int, default=0, help="default: as many as workers")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk segment")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    args.connections = args.connections or args.workers

    product = pick_product(args)
    uncached = ["/", "/kategori/jamu/", "/cari/?q=jamu", "/desa/sabrang/", product]
    cached = ["/", "/kategori/jamu/", "/cari/?q=jamu", product]
    queries = count_queries(args, uncached)
    for url, (status, _n) in queries.items():
        if status != 200:
            sys.exit(f"{url} answered {status}")

    load = wait_for_quiet_machine()
    log = Path(os.environ.get("BENCH_LOG", "/tmp/desbumi-bench-gunicorn.log"))  # noqa: S108
    rows = []
    for page_cache, urls in ((0, uncached), (60, cached)):
        server = Gunicorn(args, page_cache=page_cache, log=log)
        try:
            for url in urls:
                result = measure(server, url, args)
                rows.append({"url": url, "cached": bool(page_cache), "queries": queries[url][1], **result})
                print(json.dumps(rows[-1]), file=sys.stderr)
        finally:
            server.stop()

    print()
    print(
        f"## {args.label}  ({time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} CPUs, load {load:.2f} "
        f"at start; gunicorn {args.worker_class} ×{args.workers}"
        f"{f' ×{args.threads} threads' if args.threads > 1 else ''}, max_requests {args.max_requests}; "
        f"wrk -c{args.connections}, {args.rounds}×{args.duration}s alternating with the bare view)"
    )
    print()
    print("| page | cache | queries | median ms | p95 ms | req/s | bare req/s | ÷ bare |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        url = "product page" if r["url"] == product else f"`{r['url']}`"
        cache, queries = ("hit", 0) if r["cached"] else ("off", r["queries"])
        print(
            f"| {url} | {cache} | {queries} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
            f"| {r['rps']:.0f} | {r['bare_rps']:.0f} | {r['ratio']:.3f} |"
        )
    if args.json:
        args.json.write_text(json.dumps({"label": args.label, "load": load, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
