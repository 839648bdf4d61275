from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("dasbor/penghasilan/", views.income, name="income"),
    path("dasbor/penghasilan/<int:pk>/terima/", views.payout_confirm, name="payout_confirm"),
    path("dasbor/pembayaran-anggota/", views.payouts, name="payouts"),
    path("dasbor/pembayaran-anggota/kas/", views.kas_set, name="kas_set"),
    path("dasbor/pembayaran-anggota/<int:pk>/batal/", views.payout_cancel, name="payout_cancel"),
    path("dasbor/pembayaran-anggota/<int:pk>/rincian/", views.statement, name="statement"),
    path("dasbor/pembayaran-anggota/slip/<int:pk>.jpg", views.payout_slip, name="payout_slip"),
]
