"""
Demo photos drawn with Pillow alone: cloth masks, APD, bottles of jamu, village landscapes.

No download and no font file (only Pillow's built-in font). Every function returns JPEG bytes and
is deterministic for a given seed, so `seed_demo` gives the same pictures on every machine. They
should read at a glance as what the listing claims (a batik mask, a gown on a hanger, a bottle of
kunyit asam), not be art. Shapes are drawn at twice the size and reduced, for smooth edges.

Coordinates inside the drawing functions are in units of 1/100 of the canvas width (`u`).
"""

import io
import math
import random
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

PRODUCT_SIZE = (800, 800)
VILLAGE_SIZE = (960, 540)
_SS = 2  # supersampling factor

# Fabric colours a listing may name (Indonesian colour names as they appear in product names).
COLOURS = {
    "Hitam": (40, 40, 44),
    "Biru Dongker": (34, 48, 92),
    "Abu-abu": (128, 131, 138),
    "Hijau Botol": (30, 88, 62),
    "Merah Marun": (118, 30, 42),
    "Krem": (226, 210, 180),
    "Merah Muda": (230, 150, 170),
    "Ungu": (104, 66, 136),
    "Kuning": (236, 196, 60),
    "Biru Muda": (140, 190, 226),
    "Biru": (96, 152, 210),
    "Hijau": (110, 178, 138),
    "Putih": (238, 240, 242),
    "Hijau Medis": (150, 208, 178),
    "Biru Medis": (150, 198, 230),
}

# Batik palettes: (base, accent, second accent).
BATIK_PALETTES = {
    "sogan": ((104, 62, 34), (228, 198, 150), (44, 26, 14)),
    "indigo": ((34, 48, 92), (228, 220, 198), (140, 162, 204)),
    "merah": ((128, 30, 38), (236, 192, 92), (62, 14, 18)),
    "hijau": ((36, 94, 68), (234, 216, 172), (186, 122, 60)),
    "krem": ((236, 222, 194), (120, 72, 40), (40, 62, 112)),
    "ungu": ((88, 52, 108), (234, 202, 124), (204, 164, 214)),
}
PATTERNS = ("plain", "dots", "kawung", "parang", "lurik", "floral", "labako")

# Jamu: label, drink colour, what lies beside the bottle.
DRINKS = {
    "kunyit_asam": ("Kunyit Asam", (226, 126, 22), "kunyit"),
    "beras_kencur": ("Beras Kencur", (236, 220, 178), "kencur"),
    "temulawak": ("Temulawak", (234, 180, 36), "temulawak"),
    "jahe_merah": ("Jahe Merah", (158, 46, 32), "jahe"),
    "sinom": ("Sinom", (204, 168, 72), "sinom"),
}

_WALLS = [
    ((250, 242, 230), (232, 214, 190)),
    ((236, 244, 240), (206, 224, 214)),
    ((244, 238, 248), (220, 210, 230)),
    ((246, 246, 240), (222, 222, 210)),
    ((238, 244, 250), (208, 222, 236)),
]
_WOODS = [(186, 134, 90), (160, 112, 72), (204, 160, 112), (140, 96, 62)]
_CLOTHS = [(240, 228, 214), (214, 230, 222), (230, 222, 238), (244, 236, 206), (220, 232, 242)]


# ------------------------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------------------------
def _rng(seed) -> random.Random:
    return random.Random(str(seed))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a[:3], b[:3], strict=True))


def _darker(c, f=0.8):
    return tuple(max(0, min(255, round(x * f))) for x in c[:3])


def _lighter(c, t=0.3):
    return _mix(c, (255, 255, 255), t)


def _rgba(c, a):
    return (*c[:3], a)


@lru_cache(maxsize=64)
def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError, ImportError):  # an old Pillow or one without FreeType
        return ImageFont.load_default()


def _fit_font(draw, text, max_width, size, min_size=10):
    while size > min_size and draw.textlength(text, font=_font(size)) > max_width:
        size -= 2
    return _font(size)


def _profile(n, strength, power=1.0):
    """Values 0-255 that darken towards both ends (a cylinder or a cushion seen from the front)."""
    return [round(255 * (1 - strength * (1 - math.sin(math.pi * (i + 0.5) / n)) ** power)) for i in range(n)]


@lru_cache(maxsize=16)  # about 20 distinct sizes, up to 3 MB each
def _shading(size, sx=0.2, sy=0.12, top_light=0.1):
    """A multiply layer: darker at the sides and at the bottom (cached: callers must not change it)."""
    w, h = size
    hx = Image.new("L", (256, 1))
    hx.putdata(_profile(256, sx, 1.4))
    vy = Image.new("L", (1, 256))
    vy.putdata([round(v * (1 - top_light * i / 255)) for i, v in enumerate(_profile(256, sy, 1.6))])
    shade = ImageChops.multiply(hx.resize((256, 256)), vy.resize((256, 256)))
    # Neighbouring values differ by less than one level, so nearest-neighbour shows no banding.
    return Image.merge("RGB", (shade, shade, shade)).resize((w, h), Image.Resampling.NEAREST)


def _frange(start, stop, step):
    value = start
    while value < stop:
        yield value
        value += step


def _ellipse_poly(cx, cy, rx, ry, angle=0.0, n=28):
    ca, sa = math.cos(angle), math.sin(angle)
    points = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return points


def _leaf_poly(x, y, length, width, angle, n=14):
    """A leaf from its stalk at (x, y), pointing at `angle` (radians)."""
    ca, sa = math.cos(angle), math.sin(angle)
    left, right = [], []
    for i in range(n + 1):
        t = i / n
        half = width / 2 * math.sin(math.pi * t) ** 0.8
        along = t * length
        left.append((x + along * ca - half * sa, y + along * sa + half * ca))
        right.append((x + along * ca + half * sa, y + along * sa - half * ca))
    return left + right[::-1]


def _draw_leaf(d, x, y, length, width, angle, colour, u):
    d.polygon(_leaf_poly(x, y, length, width, angle), fill=colour)
    end = (x + length * 0.95 * math.cos(angle), y + length * 0.95 * math.sin(angle))
    d.line([(x, y), end], fill=_rgba(_darker(colour, 0.7), 200), width=max(1, round(u * 0.3)))


def _drop_shadow(img, alpha, pos, u, offset=(0.8, 1.3), blur=1.3, strength=0.42):
    """Paste a soft shadow of `alpha` (placed at `pos`), shifted by `offset` units."""
    bbox = alpha.getbbox()
    if not bbox:
        return
    pad = round(blur * u * 3)
    box = (
        max(0, bbox[0] - pad),
        max(0, bbox[1] - pad),
        min(alpha.width, bbox[2] + pad),
        min(alpha.height, bbox[3] + pad),
    )
    region = alpha.crop(box)
    # Blurred at a quarter of the size: a shadow has no detail, and it is 10 times faster.
    small = (
        region.reduce(4).filter(ImageFilter.GaussianBlur(blur * u / 4)).point(lambda v: round(v * strength))
    )
    shadow = small.resize(region.size, Image.Resampling.BILINEAR)
    x = round(pos[0] + box[0] + offset[0] * u)
    y = round(pos[1] + box[1] + offset[1] * u)
    img.paste((24, 18, 12), (x, y), shadow)


def _ground_shadow(img, box, u, strength=110):
    """A soft ellipse shadow under something standing on a table."""
    x0, y0, x1, y1 = (round(v) for v in box)
    pad = round(3 * u)
    mask = Image.new("L", (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), 0)
    ImageDraw.Draw(mask).ellipse((pad, pad, pad + x1 - x0, pad + y1 - y0), fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(u))
    img.paste((30, 22, 14), (x0 - pad, y0 - pad), mask)


def _finish(img, *, optimize=False) -> bytes:
    """Reduce the supersampled drawing and encode it. Product photos are re-encoded on upload
    anyway, so they skip the (slow) optimising pass; village photos are stored as they are."""
    buffer = io.BytesIO()
    img.reduce(_SS).save(buffer, format="JPEG", quality=88, optimize=optimize)
    return buffer.getvalue()


def _texture(img, rng, u, alpha=10, step=0.7):
    """Fine weave lines over a fabric."""
    d = ImageDraw.Draw(img, "RGBA")
    w, h = img.size
    width = max(1, round(u * 0.12))
    for y in _frange(rng.uniform(0, step * u), h, step * u):
        d.line([(0, y), (w, y)], fill=(255, 255, 255, alpha), width=width)
    for x in _frange(rng.uniform(0, step * u), w, step * u * 1.3):
        d.line([(x, 0), (x, h)], fill=(0, 0, 0, alpha - 2), width=width)


def _speckle(img, rng, colour, u, count=900):
    """Nonwoven (spunbond) texture: small lighter and darker flecks."""
    d = ImageDraw.Draw(img, "RGBA")
    w, h = img.size
    for _ in range(count):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.15, 0.45) * u
        tone = _lighter(colour, 0.35) if rng.random() < 0.5 else _darker(colour, 0.85)
        d.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(tone, 70))


