"""The translation catalogues: Dutch complete and compiled, in step with the code and pages.

Dutch (`nl`) is the default UI language, so every msgid needs a Dutch msgstr; English is the
source language. The `.mo` files are committed so installing needs no gettext; `make messages`
regenerates both after a UI string changes.
"""

import gettext
import html
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

import sectorplan

PACKAGE_DIR = Path(sectorplan.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
NL_PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
FIX = "run `make messages`, translate in src/sectorplan/locale/nl/LC_MESSAGES/django.po, commit"


# --- A minimal .po reader (the standard library has none) ---------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def mo_id(self) -> str:
        """The id under which msgfmt stores the entry: `context\\x04msgid`."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    def __str__(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"{context}{self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, obsolete (`#~`) entries left out, the header included."""
    entries: list[Entry] = []
    entry, target = Entry(), None

    def finish() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        keyword = _KEYWORD.match(line)
        starts_entry = line.startswith("#") or (keyword and keyword[1] in ("msgctxt", "msgid"))
        if not line or (starts_entry and entry.msgstr):
            finish()  # Entries are separated by blank lines, or at least by their comments.
        if not line or line.startswith(("#~", "#|")):
            continue  # Obsolete entries and previous msgids do not count.
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif keyword:
            name, index, text = keyword.groups()
            if name.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = _unescape(text)
            else:
                target = (name, None)
                setattr(entry, name, _unescape(text))
        elif (match := _CONTINUATION.match(line)) and target is not None:
            text = _unescape(match.group(1))
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += text
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + text)
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return entries


def _messages(path: Path) -> list[Entry]:
    return [entry for entry in parse_po(path) if not entry.is_header]


def _listing(entries) -> str:
    return "\n".join(f"  - {entry}" for entry in entries)


# --- (a) Dutch is complete -----------------------------------------------------------------


def test_dutch_catalogue_exists():
    assert NL_PO.is_file(), f"{NL_PO} is missing: {FIX}"
    header = next(entry for entry in parse_po(NL_PO) if entry.is_header)
    assert "Language: nl\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_every_dutch_msgid_is_translated():
    untranslated = [entry for entry in _messages(NL_PO) if not entry.is_translated]
    assert not untranslated, (
        f"{len(untranslated)} msgid(s) without a Dutch translation ({FIX}):\n"
        + _listing(untranslated)
    )


def test_no_fuzzy_dutch_entries():
    # msgfmt leaves fuzzy entries out of the .mo, so the page would show English; a fuzzy
    # header would drop the plural rule too.
    fuzzy = [entry for entry in parse_po(NL_PO) if "fuzzy" in entry.flags]
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy entr(y/ies): check the translation, then remove '#, fuzzy':\n"
        + _listing(fuzzy)
    )


#: "je", "jij", "jou", "jouw": the informal you. Dutch government sites address the reader as
#: "u" throughout; a page that says "je" next to pages that say "u" reads as unfinished.
_INFORMAL_YOU = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)


def test_the_dutch_catalogue_addresses_the_reader_as_u():
    informal = [
        entry
        for entry in _messages(NL_PO)
        if any(_INFORMAL_YOU.search(html.unescape(text)) for text in entry.msgstr.values())
    ]
    assert not informal, f"{len(informal)} Dutch msgstr(s) say 'je/jij':\n" + _listing(informal)
    assert _INFORMAL_YOU.search("zodat je hem later herkent")
    assert not _INFORMAL_YOU.search("Jeugdzorg, jeugdwerkloosheid, bijouterie")


# --- (b) Placeholders survive translation --------------------------------------------------

_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?"  # %(name)
    r"[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"  # flags, width, precision
    r"(?P<conversion>[diouxXeEfFgGcrsa%])"
)
_NAMED = re.compile(r"%\((?P<name>\w+)\)(?P<conversion>[a-zA-Z])")
_TEMPLATE_VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_BRACE = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")


def placeholders(text: str, flags: set[str]) -> set[str]:
    found: set[str] = set()
    if "python-format" in flags:
        for match in _PERCENT.finditer(text):
            if match["conversion"] == "%":
                continue
            name = f"({match['name']})" if match["name"] is not None else ""
            found.add(f"%{name}{match['conversion']}")
    else:  # Not a format string; a literal "100 %" must not count, %(name)s still does.
        found.update(f"%({m['name']}){m['conversion']}" for m in _NAMED.finditer(text))
    found.update(f"{{{{ {name} }}}}" for name in _TEMPLATE_VARIABLE.findall(text))
    if "python-brace-format" in flags:
        found.update(f"{{{name}}}" for name in _BRACE.findall(text))
    return found


