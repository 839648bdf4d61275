from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("anggota/<slug:slug>/", views.member_public, name="public"),
]