# ------------------------------------------------------------------------------------------------
# Backgrounds
# ------------------------------------------------------------------------------------------------
def _gradient(size, top, bottom):
    return ImageOps.colorize(Image.linear_gradient("L").resize(size), top, bottom)


def _wood(img, rng, box, u, vertical):
    """Planks with grain, inside `box`."""
    d = ImageDraw.Draw(img, "RGBA")
    x0, y0, x1, y1 = box
    base = rng.choice(_WOODS)
    span = (x1 - x0) if vertical else (y1 - y0)
    pos = 0.0
    while pos < span:
        plank = rng.uniform(16, 24) * u
        tone = _mix(
            base, _lighter(base, 0.3) if rng.random() < 0.5 else _darker(base, 0.85), rng.random() * 0.6
        )
        if vertical:
            d.rectangle((x0 + pos, y0, x0 + pos + plank, y1), fill=tone)
            for _ in range(14):
                gx = x0 + pos + rng.uniform(0.1, 0.9) * plank
                amp, phase = rng.uniform(0.2, 1.2) * u, rng.uniform(0, 6)
                pts = [(gx + amp * math.sin(phase + k * 0.9), y0 + (y1 - y0) * k / 10) for k in range(11)]
                d.line(pts, fill=_rgba(_darker(tone, 0.75), 60), width=max(1, round(u * 0.18)))
            d.line(
                [(x0 + pos, y0), (x0 + pos, y1)], fill=_rgba(_darker(base, 0.55), 200), width=round(u * 0.3)
            )
        else:
            d.rectangle((x0, y0 + pos, x1, y0 + pos + plank), fill=tone)
            for _ in range(10):
                gy = y0 + pos + rng.uniform(0.1, 0.9) * plank
                amp, phase = rng.uniform(0.1, 0.6) * u, rng.uniform(0, 6)
                pts = [(x0 + (x1 - x0) * k / 10, gy + amp * math.sin(phase + k * 0.8)) for k in range(11)]
                d.line(pts, fill=_rgba(_darker(tone, 0.75), 60), width=max(1, round(u * 0.18)))
            d.line(
                [(x0, y0 + pos), (x1, y0 + pos)], fill=_rgba(_darker(base, 0.55), 200), width=round(u * 0.3)
            )
        pos += plank


def _cloth(img, rng, box, u):
    """A gingham tablecloth."""
    d = ImageDraw.Draw(img, "RGBA")
    x0, y0, x1, y1 = box
    base = rng.choice(_CLOTHS)
    d.rectangle(box, fill=base)
    stripe = _darker(base, 0.82)
    step = rng.uniform(5, 8) * u
    for x in _frange(x0, x1, step * 2):
        d.rectangle((x, y0, x + step, y1), fill=_rgba(stripe, 60))
    for y in _frange(y0, y1, step * 2):
        d.rectangle((x0, y, x1, y + step), fill=_rgba(stripe, 60))


def _anyaman(img, rng, box, u):
    """Woven bamboo (anyaman bambu)."""
    d = ImageDraw.Draw(img, "RGBA")
    x0, y0, x1, y1 = box
    base = rng.choice([(214, 182, 128), (200, 166, 110), (226, 198, 146)])
    d.rectangle(box, fill=base)
    cell = rng.uniform(3.2, 4.2) * u
    for j, y in enumerate(_frange(y0, y1, cell)):
        for i, x in enumerate(_frange(x0, x1, cell)):
            if (i + j) % 2:
                d.rectangle(
                    (x, y + cell * 0.12, x + cell, y + cell * 0.88), fill=_rgba(_lighter(base, 0.18), 255)
                )
                d.line([(x, y + cell * 0.5), (x + cell, y + cell * 0.5)], fill=_rgba(_darker(base), 50))
            else:
                d.rectangle(
                    (x + cell * 0.12, y, x + cell * 0.88, y + cell), fill=_rgba(_darker(base, 0.9), 255)
                )
                d.line([(x + cell * 0.5, y), (x + cell * 0.5, y + cell)], fill=_rgba(_darker(base), 50))


