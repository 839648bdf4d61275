"""
Desbumi Market's load test scenarios (Locust, https://locust.io): what visitors do, in Python.

    make loadtest                      # everything: servers, nginx, the steps and the viral share
    locust -f loadtest/locustfile.py --host http://127.0.0.1:8080   # by hand, with the web UI

Three kinds of visitor, in the proportions of a marketplace day (LOADTEST_BUYER_SHARE moves the
buyers' share, 5 % by default):
- Browser (70 %): the home page, a village, a category (sometimes filtered), products.
- Searcher (25 %): searches with the words buyers type, then opens a result.
- Buyer (5 %): opens a product, puts it in her cart and checks out (a real order, transfer).
And, alone (`ViralVisitor`, chosen with the class name on the command line): a product page
shared on WhatsApp — every visitor opens that one page once, with its photos, and leaves.

The product, village and category addresses are read from the site's own pages at the start
(the home page and the categories), as a person would find them.
"""

import os
import random
import re
import threading

from locust import HttpUser, between, constant, events, task

SEARCH_WORDS = [
    "masker",
    "jamu",
    "kunyit",
    "kencur",
    "APD",
    "gown",
    "jahe",
    "temulawak",
    "batik",
    "pelindung",
]
PRODUCT_LINK = re.compile(r'href="(/produk/[\w-]+/)"')
VILLAGE_LINK = re.compile(r'href="(/desa/[\w-]+/)"')
CATEGORY_LINK = re.compile(r'href="(/kategori/[\w-]+/)"')
IMAGE_SRC = re.compile(r'<img[^>]+src="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHECKOUT_TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')
# Django renders a radio button as <input type="radio" name="delivery_3" value="courier" ...>.
CHOICE = re.compile(r'name="((?:delivery|payment)_\d+)"[^>]*value="(\w+)"')
BUYER_SHARE = float(os.environ.get("LOADTEST_BUYER_SHARE", "5"))


class Site:
    """Addresses found on the site's pages, shared by every simulated visitor."""

    products: list[str] = []
    villages: list[str] = []
    categories: list[str] = []
    viral: str = ""
    lock = threading.Lock()


@events.test_start.add_listener
def discover(environment, **kwargs):
    import requests

    host = environment.host.rstrip("/")
    home = requests.get(host + "/", timeout=30).text
    Site.villages = sorted(set(VILLAGE_LINK.findall(home)))
    Site.categories = sorted(set(CATEGORY_LINK.findall(home)))
    products = set(PRODUCT_LINK.findall(home))
    for category in Site.categories:
        products |= set(PRODUCT_LINK.findall(requests.get(host + category, timeout=30).text))
    Site.products = sorted(products)
    Site.viral = os.environ.get("LOADTEST_VIRAL_PATH") or (Site.products[0] if Site.products else "/")
    if not (Site.villages and Site.categories and Site.products):
        raise RuntimeError(f"found no villages/categories/products on {host}: is the database seeded?")


def product_page(client, path=None, *, name="/produk/[slug]/"):
    return client.get(path or random.choice(Site.products), name=name)


class Browser(HttpUser):
    """An anonymous visitor looking around on her phone."""

    weight = 70
    wait_time = between(2, 8)

    @task(3)
    def home(self):
        self.client.get("/", name="/")

    @task(2)
    def village(self):
        self.client.get(random.choice(Site.villages), name="/desa/[slug]/")

    @task(3)
    def category(self):
        path = random.choice(Site.categories)
        if random.random() < 0.3:
            path += f"?tersedia=1&harga_max={random.choice([20000, 50000, 100000])}"
            self.client.get(path, name="/kategori/[slug]/?filters")
        else:
            self.client.get(path, name="/kategori/[slug]/")

    @task(6)
    def product(self):
        product_page(self.client)


class Searcher(HttpUser):
    """A visitor who knows what she wants: she searches, then opens a result."""

    weight = 25
    wait_time = between(2, 8)

    @task
    def search(self):
        word = random.choice(SEARCH_WORDS)
        page = self.client.get("/cari/", params={"q": word}, name="/cari/?q=")
        found = PRODUCT_LINK.findall(page.text)
        if found:
            product_page(self.client, random.choice(found))


class Buyer(HttpUser):
    """A buyer: a product, the cart, the checkout form, an order (bank transfer)."""

    weight = max(1, round(BUYER_SHARE))
    wait_time = between(3, 10)

    @task
    def buy(self):
        self.client.cookies.clear()
        page = product_page(self.client)
        product_pk = re.search(r'name="product" value="(\d+)"', page.text)
        token = CSRF.search(page.text)
        if not (product_pk and token):
            return  # sold out or not for sale: she looks elsewhere
        with self.client.post(
            "/keranjang/tambah/",
            data={"product": product_pk.group(1), "quantity": "1", "csrfmiddlewaretoken": token.group(1)},
            name="/keranjang/tambah/ (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as added:
            if added.status_code != 302:
                added.failure(f"cart add answered {added.status_code}")
                return
        form = self.client.get("/checkout/", name="/checkout/")
        data = {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "token": CHECKOUT_TOKEN.search(form.text).group(1),
            "name": "Bu Uji Beban",
            "phone": "0812-3456-7890",
            "email": "uji.beban@contoh.test",
            "address_line": "Jl. Mawar 5",
            "address_city": "Kabupaten Jember",
            "address_province": "Jawa Timur",
        }
        offered = {}
        for field, value in CHOICE.findall(form.text):
            offered.setdefault(field, []).append(value)
        for field, values in offered.items():
            # Courier and transfer where the village offers them (the common case), else the first.
            preferred = "courier" if field.startswith("delivery") else "transfer"
            data[field] = preferred if preferred in values else values[0]
        with self.client.post(
            "/checkout/", data=data, name="/checkout/ (POST)", allow_redirects=False, catch_response=True
        ) as placed:
            if placed.status_code != 302:
                placed.failure(f"checkout answered {placed.status_code}")
                return
        self.client.get(placed.headers["Location"], name="/checkout/selesai/[token]/")


class ViralVisitor(HttpUser):
    """
    A product page shared on WhatsApp: each visitor opens it once, with its photos, and stays.

    She does not leave (StopUser): Locust replaces a stopped user at once to keep the count, so
    1,000 "visitors" who left became a flood of 450 page views a second, 7,584 in a minute, not
    1,000. Idle after her one visit, each costs nothing, and the spawn rate alone sets how many
    arrive a second (1,000 within the step's minute).
    """

    weight = 1  # run it by name, alone: `locust ... ViralVisitor` (make loadtest names every class)
    wait_time = constant(24 * 3600)

    @task
    def open_shared_page(self):
        page = product_page(self.client, Site.viral, name="viral: /produk/[slug]/")
        for src in sorted(set(IMAGE_SRC.findall(page.text)))[:3]:
            self.client.get(src, name="viral: photo")
