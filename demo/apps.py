from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (`manage.py seed_demo`) and the Pillow drawings of its photos: development only."""

    name = "demo"
    verbose_name = "Data demo"
