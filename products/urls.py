from django.urls import path

from . import views

app_name = "products"
urlpatterns = [
    path("", views.home, name="home"),
    path("cari/", views.search, name="search"),
    path("kategori/<slug:slug>/", views.category_detail, name="category"),
    path("produk/<slug:slug>/", views.product_detail, name="detail"),
]
