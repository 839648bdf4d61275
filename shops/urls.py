from django.urls import path

from . import views

app_name = "shops"
urlpatterns = [
    path("desa/<slug:slug>/", views.shop_detail, name="detail"),
]
