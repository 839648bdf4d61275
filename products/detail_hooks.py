"""
What higher apps add to a product's public page, without products importing them.

A higher app registers a provider from its AppConfig.ready() (reviews adds its newest reviews);
the product page calls each once with the product and puts the result in its context by name.
A provider must cost at most one query: the page's budget is five.
"""

from collections.abc import Callable

_providers: dict[str, Callable] = {}


def register(name: str, provider: Callable) -> None:
    """`provider(product)` gives what the product page shows as `name` in its template."""
    _providers[name] = provider


def context_for(product) -> dict:
    return {name: provider(product) for name, provider in _providers.items()}
