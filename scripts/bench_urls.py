"""The site's URLs plus the bare view `make bench` compares every page with."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """What Django costs with no database, template or cache: the bench's baseline."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("_bench/bare/", bare),
    path("", include("desbumi_market.urls")),
]