def _backdrop(rng, size, kind):
    """'flat': a surface seen from above; 'table': a wall and a table top; 'wall': a plain wall."""
    # Drawn at the final size (half the canvas) and enlarged once: a background needs no
    # supersampling, and that makes it four times cheaper.
    full_size = size
    size = (size[0] // _SS, size[1] // _SS)
    w, h = size
    u = w / 100
    top, bottom = rng.choice(_WALLS)
    # The wall's gradient and a soft light from the upper left, made small and enlarged once.
    small = _gradient((64, 64), top, bottom)
    light = Image.new("L", (2, 2))
    light.putdata([40, 10, 10, 0])
    small.paste((255, 255, 255), (0, 0), light.resize((64, 64), Image.Resampling.BILINEAR))
    img = small.resize(size, Image.Resampling.BILINEAR)
    if kind == "flat":
        surface = rng.choice(("wood", "cloth", "anyaman", "plain"))
        if surface == "wood":
            _wood(img, rng, (0, 0, w, h), u, vertical=True)
        elif surface == "cloth":
            _cloth(img, rng, (0, 0, w, h), u)
        elif surface == "anyaman":
            _anyaman(img, rng, (0, 0, w, h), u)
        else:
            _texture(img, rng, u, alpha=8)
    elif kind == "table":
        horizon = round(h * rng.uniform(0.6, 0.66))
        if rng.random() < 0.6:
            _wood(img, rng, (0, horizon, w, h), u, vertical=False)
        else:
            _cloth(img, rng, (0, horizon, w, h), u)
        d = ImageDraw.Draw(img, "RGBA")
        d.rectangle((0, horizon - 0.4 * u, w, horizon + 0.6 * u), fill=(0, 0, 0, 40))
    else:
        _texture(img, rng, u, alpha=6, step=1.2)
    # Pixel doubling is exact here: the final reduction gives back this very drawing.
    img = img.resize(full_size, Image.Resampling.NEAREST)
    if kind == "table":
        img.info["horizon"] = horizon * _SS
    return img


# ------------------------------------------------------------------------------------------------
# Fabric patterns
# ------------------------------------------------------------------------------------------------
def _fabric(rng, size, base, accent, accent2, pattern, u):
    """A piece of cloth `size` big; `u` is the scale (1/100 of the garment's width)."""
    img = Image.new("RGB", size, base)
    d = ImageDraw.Draw(img, "RGBA")
    w, h = size
    outline = max(1, round(u * 0.35))
    if pattern == "dots":
        step, r = 11 * u, 2.2 * u
        for row, y in enumerate(_frange(-step, h + step, step * 0.8)):
            offset = step / 2 if row % 2 else 0
            for x in _frange(-step + offset, w + step, step):
                d.ellipse((x - r, y - r, x + r, y + r), fill=accent)
    elif pattern == "kawung":
        step = 15 * u
        for cy in _frange(-step, h + step, step):
            for cx in _frange(-step, w + step, step):
                for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                    px, py = cx + dx * step * 0.27, cy + dy * step * 0.27
                    rx, ry = (step * 0.25, step * 0.15) if dx else (step * 0.15, step * 0.25)
                    d.ellipse(
                        (px - rx, py - ry, px + rx, py + ry), fill=accent, outline=accent2, width=outline
                    )
                    d.ellipse((px - u * 0.9, py - u * 0.9, px + u * 0.9, py + u * 0.9), fill=base)
                d.ellipse((cx - u, cy - u, cx + u, cy + u), fill=accent2)
    elif pattern == "parang":
        step, band = 20 * u, 6.5 * u
        for x in _frange(-h - step, w + step, step):
            d.polygon([(x, 0), (x + band, 0), (x + band - h, h), (x - h, h)], fill=accent)
            d.line([(x + band / 2, 0), (x + band / 2 - h, h)], fill=accent2, width=round(u * 0.9))
            for yy in _frange(0, h, 6 * u):
                xx = x + step * 0.66 - yy
                d.ellipse((xx - 1.3 * u, yy - 1.3 * u, xx + 1.3 * u, yy + 1.3 * u), fill=accent2)
    elif pattern == "lurik":
        colours = [accent, accent2, _darker(base, 0.7), _lighter(base, 0.3)]
        x = 0.0
        while x < w:
            stripe = rng.choice((0.6, 0.6, 1.2, 2.0, 4.0)) * u
            d.rectangle((x, 0, x + stripe, h), fill=rng.choice(colours))
            x += stripe + rng.choice((1.0, 2.0, 3.5, 6.0)) * u
    elif pattern == "floral":
        for _ in range(round(w * h / (13 * u) ** 2)):
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
            petal = rng.uniform(1.8, 2.6) * u
            colour = accent if rng.random() < 0.7 else accent2
            for k in range(5):
                a = 2 * math.pi * k / 5 + rng.uniform(0, 1)
                px, py = cx + math.cos(a) * petal * 1.1, cy + math.sin(a) * petal * 1.1
                d.ellipse((px - petal, py - petal, px + petal, py + petal), fill=colour)
            d.ellipse((cx - petal * 0.7, cy - petal * 0.7, cx + petal * 0.7, cy + petal * 0.7), fill=accent2)
    elif pattern == "labako":  # Jember's tobacco-leaf batik
        for _ in range(round(w * h / (18 * u) ** 2) * 3):
            x, y = rng.uniform(-10 * u, w), rng.uniform(-10 * u, h)
            d.ellipse((x - 0.5 * u, y - 0.5 * u, x + 0.5 * u, y + 0.5 * u), fill=_rgba(accent2, 160))
        for _ in range(round(w * h / (18 * u) ** 2)):
            x, y = rng.uniform(-10 * u, w), rng.uniform(-10 * u, h)
            length, angle = rng.uniform(13, 19) * u, rng.uniform(0, 2 * math.pi)
            d.polygon(
                _leaf_poly(x, y, length, length * 0.42, angle), fill=accent, outline=accent2, width=outline
            )
            d.line(
                [(x, y), (x + length * math.cos(angle), y + length * math.sin(angle))],
                fill=accent2,
                width=outline,
            )
    if pattern in ("kawung", "parang", "labako", "floral"):
        # The fine cracks of wax batik.
        for _ in range(18):
            x, y = rng.uniform(0, w), rng.uniform(0, h)
            pts = [(x, y)]
            for _ in range(5):
                x, y = x + rng.uniform(-3, 3) * u, y + rng.uniform(-3, 3) * u
                pts.append((x, y))
            d.line(pts, fill=_rgba(accent2, 70), width=max(1, round(u * 0.2)))
    _texture(img, rng, u)
    return img


# ------------------------------------------------------------------------------------------------
# Masks
# ------------------------------------------------------------------------------------------------
def _mask_outline(x0, y0, x1, y1, style, n=32):
    w, h = x1 - x0, y1 - y0
    top, bottom = [], []
    for i in range(n + 1):
        t = i / n
        x = x0 + w * t
        if style == "contoured":
            k = abs(2 * t - 1)
            top.append((x, y0 + h * 0.26 * k**1.15))
            bottom.append((x, y1 - h * 0.3 * k**1.5))
        else:
            inset = h * 0.13 * (1 - math.sin(math.pi * t))
            top.append((x, y0 + inset))
            bottom.append((x, y1 - inset))
    return top, bottom


def _dashes(d, points, colour, width):
    for i in range(0, len(points) - 1, 2):
        d.line([points[i], points[i + 1]], fill=colour, width=width)


def _offset_curve(points, dy):
    return [(x, y + dy) for x, y in points]


def _mask_layer(rng, body_w, colour, accent, accent2, pattern, style, straps, strap_colour):
    """One mask seen from the front, ear loops included, on a transparent RGBA layer."""
    bw = body_w
    bh = bw * (0.6 if style == "contoured" else 0.56)
    pad_x, pad_y = bw * 0.32, bh * 0.42
    size = (round(bw + 2 * pad_x), round(bh + 2 * pad_y))
    x0, y0 = pad_x, pad_y
    x1, y1 = x0 + bw, y0 + bh
    yc = (y0 + y1) / 2
    u = bw / 100
    rgb = Image.new("RGB", size, strap_colour)
    alpha = Image.new("L", size, 0)
    ad = ImageDraw.Draw(alpha)
    strap_w = max(2, round(u * 1.2))
    if straps == "ties":
        for side in (-1, 1):
            xe = x0 + 2 * u if side < 0 else x1 - 2 * u
            for dy in (-1, 1):
                ys = yc + dy * bh * 0.3
                pts = [
                    (xe, ys),
                    (xe + side * bw * 0.12, ys + dy * bh * 0.08),
                    (xe + side * bw * 0.2, ys + bh * 0.2),
                    (xe + side * bw * 0.26, ys + bh * 0.42 + dy * bh * 0.05),
                ]
                ad.line(pts, fill=255, width=round(strap_w * 1.6), joint="curve")
    else:
        for side in (-1, 1):
            if side < 0:
                box = (x0 - bw * 0.25, yc - bh * 0.36, x0 + bw * 0.08, yc + bh * 0.36)
            else:
                box = (x1 - bw * 0.08, yc - bh * 0.36, x1 + bw * 0.25, yc + bh * 0.36)
            ad.ellipse(box, outline=255, width=strap_w)

    # The body is drawn on a piece of fabric just its size (local coordinates), then pasted.
    fsize = (math.ceil(bw) + 1, math.ceil(bh) + 1)
    top, bottom = _mask_outline(0, 0, bw, bh, style)
    body = Image.new("L", fsize, 0)
    ImageDraw.Draw(body).polygon(top + bottom[::-1], fill=255)
    fabric = _fabric(rng, fsize, colour, accent, accent2, pattern, u)
    fd = ImageDraw.Draw(fabric, "RGBA")
    binding = _darker(colour, 0.84) if sum(colour) > 150 else _lighter(colour, 0.15)
    stitch = _rgba(_lighter(colour, 0.6) if sum(colour) < 450 else _darker(colour, 0.6), 150)
    thin = max(1, round(u * 0.35))
    if style == "contoured":
        xc = bw / 2
        t_mid, b_mid = top[len(top) // 2][1], bottom[len(bottom) // 2][1]
        fd.line([(xc, t_mid), (xc, b_mid)], fill=(0, 0, 0, 110), width=round(u * 0.7))
        fd.line([(xc + u, t_mid), (xc + u, b_mid)], fill=(255, 255, 255, 50), width=round(u * 0.9))
        seam = [(xc - 1.8 * u, t_mid + (b_mid - t_mid) * k / 20) for k in range(21)]
        _dashes(fd, seam, stitch, thin)
        fd.rectangle((0, 0, 3 * u, bh), fill=binding)
        fd.rectangle((bw - 3 * u, 0, bw, bh), fill=binding)
    else:
        for f in (0.3, 0.5, 0.7):
            pts = []
            for k in range(17):
                t = 0.04 + 0.92 * k / 16
                pts.append((bw * t, bh / 2 + (f - 0.5) * bh * (0.74 + 0.3 * math.sin(math.pi * t))))
            fd.line(_offset_curve(pts, -1.4 * u), fill=(0, 0, 0, 32), width=round(u * 2.6))
            fd.line(pts, fill=(0, 0, 0, 100), width=round(u * 0.7))
            fd.line(_offset_curve(pts, 1.1 * u), fill=(255, 255, 255, 60), width=round(u * 1.0))
        fd.rectangle((0, 0, 4 * u, bh), fill=binding)
        fd.rectangle((bw - 4 * u, 0, bw, bh), fill=binding)
    _dashes(fd, _offset_curve(top[2:-2], 2.2 * u), stitch, thin)
    _dashes(fd, _offset_curve(bottom[2:-2], -2.2 * u), stitch, thin)
    fabric = ImageChops.multiply(fabric, _shading(fsize, 0.18, 0.14))
    at = (round(x0), round(y0))
    rgb.paste(fabric, at, body)
    alpha.paste(255, (*at, at[0] + fsize[0], at[1] + fsize[1]), body)
    rgb.putalpha(alpha)
    return rgb


def mask_photo(
    seed,
    *,
    colour="Biru Dongker",
    pattern="plain",
    palette=None,
    style="pleated",
    straps="earloop",
    count=1,
    child=False,
) -> bytes:
    """
    Cloth masks lying on a surface, seen from above.

    `colour` is a name of COLOURS (plain fabric) and `palette` a name of BATIK_PALETTES (patterned
    fabric, then `colour` is ignored); `style` "pleated" or "contoured" (the 3D cloth mask);
    `straps` "earloop" or "ties" (behind the head, for hijab wearers); `count` masks in the picture.
    """
    rng = _rng(seed)
    size = (PRODUCT_SIZE[0] * _SS, PRODUCT_SIZE[1] * _SS)
    img = _backdrop(rng, size, "flat")
    u = size[0] / 100
    body_w = size[0] * (0.46 if child else 0.6) * (0.66 if count > 1 else 1)
    if count > 1:
        spots = [(34, 32), (66, 40), (38, 66), (66, 72), (50, 50)][: min(count, 5)]
    else:
        spots = [(50 + rng.uniform(-3, 3), 50 + rng.uniform(-3, 3))]
    plain = [name for name in COLOURS if "Medis" not in name and name != "Putih"]
    for i, (sx, sy) in enumerate(spots):
        if i == len(spots) - 1:  # the one on top is the listed one
            pat = pattern
            if palette:
                base, accent, accent2 = BATIK_PALETTES[palette]
            else:
                base = COLOURS[colour]
                accent, accent2 = (_lighter(base, 0.75), _darker(base, 0.6))
        elif palette or pattern != "plain":
            base, accent, accent2 = rng.choice(list(BATIK_PALETTES.values()))
            pat = rng.choice(("kawung", "parang", "floral", "labako", "dots"))
        else:
            base = COLOURS[rng.choice(plain)]
            accent, accent2, pat = _lighter(base, 0.75), _darker(base, 0.6), "plain"
        strap_colour = (245, 245, 245) if sum(base) > 300 or rng.random() < 0.5 else (36, 36, 38)
        if straps == "ties":
            strap_colour = _darker(base, 0.84) if sum(base) > 150 else _lighter(base, 0.15)
        layer = _mask_layer(rng, body_w, base, accent, accent2, pat, style, straps, strap_colour)
        # Nearest-neighbour is 7 times faster than bilinear; the final reduction smooths the edges.
        layer = layer.rotate(rng.uniform(-10, 10), resample=Image.Resampling.NEAREST, expand=True)
        pos = (round(sx * u - layer.width / 2), round(sy * u - layer.height / 2))
        alpha = layer.getchannel("A")
        _drop_shadow(img, alpha, pos, u)
        img.paste(layer, pos, alpha)
    return _finish(img)


# ------------------------------------------------------------------------------------------------
# APD
# ------------------------------------------------------------------------------------------------
def _scaled(points, u):
    return [(x * u, y * u) for x, y in points]


def _lerp(a, b, t):
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _garment(img, rng, outline_units, colour, u, *, sheen=False, shadow=True, extra_shapes=()):
    """Fill a garment polygon (in units) with a nonwoven or shiny fabric."""
    mask = Image.new("L", img.size, 0)
    md = ImageDraw.Draw(mask)
    md.polygon(_scaled(outline_units, u), fill=255)
    for kind, coords in extra_shapes:
        getattr(md, kind)([v * u for v in coords], fill=255)
    if shadow:
        _drop_shadow(img, mask, (0, 0), u, offset=(0.9, 1.2), blur=1.1, strength=0.35)
    box = mask.getbbox()
    size = (box[2] - box[0], box[3] - box[1])
    fabric = Image.new("RGB", size, colour)
    if sheen:
        fd = ImageDraw.Draw(fabric, "RGBA")
        for _ in range(6):
            x = rng.uniform(0, 100) * u
            fd.polygon(
                [(x, 0), (x + 4 * u, 0), (x + 4 * u - 40 * u, 100 * u), (x - 40 * u, 100 * u)],
                fill=(255, 255, 255, 26),
            )
        _texture(fabric, rng, u, alpha=7, step=0.5)
    else:
        _speckle(fabric, rng, colour, u, count=600)
    fabric = ImageChops.multiply(fabric, _shading(size, 0.16, 0.1))
    img.paste(fabric, box[:2], mask.crop(box))


def _fold(d, pts, u, dark=34):
    d.line(_scaled(pts, u), fill=(0, 0, 0, dark), width=round(u * 0.8), joint="curve")
    d.line(_scaled([(x + 0.7, y) for x, y in pts], u), fill=(255, 255, 255, 34), width=round(u * 0.6))


def _gown(img, rng, colour, u, sheen):
    d = ImageDraw.Draw(img, "RGBA")
    metal = rng.random() < 0.5
    hanger = (172, 174, 180) if metal else (150, 100, 60)
    d.arc(_scaled([(46.5, 3.5), (53.5, 10.5)], u), 160, 360, fill=hanger, width=round(u * 0.9))
    d.line(_scaled([(53.4, 7.3), (50, 13)], u), fill=hanger, width=round(u * 0.9))
    d.line(
        _scaled([(29, 21), (50, 12.5), (71, 21)], u), fill=hanger, width=round(u * (0.9 if metal else 2.2))
    )
    outline = [
        (43, 17), (50, 21.5), (57, 17), (69, 20), (86, 58), (79, 61.5), (66, 37), (73, 93),
        (62, 94.5), (50, 95), (38, 94.5), (27, 93), (34, 37), (21, 61.5), (14, 58), (31, 20),
    ]  # fmt: skip
    _garment(img, rng, outline, colour, u, sheen=sheen)
    cuff = _darker(colour, 0.86) if sheen else (244, 244, 244)
    for shoulder, end_out, end_in, underarm in (
        ((69, 20), (86, 58), (79, 61.5), (66, 37)),
        ((31, 20), (14, 58), (21, 61.5), (34, 37)),
    ):
        a, b = _lerp(shoulder, end_out, 0.86), _lerp(underarm, end_in, 0.8)
        d.polygon(_scaled([a, end_out, end_in, b], u), fill=cuff)
        for t in (0.3, 0.55, 0.8):
            d.line(
                _scaled([_lerp(a, end_out, t), _lerp(b, end_in, t)], u),
                fill=(0, 0, 0, 40),
                width=max(1, round(u * 0.25)),
            )
        _fold(d, [_lerp(shoulder, underarm, 0.55), _lerp(end_out, end_in, 0.5)], u)
    d.line(_scaled([(43, 17), (50, 21.5), (57, 17)], u), fill=_lighter(colour, 0.5), width=round(u * 1.3))
    for pts in (
        [(44, 24), (41, 60), (39, 93)],
        [(56, 24), (59, 60), (61, 93)],
        [(50, 30), (50.5, 70), (50, 94)],
    ):
        _fold(d, pts, u)
    tie = _darker(colour, 0.9)
    d.line(_scaled([(33.5, 52), (30, 62), (31, 74)], u), fill=tie, width=round(u * 1.1), joint="curve")
    d.line(_scaled([(66.5, 52), (70, 62), (69, 74)], u), fill=tie, width=round(u * 1.1), joint="curve")


def _hazmat(img, rng, colour, u, tape):
    d = ImageDraw.Draw(img, "RGBA")
    outline = [
        (30, 27), (38, 24), (62, 24), (70, 27), (86, 60), (80, 63), (66, 40), (66, 62), (68, 94),
        (55, 94), (51, 66), (49, 66), (45, 94), (32, 94), (34, 62), (34, 40), (20, 63), (14, 60),
    ]  # fmt: skip
    _garment(img, rng, outline, colour, u, sheen=True, extra_shapes=[("ellipse", (37, 5, 63, 31))])
    d.ellipse(_scaled([(42, 10), (58, 26)], u), fill=_darker(colour, 0.55))
    d.ellipse(_scaled([(42, 10), (58, 26)], u), outline=_lighter(colour, 0.4), width=round(u * 0.8))
    tape_w = round(u * 1.4)
    for pts in (
        [(64, 25.5), (82, 61)],
        [(36, 25.5), (18, 61)],
        [(38, 29), (62, 29)],
        [(65.5, 64), (61.5, 93.5)],
        [(34.5, 64), (38.5, 93.5)],
    ):
        d.line(_scaled(pts, u), fill=_rgba(tape, 220), width=tape_w)
    d.rectangle(_scaled([(48.4, 30), (51.6, 64)], u), fill=_lighter(colour, 0.25))
    _dashes(d, _scaled([(50, 30 + k * 0.8) for k in range(43)], u), (90, 90, 96), round(u * 0.5))
    d.rectangle(_scaled([(49.2, 30), (50.8, 33.5)], u), fill=(70, 70, 76))
    for band in (
        [(82, 57.5), (86, 60), (80, 63), (77.5, 59)],
        [(18, 57.5), (14, 60), (20, 63), (22.5, 59)],
        [(55, 91), (68, 91), (68, 94), (55, 94)],
        [(32, 91), (45, 91), (45, 94), (32, 94)],
    ):
        d.polygon(_scaled(band, u), fill=_darker(colour, 0.8))
    waist = [(34.5 + k * 1.0, 50 + (0.5 if k % 2 else -0.5)) for k in range(32)]
    d.line(_scaled(waist, u), fill=(0, 0, 0, 50), width=round(u * 0.35))
    for pts in ([(42, 34), (41, 60), (40, 90)], [(58, 34), (59, 60), (60, 90)]):
        _fold(d, pts, u, dark=26)


def _mannequin(img, rng, u):
    """A styrofoam display head, to show a face shield on."""
    d = ImageDraw.Draw(img, "RGBA")
    foam = rng.choice([(236, 214, 190), (226, 200, 176), (214, 214, 220)])
    _ground_shadow(img, (24 * u, 94 * u, 80 * u, 101 * u), u, strength=90)
    d.polygon(_scaled([(26, 100), (32, 86), (68, 86), (74, 100)], u), fill=_darker(foam, 0.93))
    d.rectangle(_scaled([(43, 60), (57, 88)], u), fill=_darker(foam, 0.9))
    d.ellipse(_scaled([(33, 14), (67, 70)], u), fill=foam)
    d.chord(_scaled([(33, 14), (67, 70)], u), -70, 70, fill=(0, 0, 0, 18))
    d.ellipse(_scaled([(38, 18), (50, 34)], u), fill=(255, 255, 255, 60))
    d.line(_scaled([(50, 40), (49, 50), (51.5, 51)], u), fill=(0, 0, 0, 28), width=round(u * 0.4))


def _face_shield(img, rng, u, frame):
    _mannequin(img, rng, u)
    d = ImageDraw.Draw(img, "RGBA")
    top = 35 if frame else 31
    if frame:
        for side in (-1, 1):
            d.line(
                _scaled([(50 + side * 24, 35), (50 + side * 16.5, 33)], u),
                fill=(28, 28, 30),
                width=round(u * 1.4),
            )
    else:
        elastic = rng.choice([(30, 30, 34), (236, 236, 236), (40, 70, 140)])
        for side in (-1, 1):
            d.line(
                _scaled([(50 + side * 20, 27), (50 + side * 16.7, 25)], u), fill=elastic, width=round(u * 1.2)
            )
    visor = _scaled([(23, top), (77, top + 53)], u)
    d.rounded_rectangle(
        visor, radius=7 * u, fill=(214, 234, 248, 56), outline=(100, 130, 150, 180), width=round(u * 0.5)
    )
    for x0, width, a in ((27, 3.2, 110), (31.5, 1.0, 80), (71, 2.0, 70)):
        d.polygon(
            _scaled(
                [(x0, top + 2), (x0 + width, top + 2), (x0 + width - 1.5, top + 50), (x0 - 1.5, top + 50)], u
            ),
            fill=(255, 255, 255, a),
        )
    d.line(_scaled([(30, top + 52), (70, top + 52)], u), fill=(255, 255, 255, 70), width=round(u * 0.6))
    if frame:
        d.rounded_rectangle(_scaled([(25, 32), (75, 36)], u), radius=1.5 * u, fill=(28, 28, 30))
        d.line(_scaled([(30, 33), (70, 33)], u), fill=(255, 255, 255, 70), width=round(u * 0.4))
    else:
        foam = rng.choice([(120, 170, 222), (236, 236, 232), (200, 200, 204), (250, 200, 90)])
        d.rounded_rectangle(_scaled([(29, 23), (71, 31.5)], u), radius=2 * u, fill=foam)
        for _ in range(200):
            x, y = rng.uniform(30, 70) * u, rng.uniform(24, 31) * u
            r = rng.uniform(0.12, 0.3) * u
            d.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(_darker(foam, 0.78), 90))
        d.rectangle(_scaled([(29, 30.5), (71, 31.5)], u), fill=_rgba(_darker(foam, 0.8), 160))


def _cap(img, rng, colour, u, cx, cy, radius):
    d = ImageDraw.Draw(img, "RGBA")
    mask = Image.new("L", img.size, 0)
    md = ImageDraw.Draw(mask)
    md.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=255)
    n = 44
    for k in range(n):
        a = 2 * math.pi * k / n
        x, y = cx + math.cos(a) * radius, cy + math.sin(a) * radius
        r = radius * 0.075
        md.ellipse((x - r, y - r, x + r, y + r), fill=255)
    _drop_shadow(img, mask, (0, 0), u, offset=(0.7, 1.0), blur=1.0, strength=0.35)
    box = mask.getbbox()
    fabric = Image.new("RGB", (box[2] - box[0], box[3] - box[1]), colour)
    _speckle(fabric, rng, colour, u, count=250)
    img.paste(fabric, box[:2], mask.crop(box))
    d.ellipse(
        (cx - radius * 0.9, cy - radius * 0.9, cx + radius * 0.9, cy + radius * 0.9),
        outline=_rgba(_darker(colour, 0.75), 140),
        width=round(u * 0.5),
    )
    for _ in range(16):
        a, r = rng.uniform(0, 2 * math.pi), rng.uniform(0.1, 0.8) * radius
        x, y = cx + math.cos(a) * r, cy + math.sin(a) * r
        length = rng.uniform(2, 5) * u
        b = a + math.pi / 2 + rng.uniform(-0.4, 0.4)
        d.line(
            [(x, y), (x + math.cos(b) * length, y + math.sin(b) * length)],
            fill=(0, 0, 0, 22),
            width=round(u * 0.4),
        )


