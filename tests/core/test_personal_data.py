"""core.personal_data: each app's part of a person's data, gathered without importing the app."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core import personal_data


@pytest.fixture
def empty(monkeypatch):
    """A registry of its own for the test, so the apps' real registrations stay untouched."""
    monkeypatch.setattr(personal_data, "_parts", {})


def test_the_export_holds_each_registered_part_in_registration_order(empty):
    personal_data.register("orders", exporter=lambda user: [f"orders of {user}"])
    personal_data.register("notifications", exporter=lambda user: {"inbox": [user]}, eraser=lambda user: None)
    personal_data.register("nothing_to_export", eraser=lambda user: None)

    data = personal_data.export(user="siti")

    assert data == {"orders": ["orders of siti"], "notifications": {"inbox": ["siti"]}}
    assert personal_data.sections() == ["orders", "notifications", "nothing_to_export"]


def test_erasing_runs_every_registered_eraser_once_and_skips_parts_without_one(empty):
    erased = []
    personal_data.register("orders", exporter=lambda user: [])
    personal_data.register("notifications", eraser=lambda user: erased.append(("notifications", user)))
    personal_data.register("photos", eraser=lambda user: erased.append(("photos", user)))

    personal_data.erase(user="siti")

    assert erased == [("notifications", "siti"), ("photos", "siti")]


def test_a_section_registered_twice_with_other_handlers_is_refused(empty):
    def exporter(user):
        return []

    personal_data.register("orders", exporter=exporter)
    personal_data.register("orders", exporter=exporter)  # the same again (ready() run twice): fine

    with pytest.raises(ImproperlyConfigured, match="'orders' is registered twice"):
        personal_data.register("orders", exporter=lambda user: ["other"])
    assert personal_data.export(user="siti") == {"orders": []}


def test_the_installed_apps_register_their_parts_at_start_up():
    assert personal_data.sections() == ["products", "orders", "income", "bank_lines", "notifications"]
