from django.urls import path

from . import views, views_dashboard

app_name = "orders"
urlpatterns = [
    # Buyer
    path("keranjang/", views.cart, name="cart"),
    path("keranjang/tambah/", views.cart_add, name="cart_add"),
    path("keranjang/ubah/", views.cart_update, name="cart_update"),
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/selesai/<str:token>/", views.confirmation, name="confirmation"),
    path("pesanan/", views.my_orders, name="my_orders"),
    path("akun/saya/", views.account, name="account"),
    path("akun/saya/pesan-lagi/<str:token>/", views.reorder, name="reorder"),
    path("pesanan/<str:token>/", views.order_detail, name="detail"),
    path("pesanan/<str:token>/bukti/", views.order_receipt, name="receipt"),
    path("pesanan/<str:token>/bukti.jpg", views.order_receipt_image, name="receipt_image"),
    path("pesanan/<str:token>/batal/", views.order_cancel, name="cancel"),
    path("pesanan/<str:token>/kwitansi/", views.order_kwitansi, name="kwitansi"),
    path("pesanan/<str:token>/bukti-pengembalian.jpg", views.order_refund_proof_image, name="refund_proof"),
    path("pesanan/<str:token>/<slug:action>/", views.order_buyer_action, name="buyer_action"),
    # Village
    path("dasbor/pesanan/", views_dashboard.order_list, name="dashboard"),
    path("dasbor/pesanan/<int:pk>/", views_dashboard.order_detail, name="dashboard_detail"),
    path("dasbor/pesanan/<int:pk>/bukti.jpg", views_dashboard.order_receipt_image, name="dashboard_receipt"),
    path("dasbor/pesanan/<int:pk>/slip/", views_dashboard.order_packing_slip, name="dashboard_slip"),
    path(
        "dasbor/pesanan/<int:pk>/bukti-pengembalian.jpg",
        views_dashboard.order_refund_proof_image,
        name="dashboard_refund_proof",
    ),
    path("dasbor/pesanan/<int:pk>/<slug:action>/", views_dashboard.order_action, name="dashboard_action"),
]
