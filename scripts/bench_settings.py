"""Production settings plus one bare view, for `make bench` only (scripts/bench.sh)."""

from desbumi_market.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
