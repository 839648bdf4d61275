"""The buyer's review page, the village's reviews desk, staff hiding one, and the product page's figures."""

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from products.models import Product
from reviews.models import Review
from reviews.services import review_create
from tests.factories import ProductFactory, add_photo, jpeg_bytes, member_with_account
from tests.orders.helpers import configured_village
from tests.reviews.helpers import completed_order

pytestmark = pytest.mark.django_db


def _photo(name="foto.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes(640, 480), content_type="image/jpeg")


def test_guest_reviews_through_her_order_link(client):
    order = completed_order()
    item = order.items.get()
    page = f"/pesanan/{order.access_token}/ulasan/"

    # the order page asks her for a review; the review page has a form per line
    assert "Beri ulasan" in client.get(order.get_absolute_url()).content.decode()
    html = client.get(page).content.decode()
    assert f'action="/pesanan/{order.access_token}/ulasan/{item.pk}/"' in html
    assert "Nilai untuk Jamu Kunyit Asam" in html

    response = client.post(
        f"{page}{item.pk}/",
        {
            f"item{item.pk}-rating": "5",
            f"item{item.pk}-text": "Enak sekali",
            f"item{item.pk}-photos": [_photo()],
        },
    )

    assert response.status_code == 302 and response.url == page
    review = Review.objects.get()
    assert (review.rating, review.text, review.photos.count()) == (5, "Enak sekali", 1)
    html = client.get(page).content.decode()
    assert "Enak sekali" in html and f"/ulasan/{item.pk}/" not in html  # no second form


def test_missing_stars_answer_400_beside_the_field_and_keep_the_text(client):
    order = completed_order()
    item = order.items.get()

    response = client.post(
        f"/pesanan/{order.access_token}/ulasan/{item.pk}/", {f"item{item.pk}-text": "Lupa bintang"}
    )

    assert response.status_code == 400
    form = response.context["lines"][0]["form"]
    assert form.errors.as_data()["rating"][0].code == "required"
    assert form.errors["rating"] == ["Pilih berapa bintang untuk produk ini."]
    assert "Lupa bintang" in response.content.decode()
    assert Review.objects.count() == 0


def test_a_file_that_is_not_a_photo_is_refused_with_the_pipelines_message(client):
    order = completed_order()
    item = order.items.get()
    bad = SimpleUploadedFile("foto.jpg", b"bukan foto", content_type="image/jpeg")

    response = client.post(
        f"/pesanan/{order.access_token}/ulasan/{item.pk}/",
        {f"item{item.pk}-rating": "4", f"item{item.pk}-photos": [bad]},
    )

    assert response.status_code == 400
    errors = response.context["lines"][0]["form"].errors.as_data()["photos"]
    assert [e.code for e in errors] == ["image_bad_format"]
    assert Review.objects.count() == 0


def test_four_photos_are_refused(client):
    order = completed_order()
    item = order.items.get()

    response = client.post(
        f"/pesanan/{order.access_token}/ulasan/{item.pk}/",
        {f"item{item.pk}-rating": "4", f"item{item.pk}-photos": [_photo(f"{i}.jpg") for i in range(4)]},
    )

    assert response.status_code == 400
    assert response.context["lines"][0]["form"].errors["photos"] == ["Paling banyak 3 foto."]
    assert Review.objects.count() == 0


def test_unknown_links_and_lines_are_404_and_an_open_order_is_not_reviewable(client):
    order = completed_order()
    other = completed_order()
    assert client.get("/pesanan/bukan-token/ulasan/").status_code == 404
    response = client.post(
        f"/pesanan/{order.access_token}/ulasan/{other.items.get().pk}/",
        {f"item{other.items.get().pk}-rating": "5"},
    )
    assert response.status_code == 404
    assert Review.objects.count() == 0

    shop = configured_village("sabrang")
    from orders.models import Order
    from orders.services import ShopChoice
    from tests.orders.helpers import place

    open_order = place(
        {ProductFactory(shop=shop): 1},
        choices={shop.pk: ShopChoice(Order.Delivery.PICKUP, Order.Payment.COD)},
    ).orders.get()
    response = client.get(f"/pesanan/{open_order.access_token}/ulasan/")
    assert response.status_code == 302 and response.url == open_order.get_absolute_url()


def test_product_and_village_pages_show_the_figures_terjual_and_the_newest_reviews(client):
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, name="Jamu Beras Kencur", stock=50)
    add_photo(product)
    for rating, text in ((5, "Mantap"), (4, "Enak"), (2, "Terlalu manis")):
        order = completed_order((product, 2), shop=shop)
        review_create(
            order=order,
            item_id=order.items.get().pk,
            rating=rating,
            text=text,
            photos=[_photo()] if rating == 5 else [],
        )

    html = client.get(product.get_absolute_url()).content.decode()
    assert "★ 3,7" in html  # Indonesian decimal comma
    assert "3 ulasan" in html and "Terjual 6" in html
    assert html.index("Terlalu manis") < html.index("Enak") < html.index("Mantap")  # newest first
    assert 'alt="Foto 1 dari Bu"' in html

    village_html = client.get(shop.get_absolute_url()).content.decode()
    assert "3 ulasan" in village_html
    assert '<meter min="0" max="100" value="33"' in village_html


