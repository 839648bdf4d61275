from django.apps import AppConfig


class DesbumiMarketConfig(AppConfig):
    name = "desbumi_market"
    verbose_name = "Desbumi Market"