def _apron(img, rng, colour, u):
    d = ImageDraw.Draw(img, "RGBA")
    strap = _darker(colour, 0.8)
    outline = [
        (43, 16), (57, 16), (60, 24), (66, 33), (69, 37), (71, 91), (67, 95), (33, 95), (29, 91),
        (31, 37), (34, 33), (40, 24),
    ]  # fmt: skip
    d.line(
        _scaled([(43.5, 16.5), (45, 8), (50, 5), (55, 8), (56.5, 16.5)], u),
        fill=strap,
        width=round(u * 0.8),
        joint="curve",
    )
    for side in (-1, 1):
        x = 50 + side * 19
        d.line(
            _scaled([(x, 40), (50 + side * 30, 45), (50 + side * 34, 58)], u),
            fill=strap,
            width=round(u * 0.8),
            joint="curve",
        )
    shadow = Image.new("L", img.size, 0)
    ImageDraw.Draw(shadow).polygon(_scaled(outline, u), fill=255)
    _drop_shadow(img, shadow, (0, 0), u, offset=(0.6, 0.9), blur=0.9, strength=0.25)
    d.polygon(
        _scaled(outline, u),
        fill=_rgba(colour, 205),
        outline=_rgba(_darker(colour, 0.8), 200),
        width=round(u * 0.3),
    )
    for x in (40, 50, 60):
        d.line(_scaled([(x, 24 if x == 50 else 36), (x, 94)], u), fill=(0, 0, 0, 26), width=round(u * 0.4))
    for y in (52, 73):
        d.line(_scaled([(30, y), (70.5, y)], u), fill=(0, 0, 0, 26), width=round(u * 0.4))
    for x0 in (36, 55):
        d.polygon(_scaled([(x0, 40), (x0 + 3, 40), (x0 + 1, 92), (x0 - 2, 92)], u), fill=(255, 255, 255, 60))


