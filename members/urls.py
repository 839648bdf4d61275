from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    # The dashboard home: approved members go on to /dasbor/produk/ (products:dashboard).
    path("akun/data/", views.account_data, name="account_data"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/gabung/", views.join, name="join"),
    path("dasbor/profil/", views.profile, name="profile"),
    path("dasbor/profil/data/", views.data_export, name="data_export"),
    path("dasbor/profil/hapus/", views.delete_account, name="delete_account"),
    path("dasbor/anggota/", views.ketua_members, name="ketua_members"),
    path("dasbor/anggota/baru/", views.ketua_member_add, name="ketua_member_add"),
    path("dasbor/anggota/<int:pk>/setujui/", views.ketua_member_approve, name="ketua_member_approve"),
    path("dasbor/anggota/<int:pk>/tolak/", views.ketua_member_reject, name="ketua_member_reject"),
    path("dasbor/anggota/<int:pk>/urus-pesanan/", views.ketua_member_orders, name="ketua_member_orders"),
]
