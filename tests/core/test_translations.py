"""The English catalogue: every Indonesian string has a checked translation, and the .mo matches."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _entries(path):
    """Yield each live entry of a .po file as a dict of flags, msgctxt, msgid, msgstr, msgstr[n]…"""
    entry, field = {"flags": set()}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                yield entry
            entry, field = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue  # comments, references, previous msgids (#|) and obsolete entries (#~)
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, text = line.partition(" ")
            entry[field] = ast.literal_eval(text)


def _translations():
    return [e for e in _entries(MESSAGES / "django.po") if e["msgid"]]


def _msgstrs(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_every_string_is_translated_and_none_is_fuzzy():
    entries = _translations()

    untranslated = [e["msgid"] for e in entries if not all(_msgstrs(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]

    assert len(entries) > 1000
    assert (untranslated, fuzzy) == ([], [])


def test_translations_keep_the_placeholders():
    wrong = [
        (e["msgid"], text)
        for e in _translations()
        for text in _msgstrs(e)
        if text and set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(e["msgid"]))
    ]

    assert wrong == []


def test_compiled_catalogue_matches_the_po_file():
    with (MESSAGES / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog

    stale = []
    for e in _translations():
        key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            got = [catalog.get((key, n)) for n in range(2)]
            expected = [e["msgstr[0]"], e["msgstr[1]"]]
        else:
            got, expected = catalog.get(key), e["msgstr"]
        if got != expected:
            stale.append(e["msgid"])

    assert stale == []
