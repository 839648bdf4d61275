"""
Profile anonymous requests to one page under production settings, with pyinstrument.

    DATABASE_URL=... REDIS_URL=... python scripts/profile_page.py / /produk/<slug>/ [-n 200]

Runs the whole middleware stack in-process (Django's test Client, as gunicorn would call the
WSGI app), page cache off, after one warm-up request; prints pyinstrument's call tree.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT)]
os.environ.update(
    DJANGO_SETTINGS_MODULE="bench_settings",
    DJANGO_DEBUG="0",
    DJANGO_DEMO="0",
    DJANGO_SECRET_KEY="profile-only-secret-key-not-for-any-real-site-0123456789",  # noqa: S106
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    DJANGO_SITE_URL="https://127.0.0.1",
    PAGE_CACHE_SECONDS="0",
    DJANGO_LOG_LEVEL="WARNING",
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("-n", type=int, default=200, help="requests per URL")
    parser.add_argument("--flat", action="store_true", help="also list the functions by their own time")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    for url in args.urls:
        assert client.get(url).status_code == 200, url
        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(args.n):
                client.get(url)
        ms = profiler.last_session.duration * 1000 / args.n
        print(f"\n===== {url}: {ms:.2f} ms per request ({args.n} requests) =====")
        print(profiler.output_text(color=False, show_all=False, time="percent_of_total"))
        if args.flat:
            print(profiler.output_text(color=False, flat=True, time="percent_of_total")[:6000])


if __name__ == "__main__":
    main()