def test_product_page_with_reviews_stays_within_five_queries(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page as rendered, not a copy from the shared cache
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, stock=50)
    add_photo(product)
    counts = []
    for _ in range(2):
        for _ in range(3):
            order = completed_order((product, 1), shop=shop)
            review_create(order=order, item_id=order.items.get().pk, rating=5, photos=[_photo(), _photo()])
        client.get(product.get_absolute_url())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(product.get_absolute_url()).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 5, counts


def test_village_replies_from_her_dashboard_and_another_village_cannot(client):
    order = completed_order()
    review = review_create(order=order, item_id=order.items.get().pk, rating=4, text="Bagus")
    ketua = member_with_account(shop="sabrang", role="ketua")
    other = member_with_account(shop="wonoasri", role="ketua")

    intruder = Client()
    intruder.force_login(other.user)
    assert intruder.post(f"/dasbor/ulasan/{review.pk}/balas/", {"text": "Halo"}).status_code == 404
    assert "Bagus" not in intruder.get("/dasbor/ulasan/").content.decode()

    client.force_login(ketua.user)
    assert "Bagus" in client.get("/dasbor/ulasan/").content.decode()
    response = client.post(f"/dasbor/ulasan/{review.pk}/balas/", {"text": "Terima kasih, Bu!"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Balasan terkirim dan tampil di bawah ulasan."]
    review.refresh_from_db()
    assert (review.reply, review.replied_by) == ("Terima kasih, Bu!", ketua.user)
    assert "Terima kasih, Bu!" in Client().get(review.product.get_absolute_url()).content.decode()


def test_the_village_dashboard_costs_the_same_queries_with_more_reviews(client):
    shop = configured_village("sabrang")
    ketua = member_with_account(shop="sabrang", role="ketua")
    client.force_login(ketua.user)
    product = ProductFactory(shop=shop, stock=100)
    counts = []
    for n in (2, 8):
        while Review.objects.count() < n:
            order = completed_order((product, 1), shop=shop)
            review_create(order=order, item_id=order.items.get().pk, rating=3, photos=[_photo()])
        client.get("/dasbor/ulasan/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dasbor/ulasan/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 10, counts


def test_staff_hide_a_review_with_a_reason_from_the_admin_and_it_is_audited(staff_client):
    order = completed_order()
    review = review_create(order=order, item_id=order.items.get().pk, rating=1, text="Kasar sekali")
    url = "/admin/reviews/review/"

    response = staff_client.post(
        url, {"action": "hide_reviews", "_selected_action": [review.pk], "apply": "1"}
    )
    assert response.status_code == 400
    assert Review.objects.get(pk=review.pk).hidden_at is None

    response = staff_client.post(
        url,
        {
            "action": "hide_reviews",
            "_selected_action": [review.pk],
            "apply": "1",
            "reason": "Kata-kata kasar",
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["1 ulasan disembunyikan."]
    review.refresh_from_db()
    assert (review.hidden_reason, review.hidden_by) == ("Kata-kata kasar", staff_client.staff)
    assert Product.objects.get(pk=review.product_id).rating_count == 0
    assert "Kasar sekali" not in Client().get(review.product.get_absolute_url()).content.decode()
    entry = LogEntry.objects.get_for_object(review).get()
    assert entry.actor == staff_client.staff
    assert entry.changes_dict["hidden_reason"] == ["", "Kata-kata kasar"]
