from django.urls import path

from . import views

app_name = "statements"
urlpatterns = [
    path("dasbor/mutasi/", views.statement_list, name="list"),
    path("dasbor/mutasi/<int:pk>/", views.statement_detail, name="detail"),
    path("dasbor/mutasi/<int:pk>/kolom/", views.statement_mapping, name="mapping"),
    path("dasbor/mutasi/<int:pk>/berkas/", views.statement_file, name="file"),
    path("dasbor/mutasi/<int:pk>/konfirmasi/", views.statement_confirm_all, name="confirm_all"),
    path("dasbor/mutasi/<int:pk>/konfirmasi/<int:line_pk>/", views.statement_confirm, name="confirm"),
]