def apd_photo(seed, *, kind="gown", colour="Biru", tape="Abu-abu") -> bytes:
    """
    `kind`: "gown" (spunbond, on a hanger), "gown_parasut" (shiny, washable), "hazmat" (coverall
    with hood, laid flat), "face_shield", "face_shield_frame", "cap" (pack of nurse caps), "apron".
    `colour` and `tape` (hazmat seam tape) are names of COLOURS.
    """
    rng = _rng(seed)
    size = (PRODUCT_SIZE[0] * _SS, PRODUCT_SIZE[1] * _SS)
    u = size[0] / 100
    base = COLOURS.get(colour, COLOURS["Biru"])
    if kind in ("gown", "gown_parasut"):
        img = _backdrop(rng, size, "wall")
        _gown(img, rng, base, u, sheen=kind == "gown_parasut")
    elif kind == "hazmat":
        img = _backdrop(rng, size, "flat")
        _hazmat(img, rng, base, u, COLOURS.get(tape, (120, 120, 126)))
    elif kind in ("face_shield", "face_shield_frame"):
        img = _backdrop(rng, size, "wall")
        _face_shield(img, rng, u, frame=kind == "face_shield_frame")
    elif kind == "cap":
        img = _backdrop(rng, size, "flat")
        for cx, cy in ((36, 38), (62, 44), (46, 64)):
            _cap(img, rng, base, u, cx * u, cy * u, rng.uniform(19, 22) * u)
        d = ImageDraw.Draw(img, "RGBA")
        d.rounded_rectangle(
            _scaled([(12, 14), (88, 88)], u),
            radius=4 * u,
            fill=(255, 255, 255, 34),
            outline=(255, 255, 255, 110),
            width=round(u * 0.5),
        )
        d.line(_scaled([(12, 20), (88, 20)], u), fill=(255, 255, 255, 120), width=round(u * 0.6))
        d.polygon(_scaled([(18, 24), (22, 24), (16, 84), (12, 84)], u), fill=(255, 255, 255, 50))
    else:
        img = _backdrop(rng, size, "flat")
        _apron(img, rng, base, u)
    return _finish(img)


# ------------------------------------------------------------------------------------------------
# Jamu
# ------------------------------------------------------------------------------------------------
_BOTTLE_SIZES = {"250 ml": (19, 26, 6, 7.5, 7), "500 ml": (23, 34, 7, 8.5, 8), "1 liter": (27, 44, 8, 9.5, 8)}


def _slice(d, x, y, r, skin, cut, u):
    d.ellipse((x - r, y - r * 0.5 + 0.8 * u, x + r, y + r * 0.5 + 0.8 * u), fill=_darker(skin, 0.8))
    d.ellipse((x - r, y - r * 0.5, x + r, y + r * 0.5), fill=skin)
    d.ellipse((x - r * 0.86, y - r * 0.43, x + r * 0.86, y + r * 0.43), fill=cut)
    d.ellipse(
        (x - r * 0.5, y - r * 0.25, x + r * 0.5, y + r * 0.25),
        outline=_rgba(_darker(cut, 0.85), 160),
        width=round(u * 0.3),
    )