def test_placeholders_are_kept():
    problems = []
    for entry in _messages(NL_PO):
        for index, msgstr in sorted(entry.msgstr.items()):
            if not msgstr:
                continue  # Reported as untranslated above.
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            expected = placeholders(source, entry.flags)
            actual = placeholders(msgstr, entry.flags)
            if expected != actual:
                form = f"msgstr[{index}]" if entry.msgid_plural is not None else "msgstr"
                problems.append(
                    f"  - {entry} {form}: missing {sorted(expected - actual)}, "
                    f"unexpected {sorted(actual - expected)}"
                )
    assert not problems, "placeholders differ between msgid and msgstr:\n" + "\n".join(problems)


def test_placeholder_detection():
    assert placeholders("line %(line)d: %(message)s", {"python-format"}) == {
        "%(line)d",
        "%(message)s",
    }
    assert placeholders("100%% of %s", {"python-format"}) == {"%s"}
    assert placeholders("Your region: {{ name }}", set()) == {"{{ name }}"}
    assert placeholders("100 % sure", set()) == set()


# --- (c) The committed .mo matches the .po -------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compiled_catalogue_is_up_to_date(language):
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: {FIX}"
    with mo.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    # GNUTranslations keeps the catalogue in `_catalog`: {msgid: msgstr, (msgid, n): msgstr}.
    catalog = {key: value for key, value in compiled._catalog.items() if key != ""}

    expected = {}
    for entry in _messages(po):
        if not entry.is_translated or "fuzzy" in entry.flags:
            continue  # msgfmt leaves these out.
        if entry.msgid_plural is None:
            expected[entry.mo_id] = entry.msgstr[0]
        else:
            expected.update({(entry.mo_id, n): text for n, text in entry.msgstr.items()})

    stale = sorted(
        str(key)
        for key in expected.keys() | catalog.keys()
        if expected.get(key) != catalog.get(key)
    )
    assert not stale, (
        f"{mo.relative_to(PACKAGE_DIR)} does not match its .po for {len(stale)} msgid(s); "
        "run `make messages` (or `sectorplan compilemessages` in src/sectorplan) and commit "
        "the .mo:\n" + "\n".join(f"  - {key}" for key in stale[:20])
    )
    if language == "nl":
        assert compiled.ngettext("x", "xs", 2) == "xs"  # The plural rule came through.
        assert compiled.info().get("language") == "nl"


# --- (d) The catalogue holds every string in the code --------------------------------------

_GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> list[Entry]:
    """The nl catalogue `makemessages` makes from a copy of today's code, from scratch."""
    missing = [tool for tool in _GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        reason = f"gettext is not installed ({', '.join(missing)} missing)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI must check the catalogue against the code")
        pytest.skip(f"{reason}: cannot check the catalogue against the code")
    copy = tmp_path_factory.mktemp("makemessages") / "sectorplan"
    shutil.copytree(
        PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc")
    )
    (copy / "locale").mkdir()
    cwd = Path.cwd()
    os.chdir(copy)
    try:
        # LOCALE_PATHS points at the copy so the committed catalogue is never written to.
        with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
            call_command(
                "makemessages",
                locale=["nl"],
                no_obsolete=True,
                add_location="file",
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    return _messages(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")


def test_every_msgid_in_the_code_is_in_the_dutch_catalogue(extracted):
    assert extracted, "makemessages found no strings at all"
    committed = {entry.key for entry in _messages(NL_PO)}
    absent = [entry for entry in extracted if entry.key not in committed]
    assert not absent, (
        f"{len(absent)} UI string(s) in the code are not in the Dutch catalogue ({FIX}):\n"
        + _listing(absent)
    )


def test_dutch_catalogue_has_no_strings_the_code_dropped(extracted):
    in_code = {entry.key for entry in extracted}
    dropped = [entry for entry in _messages(NL_PO) if entry.key not in in_code]
    assert not dropped, (
        f"{len(dropped)} msgid(s) in the Dutch catalogue are no longer in the code "
        f"(run `make messages`, which drops them):\n" + _listing(dropped)
    )


# --- (e) Pages come out in Dutch, and in English on request ---------------------------------


@pytest.fixture
def logged_in(db, client):
    user = get_user_model().objects.create_user(username="i18n-check", password="not-used-1")
    client.force_login(user)
    # Requests activate a language in this thread; start and end with none active.
    with translation.override(settings.LANGUAGE_CODE, deactivate=True):
        yield client


def _page(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_pages_are_dutch_by_default_and_english_on_request(logged_in):
    dutch = _page(logged_in.get("/"))
    assert '<html lang="nl" ' in dutch
    assert "Programma's" in dutch
    assert "Programmes" not in dutch
    assert "Uitloggen" in dutch

    response = logged_in.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    english = _page(logged_in.get("/"))
    assert '<html lang="en" ' in english
    assert "Programmes" in english
    assert "Programma's" not in english
    assert "Log out" in english

    logged_in.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    again = _page(logged_in.get("/"))
    assert '<html lang="nl" ' in again
    assert "Programma's" in again
