"""Rupiah in words (terbilang), as a kwitansi writes the amount received."""

_ONES = [
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]
_SCALES = [(10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (1000, "ribu")]


def _below_thousand(n: int) -> str:
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus")
    if rest < 12:
        if rest:
            words.append(_ONES[rest])
    elif rest < 20:
        words.append(f"{_ONES[rest - 10]} belas")
    else:
        tens, ones = divmod(rest, 10)
        words.append(f"{_ONES[tens]} puluh")
        if ones:
            words.append(_ONES[ones])
    return " ".join(words)


def terbilang(amount: int) -> str:
    """`38490` → "tiga puluh delapan ribu empat ratus sembilan puluh rupiah" (Indonesian, by convention)."""
    if amount == 0:
        return "nol rupiah"
    words, rest = [], amount
    for size, name in _SCALES:
        count, rest = divmod(rest, size)
        if count:
            words.append("seribu" if size == 1000 and count == 1 else f"{_below_thousand(count)} {name}")
    if rest:
        words.append(_below_thousand(rest))
    return " ".join(words) + " rupiah"