def _rhizome(d, rng, x, y, u, skin, cut, scale=1.0):
    """A knobbly root (kunyit, jahe, temulawak, kencur) lying on the table, and a cut slice."""
    fingers = rng.randint(3, 4)
    for k in range(fingers):
        a = rng.uniform(-0.5, 0.5) + (k - fingers / 2) * 0.25
        fx, fy = x + (k - fingers / 2) * 3.2 * u * scale, y + rng.uniform(-1, 1) * u
        rx, ry = rng.uniform(4.5, 6.5) * u * scale, rng.uniform(1.6, 2.2) * u * scale
        d.polygon(_ellipse_poly(fx, fy, rx, ry, a), fill=_mix(skin, _darker(skin, 0.8), rng.random()))
        for ring in (-0.5, 0.0, 0.5):
            cx, cy = fx + math.cos(a) * rx * ring, fy + math.sin(a) * rx * ring
            nx, ny = -math.sin(a) * ry * 0.9, math.cos(a) * ry * 0.9
            d.line(
                [(cx - nx, cy - ny), (cx + nx, cy + ny)],
                fill=_rgba(_darker(skin, 0.65), 150),
                width=round(u * 0.3),
            )
    _slice(d, x + 9 * u * scale, y + 3 * u * scale, 3.4 * u * scale, skin, cut, u)


def _props(img, rng, drink, side, u, floor):
    d = ImageDraw.Draw(img, "RGBA")
    prop = DRINKS[drink][2]
    x = (18 if side < 0 else 80) * u
    y = floor - rng.uniform(1, 3) * u
    leaf = rng.choice([(70, 138, 58), (86, 150, 64), (58, 120, 52)])
    _draw_leaf(d, x - 2 * u, y + 2 * u, 16 * u, 5 * u, math.radians(rng.uniform(-160, -120)), leaf, u)
    if prop == "kunyit":
        _rhizome(d, rng, x, y, u, (176, 104, 48), (240, 136, 18))
        for k in range(2):  # tamarind pods (asam jawa)
            px, py = x - 8 * u + k * 6 * u, y + 6 * u + k * u
            pts = [(px + i * 2 * u, py + math.sin(i * 0.9) * 0.8 * u) for i in range(6)]
            d.line(pts, fill=(122, 76, 42), width=round(2.6 * u), joint="curve")
            for i in (1, 3):
                cx, cy = pts[i]
                d.line([(cx, cy - 1.3 * u), (cx, cy + 1.3 * u)], fill=(80, 48, 24), width=round(u * 0.4))
    elif prop == "kencur":
        _rhizome(d, rng, x, y, u, (150, 112, 80), (246, 240, 226), scale=0.7)
        for _ in range(70):  # rice grains (beras)
            gx, gy = x - 6 * u + rng.gauss(0, 3) * u, y + 6 * u + rng.gauss(0, 1) * u
            d.polygon(
                _ellipse_poly(gx, gy, 0.7 * u, 0.35 * u, rng.uniform(0, 3), 10),
                fill=(246, 242, 232),
                outline=(200, 196, 184),
            )
    elif prop == "temulawak":
        _rhizome(d, rng, x, y, u, (178, 132, 62), (244, 178, 40), scale=1.25)
    elif prop == "jahe":
        _rhizome(d, rng, x, y, u, (172, 90, 64), (236, 210, 150))
        _draw_leaf(d, x + 4 * u, y - 2 * u, 10 * u, 1.6 * u, math.radians(-30), (96, 150, 70), u)  # serai
    else:  # sinom: young tamarind leaves and a slice of kunyit
        for k in range(9):
            _draw_leaf(
                d,
                x - 4 * u + k * 1.1 * u,
                y + 3 * u,
                4 * u,
                1.4 * u,
                math.radians(-150 + k * 14),
                (120, 170, 70),
                u,
            )
        _slice(d, x + 6 * u, y + 5 * u, 3 * u, (176, 104, 48), (240, 136, 18), u)


def _label(d, box, drink_label, volume, tone, u, header="JAMU", footer="Desbumi"):
    x0, y0, x1, y1 = box
    d.rounded_rectangle(box, radius=u, fill=tone)
    accent = (70, 120, 60) if sum(tone) > 500 else (90, 54, 30)
    d.rounded_rectangle(
        (x0 + 0.8 * u, y0 + 0.8 * u, x1 - 0.8 * u, y1 - 0.8 * u),
        radius=0.8 * u,
        outline=accent,
        width=max(1, round(u * 0.3)),
    )
    cx, w, h = (x0 + x1) / 2, x1 - x0, y1 - y0
    text = (50, 34, 20)
    d.text((cx, y0 + h * 0.2), header, font=_font(round(h * 0.14)), fill=accent, anchor="mm")
    font = _fit_font(d, drink_label, w * 0.84, round(h * 0.24))
    d.text(
        (cx, y0 + h * 0.46), drink_label, font=font, fill=text, anchor="mm", stroke_width=1, stroke_fill=text
    )
    d.text((cx, y0 + h * 0.68), volume, font=_font(round(h * 0.13)), fill=text, anchor="mm")
    d.text((cx, y0 + h * 0.85), footer, font=_font(round(h * 0.11)), fill=accent, anchor="mm")


