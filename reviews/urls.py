from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("pesanan/<str:token>/ulasan/", views.order_reviews, name="order"),
    path("pesanan/<str:token>/ulasan/<int:item_id>/", views.review_add, name="add"),
    path("dasbor/ulasan/", views.dashboard, name="dashboard"),
    path("dasbor/ulasan/<int:pk>/balas/", views.reply, name="reply"),
]
