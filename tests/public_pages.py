"""The public listing pages the query-count tests measure (they need village Sabrang, category jamu)."""

LISTING_PAGES = [
    "/",
    "/desa/sabrang/",
    "/kategori/jamu/",
    "/cari/?q=jamu",
    "/cari/?q=jamu&desa=sabrang&kategori=jamu&harga_min=1000&tersedia=on&urut=termurah",
    "/cari/?page=2",
]