def _bottle(img, rng, cx, floor, u, drink, volume, *, scale=1.0, style=None):
    bw, bh, sh, nw, nh = (v * scale * u for v in _BOTTLE_SIZES.get(volume, _BOTTLE_SIZES["250 ml"]))
    label_text, colour, _ = DRINKS[drink]
    style = style or rng.choice(("glass", "pet"))
    x0, x1 = cx - bw / 2, cx + bw / 2
    body_top = floor - bh
    neck_top = body_top - sh - nh
    _ground_shadow(img, (x0 - u, floor - 1.5 * u, x1 + 3 * u, floor + 2 * u), u)
    shape = Image.new("L", img.size, 0)
    md = ImageDraw.Draw(shape)
    md.rounded_rectangle(
        (x0, body_top, x1, floor), radius=(2.5 if style == "glass" else 1.5) * u * scale, fill=255
    )
    shoulder = []
    for k in range(13):
        t = k / 12
        w = nw / 2 + (bw / 2 - nw / 2) * (math.sin(math.pi / 2 * t) if style == "glass" else t**0.6)
        shoulder.append((w, body_top - sh + sh * t))
    md.polygon([(cx - w, y) for w, y in shoulder] + [(cx + w, y) for w, y in shoulder[::-1]], fill=255)
    md.rectangle((cx - nw / 2, neck_top, cx + nw / 2, body_top - sh + 1), fill=255)
    # Glass: faintly tinted where empty.
    bbox = shape.getbbox()
    shape = shape.crop(bbox)
    glass = (232, 240, 236) if style == "glass" else (240, 244, 248)
    img.paste(glass, bbox[:2], shape.point(lambda v: v * 70 // 255))
    # The drink, with a cylinder's shading, up to the shoulder.
    level = body_top - sh * rng.uniform(0.3, 0.7)
    ImageDraw.Draw(shape).rectangle((0, 0, shape.width, level - bbox[1]), fill=0)
    fill = Image.new("RGB", shape.size, colour)
    fill = ImageChops.multiply(fill, _shading(fill.size, 0.35, 0.08, top_light=0.0))
    img.paste(fill, bbox[:2], shape)
    d = ImageDraw.Draw(img, "RGBA")
    d.line(
        [(x0 + bw * 0.12, level), (x1 - bw * 0.12, level)],
        fill=_rgba(_lighter(colour, 0.4), 200),
        width=round(u * 0.4),
    )
    if style == "pet":
        for y in (floor - bh * 0.1, body_top + bh * 0.1):
            d.line([(x0, y), (x1, y)], fill=(255, 255, 255, 70), width=round(u * 0.5))
    # Label, highlights, cap.
    label_box = (x0, body_top + bh * 0.26, x1, body_top + bh * 0.8)
    tone = rng.choice([(250, 244, 226), (255, 255, 250), (214, 180, 128), (236, 246, 226)])
    _label(d, label_box, label_text, volume, tone, u * scale)
    d.rounded_rectangle(
        (x0 + bw * 0.1, body_top + 1.5 * u, x0 + bw * 0.18, floor - 1.5 * u),
        radius=u,
        fill=(255, 255, 255, 90),
    )
    d.rectangle((cx - nw * 0.3, neck_top + u, cx - nw * 0.15, body_top - sh * 0.5), fill=(255, 255, 255, 80))
    d.rounded_rectangle(
        (x1 - bw * 0.1, body_top + 2 * u, x1 - bw * 0.06, floor - 2 * u), radius=u, fill=(255, 255, 255, 50)
    )
    cap = rng.choice([(200, 160, 60), (196, 40, 40), (40, 120, 70), (245, 245, 245), (30, 30, 30)])
    cap_box = (
        cx - nw / 2 - 0.9 * u * scale,
        neck_top - 4.5 * u * scale,
        cx + nw / 2 + 0.9 * u * scale,
        neck_top + 0.6 * u,
    )
    d.rounded_rectangle(cap_box, radius=0.8 * u, fill=cap)
    for x in _frange(cap_box[0] + 0.8 * u, cap_box[2] - 0.4 * u, 0.9 * u):
        d.line(
            [(x, cap_box[1] + 0.6 * u), (x, cap_box[3] - 0.4 * u)],
            fill=_rgba(_darker(cap, 0.7), 120),
            width=max(1, round(u * 0.2)),
        )
    d.rectangle(
        (cap_box[0], cap_box[1], cap_box[2], cap_box[1] + 0.9 * u), fill=_rgba(_lighter(cap, 0.3), 160)
    )


def _tumbler(img, cx, floor, u, colour):
    d = ImageDraw.Draw(img, "RGBA")
    h, top_w, bottom_w = 17 * u, 13 * u, 10 * u
    _ground_shadow(img, (cx - bottom_w / 2 - u, floor - u, cx + bottom_w / 2 + 3 * u, floor + 1.5 * u), u)
    glass = [
        (cx - top_w / 2, floor - h),
        (cx + top_w / 2, floor - h),
        (cx + bottom_w / 2, floor),
        (cx - bottom_w / 2, floor),
    ]
    d.polygon(glass, fill=(236, 244, 240, 90), outline=(160, 170, 170, 160))
    level = 0.78
    lw = bottom_w + (top_w - bottom_w) * level
    d.polygon(
        [
            (cx - lw / 2, floor - h * level),
            (cx + lw / 2, floor - h * level),
            (cx + bottom_w / 2 - 0.4 * u, floor - 1.2 * u),
            (cx - bottom_w / 2 + 0.4 * u, floor - 1.2 * u),
        ],
        fill=_rgba(colour, 235),
    )
    d.ellipse(
        (cx - lw / 2, floor - h * level - 0.9 * u, cx + lw / 2, floor - h * level + 0.9 * u),
        fill=_lighter(colour, 0.2),
    )
    d.polygon(
        [
            (cx - top_w / 2 + 1.5 * u, floor - h + u),
            (cx - top_w / 2 + 2.6 * u, floor - h + u),
            (cx - bottom_w / 2 + 2 * u, floor - 2 * u),
            (cx - bottom_w / 2 + 1 * u, floor - 2 * u),
        ],
        fill=(255, 255, 255, 90),
    )


def _pouch(img, rng, cx, floor, u, drink, weight):
    label_text, colour, _ = DRINKS[drink]
    d = ImageDraw.Draw(img, "RGBA")
    w, h = 34 * u, 48 * u
    x0, x1, top = cx - w / 2, cx + w / 2, floor - h
    paper = rng.choice([(198, 158, 108), (236, 232, 224), (70, 110, 70), (150, 40, 40)])
    _ground_shadow(img, (x0, floor - 2 * u, x1 + 4 * u, floor + 2 * u), u)
    shape = Image.new("L", img.size, 0)
    sd = ImageDraw.Draw(shape)
    sd.polygon(
        [
            (x0 + u, top),
            (x1 - u, top),
            (x1, floor - 4 * u),
            (x1 - 2 * u, floor),
            (x0 + 2 * u, floor),
            (x0, floor - 4 * u),
        ],
        fill=255,
    )
    box = (round(x0), round(top), round(x1), round(floor))
    fill = Image.new("RGB", (box[2] - box[0], box[3] - box[1]), paper)
    if paper == (198, 158, 108):
        _speckle(fill, rng, paper, u, count=300)
    fill = ImageChops.multiply(fill, _shading(fill.size, 0.3, 0.1))
    img.paste(fill, box[:2], shape.crop(box))
    d.line([(x0 + u, top + 5 * u), (x1 - u, top + 5 * u)], fill=(0, 0, 0, 70), width=round(u * 0.6))
    d.line([(x0 + u, top + 6 * u), (x1 - u, top + 6 * u)], fill=(255, 255, 255, 60), width=round(u * 0.4))
    for sx in (x0 + 0.6 * u, x1 - 0.6 * u):
        d.polygon(
            [(sx, top + 8 * u), (sx + (u if sx < cx else -u), top + 8.8 * u), (sx, top + 9.6 * u)],
            fill=(0, 0, 0, 120),
        )
    # A window onto the powder.
    powder = _mix(colour, (240, 230, 200), 0.35)
    win = (cx - 9 * u, floor - 17 * u, cx + 9 * u, floor - 5 * u)
    d.rounded_rectangle(
        win, radius=5 * u, fill=powder, outline=_rgba(_darker(paper, 0.7), 200), width=round(u * 0.4)
    )
    for _ in range(160):
        px, py = rng.uniform(win[0] + u, win[2] - u), rng.uniform(win[1] + u, win[3] - u)
        d.point((px, py), fill=_darker(powder, 0.8))
    tone = (250, 246, 232) if paper != (236, 232, 224) else (226, 240, 220)
    _label(
        d,
        (cx - 13 * u, top + 9 * u, cx + 13 * u, floor - 19 * u),
        label_text,
        weight,
        tone,
        u,
        header="JAMU SERBUK",
    )
    # A spoonful of powder beside it.
    sx, sy = x1 + 8 * u, floor - 1 * u
    d.ellipse(
        (sx - 5 * u, sy - 2.2 * u, sx + 5 * u, sy + 2.2 * u), fill=(210, 210, 214), outline=(150, 150, 156)
    )
    d.line([(sx + 4.5 * u, sy), (sx + 16 * u, sy + 2 * u)], fill=(190, 190, 196), width=round(u * 1.2))
    d.ellipse((sx - 4 * u, sy - 2.2 * u, sx + 4 * u, sy + 1.2 * u), fill=powder)


def jamu_photo(seed, *, drink="kunyit_asam", volume="250 ml", pack="bottle", drinks=None) -> bytes:
    """
    Jamu on a table: `pack` "bottle" (one bottle of `volume` with a glass or roots beside it),
    "pouch" (instant jamu powder, `volume` is then its weight, e.g. "100 g") or "set" (one small
    bottle of each of `drinks`). `drink` is a key of DRINKS.
    """
    rng = _rng(seed)
    size = (PRODUCT_SIZE[0] * _SS, PRODUCT_SIZE[1] * _SS)
    u = size[0] / 100
    img = _backdrop(rng, size, "table")
    floor = img.info.get("horizon", size[1] * 0.64) + rng.uniform(14, 20) * u
    if pack == "set":
        chosen = list(drinks or DRINKS)[:4]
        step = 84 / len(chosen)
        for i, key in enumerate(chosen):
            _bottle(
                img,
                rng,
                (8 + step * (i + 0.5)) * u,
                floor - (i % 2) * 3 * u,
                u,
                key,
                "250 ml",
                scale=0.95,
                style="glass",
            )
    elif pack == "pouch":
        side = rng.choice((-1, 1))
        _props(img, rng, drink, side, u, floor)
        _pouch(img, rng, (40 if side > 0 else 46) * u, floor, u, drink, volume)
    else:
        side = rng.choice((-1, 1))
        cx = (56 if side < 0 else 42) * u
        if rng.random() < 0.5:
            _tumbler(img, (cx / u + side * 26) * u, floor + 2 * u, u, DRINKS[drink][1])
        _props(img, rng, drink, -side, u, floor)
        _bottle(img, rng, cx, floor, u, drink, volume)
    return _finish(img)


# ------------------------------------------------------------------------------------------------
# Villages
# ------------------------------------------------------------------------------------------------
def _palm(d, rng, x, base_y, height, u):
    lean = rng.uniform(-0.25, 0.25)
    pts = [(x + lean * height * (k / 10) ** 1.5, base_y - height * k / 10) for k in range(11)]
    for k in range(10):
        d.line([pts[k], pts[k + 1]], fill=(112, 88, 60), width=max(1, round(u * (0.7 - 0.03 * k))))
    top = pts[-1]
    green = rng.choice([(46, 104, 50), (58, 118, 54), (40, 92, 46)])
    for k in range(9):
        a = math.radians(-170 + k * 20 + rng.uniform(-6, 6))
        length = height * rng.uniform(0.32, 0.42)
        frond = []
        for s in range(9):
            t = s / 8
            frond.append(
                (top[0] + math.cos(a) * length * t, top[1] + math.sin(a) * length * t + length * 0.45 * t * t)
            )
        d.line(frond, fill=green, width=max(1, round(u * 0.45)), joint="curve")
        for s in range(1, 8):
            fx, fy = frond[s]
            for side in (-1, 1):
                d.line(
                    [(fx, fy), (fx + side * math.sin(a) * u * 1.4, fy + u * 1.2)],
                    fill=green,
                    width=max(1, round(u * 0.2)),
                )


def _house(d, rng, x, base_y, w, u):
    h = w * 0.5
    wall = rng.choice([(244, 238, 222), (226, 238, 220), (222, 232, 242), (246, 226, 200), (240, 240, 236)])
    roof = rng.choice([(176, 78, 48), (160, 66, 42), (148, 84, 56), (120, 60, 44)])
    d.rectangle((x, base_y - h, x + w, base_y), fill=wall)
    d.rectangle((x, base_y - h * 0.12, x + w, base_y), fill=_darker(wall, 0.8))
    overhang = w * 0.1
    d.polygon(
        [
            (x - overhang, base_y - h),
            (x + w + overhang, base_y - h),
            (x + w * 0.72, base_y - h * 1.9),
            (x + w * 0.28, base_y - h * 1.9),
        ],
        fill=roof,
    )
    d.polygon(
        [(x + w * 0.72, base_y - h * 1.9), (x + w + overhang, base_y - h), (x + w * 0.85, base_y - h)],
        fill=_darker(roof, 0.8),
    )
    for k in range(1, 5):
        y = base_y - h - (h * 0.9) * k / 5
        d.line(
            [(x - overhang + (w * 0.38) * k / 5, y), (x + w + overhang - (w * 0.38) * k / 5, y)],
            fill=_rgba(_darker(roof, 0.7), 120),
            width=max(1, round(u * 0.1)),
        )
    door = (x + w * 0.42, base_y - h * 0.72, x + w * 0.58, base_y - h * 0.12)
    d.rectangle(door, fill=(96, 62, 40))
    for wx in (x + w * 0.12, x + w * 0.7):
        d.rectangle((wx, base_y - h * 0.68, wx + w * 0.18, base_y - h * 0.36), fill=(70, 56, 46))
        d.line(
            [(wx + w * 0.09, base_y - h * 0.68), (wx + w * 0.09, base_y - h * 0.36)],
            fill=wall,
            width=max(1, round(u * 0.15)),
        )


def village_photo(seed, *, coast=False, forest=False, mosque=False, tobacco=False) -> bytes:
    """A village landscape: sky, hills, rice fields, houses with tiled roofs and coconut palms."""
    rng = _rng(seed)
    w, h = VILLAGE_SIZE[0] * _SS, VILLAGE_SIZE[1] * _SS
    u = w / 100
    horizon = h * rng.uniform(0.46, 0.52)
    img = _gradient((w, h), (104, 164, 222), (214, 232, 242))
    d = ImageDraw.Draw(img, "RGBA")
    for _ in range(rng.randint(3, 5)):  # clouds
        cx, cy = rng.uniform(0, w), rng.uniform(0.05, 0.3) * h
        for _ in range(7):
            rx, ry = rng.uniform(3, 7) * u, rng.uniform(1.5, 3) * u
            ox, oy = rng.uniform(-6, 6) * u, rng.uniform(-1.5, 0.5) * u
            d.ellipse((cx + ox - rx, cy + oy - ry, cx + ox + rx, cy + oy + ry), fill=(255, 255, 255, 190))
    # Hills: far blue, near green (darker and higher for the forest of Meru Betiri).
    for layer, (colour, height) in enumerate(
        [((128, 156, 178), 0.16), ((66, 112, 74) if forest else (104, 140, 104), 0.1 if not forest else 0.17)]
    ):
        pts, y = [(0, horizon)], horizon - rng.uniform(0.3, 1) * height * h
        for x in _frange(0, w + 4 * u, 4 * u):
            y = min(
                horizon - 0.01 * h,
                max(horizon - height * h * 1.3, y + rng.uniform(-1.2, 1.2) * u * (1 + layer)),
            )
            pts.append((x, y))
        pts.append((w, horizon))
        d.polygon(pts, fill=colour)
    if coast:  # the Indian Ocean beyond a beach, instead of a line of trees
        d.rectangle((0, horizon - 0.08 * h, w, horizon - 0.012 * h), fill=(66, 128, 176))
        d.rectangle((0, horizon - 0.012 * h, w, horizon + 0.005 * h), fill=(226, 210, 164))
        for _ in range(50):
            x, y = rng.uniform(0, w), rng.uniform(horizon - 0.075 * h, horizon - 0.015 * h)
            d.line(
                [(x, y), (x + rng.uniform(1, 3) * u, y)],
                fill=(255, 255, 255, 130),
                width=max(1, round(u * 0.15)),
            )
    # Fields in perspective.
    greens = [(98, 160, 70), (122, 178, 80), (146, 190, 88), (88, 146, 62), (196, 190, 92)]
    bands = 9
    edges = [horizon + (h - horizon) * (k / bands) ** 1.7 for k in range(bands + 1)]
    for k in range(bands):
        d.rectangle((0, edges[k], w, edges[k + 1]), fill=rng.choice(greens))
        d.line(
            [(0, edges[k]), (w, edges[k])],
            fill=(214, 206, 150, 150),
            width=max(1, round(u * 0.15 * (1 + k / 3))),
        )
    vx = w * rng.uniform(0.35, 0.65)
    for k in range(-12, 13):
        d.line([(vx, horizon), (vx + k * 9 * u, h)], fill=(60, 110, 50, 50), width=max(1, round(u * 0.12)))
    if tobacco:
        for row in range(5, bands):
            y = edges[row]
            size = (edges[row + 1] - edges[row]) * 0.5
            for x in _frange(rng.uniform(0, size), w, size * 1.4):
                d.ellipse(
                    (x - size * 0.6, y - size * 0.1, x + size * 0.6, y + size * 0.8), fill=(56, 122, 54)
                )
                d.ellipse(
                    (x - size * 0.3, y - size * 0.4, x + size * 0.3, y + size * 0.3), fill=(78, 146, 64)
                )
    # A road to the village.
    d.polygon(
        [
            (vx - 0.3 * u, horizon + 0.02 * h),
            (vx + 0.3 * u, horizon + 0.02 * h),
            (vx + 9 * u, h),
            (vx - 9 * u, h),
        ],
        fill=(168, 150, 120),
    )
    d.line([(vx, horizon + 0.02 * h), (vx, h)], fill=(232, 222, 196, 120), width=round(u * 0.3))
    # Trees along the horizon (on the coast, only a few).
    for x in _frange(-2 * u, w + 2 * u, 9 * u if coast else 1.8 * u):
        r = rng.uniform(1.2, 2.8) * u
        d.ellipse(
            (x - r, horizon - r * 1.6, x + r, horizon + r * 0.4),
            fill=rng.choice([(52, 100, 50), (62, 114, 56), (44, 88, 46)]),
        )
    # Houses in the middle distance, a mosque or a tobacco barn, palms in front.
    base_y = horizon + 0.06 * h
    x = rng.uniform(2, 6) * u
    while x < w - 8 * u:
        if abs(x + 4 * u - vx) > 6 * u:
            _house(d, rng, x, base_y + rng.uniform(-0.5, 0.5) * u, rng.uniform(6, 9) * u, u)
        x += rng.uniform(9, 14) * u
    if mosque:
        mx = w * rng.choice((0.18, 0.78))
        d.rectangle((mx - 5 * u, base_y - 5 * u, mx + 5 * u, base_y), fill=(246, 246, 240))
        d.chord((mx - 3.5 * u, base_y - 11 * u, mx + 3.5 * u, base_y - 3 * u), 180, 360, fill=(40, 130, 90))
        d.rectangle((mx + 6 * u, base_y - 13 * u, mx + 7.5 * u, base_y), fill=(246, 246, 240))
        d.polygon(
            [
                (mx + 5.8 * u, base_y - 13 * u),
                (mx + 7.7 * u, base_y - 13 * u),
                (mx + 6.75 * u, base_y - 16 * u),
            ],
            fill=(40, 130, 90),
        )
        d.rectangle((mx - 1 * u, base_y - 3.5 * u, mx + 1 * u, base_y), fill=(96, 62, 40))
    if tobacco:
        bx = w * rng.choice((0.12, 0.8))
        d.rectangle((bx, base_y - 7 * u, bx + 14 * u, base_y + u), fill=(120, 84, 56))
        for k in range(1, 14):
            d.line(
                [(bx + k * u, base_y - 7 * u), (bx + k * u, base_y + u)],
                fill=(92, 62, 40),
                width=max(1, round(u * 0.2)),
            )
        d.polygon(
            [(bx - 1.5 * u, base_y - 7 * u), (bx + 15.5 * u, base_y - 7 * u), (bx + 7 * u, base_y - 15 * u)],
            fill=(150, 70, 46),
        )
    for _ in range(rng.randint(4, 6)):
        px = rng.uniform(0.03, 0.97) * w
        if abs(px - vx) < 10 * u:
            continue
        _palm(d, rng, px, horizon + rng.uniform(0.1, 0.3) * h, rng.uniform(0.3, 0.5) * h, u)
    return _finish(img, optimize=True)


# ------------------------------------------------------------------------------------------------
# One entry point for the seed command
# ------------------------------------------------------------------------------------------------
def product_photo(category_kind: str, seed, /, **options) -> bytes:
    """Draw the photo of a product of category kind "masker", "apd" or "jamu"."""
    if category_kind == "masker":
        return mask_photo(seed, **options)
    if category_kind == "apd":
        return apd_photo(seed, **options)
    if category_kind == "jamu":
        return jamu_photo(seed, **options)
    raise ValueError(f"no demo photo for category kind {category_kind!r}")
