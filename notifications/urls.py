from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("akun/notifikasi/", views.preferences, name="preferences"),
    path("notifikasi/berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("dasbor/notifikasi/", views.inbox, name="inbox"),
    path("dasbor/notifikasi/baca-semua/", views.notification_read_all, name="read_all"),
    path("dasbor/notifikasi/<int:pk>/buka/", views.notification_open, name="open"),
    path("dasbor/notifikasi/<int:pk>/baca/", views.notification_read, name="read"),
]
