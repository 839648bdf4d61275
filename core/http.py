"""Small helpers for thin views."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def get_or_404(selector, **kwargs):
    """
    `selector(**kwargs)`, or Http404 if it finds nothing.

    A lookup value PostgreSQL cannot hold (a NUL byte typed into a token in the URL) raises
    ValueError in the driver: that too is "no such thing", never a 500.
    """
    try:
        return selector(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None
