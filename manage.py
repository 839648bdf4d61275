#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desbumi_market.settings")
    # A checkout with neither DJANGO_DEBUG nor DJANGO_SECRET_KEY set is a developer's: run in
    # development mode, as `make run` does. A server always sets DJANGO_SECRET_KEY (its env file),
    # so there DEBUG stays off; the WSGI app (gunicorn) never takes this default.
    if "DJANGO_DEBUG" not in os.environ and "DJANGO_SECRET_KEY" not in os.environ:
        os.environ["DJANGO_DEBUG"] = "1"
        print("manage.py: no DJANGO_SECRET_KEY set, development mode (DJANGO_DEBUG=1)", file=sys.stderr)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
