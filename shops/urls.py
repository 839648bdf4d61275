from django.urls import path

from . import views

app_name = "shops"
urlpatterns = [
    path("dasbor/desa/", views.shop_settings, name="settings"),
]
