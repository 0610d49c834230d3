"""Every page of the demo, as every role, in Dutch: no code, key or English word a user would
trip over (issue 22). The text a reader sees (tags, scripts and attribute values left out) may
not hold

- a state key (`granted`, `at_municipality`, `not_started` …) of a plan, report or round;
- a table code (`allocation`, `coverage`, `regions`, `ser` or a report table of the programme);
- a question, activity type or indicator code with an underscore (`plan_afgerond`);
- a backtick, which is Markdown shown as text;
- a date in the wrong style: "4 Jan 2016" or "31 Mrt 2017" (the Dutch short form is
  "4 jan. 2016") or mm/dd/yyyy.

The pages are those the accessibility walk visits (tests/browser/test_accessibility.py), on
the whole demo loaded once for this module: the finished model programme and the live one.
"""

import html
import re

import pytest
from django.test import Client

from sectorplan.cli.demo import demo_load
from sectorplan.cli.demo_live import WRITING
from tests.conftest import kept, log_in

# The roles of the axe walk, and the region writing the live programme's plan.
ROLES = ["bureau", "szw", "vng", "gemeente-am01", "regio-am01", f"regio-{WRITING[0].lower()}"]

WRONG_DATE = re.compile(
    r"\b\d{1,2} (?:Jan|Feb|Mar|Mrt|Apr|May|Mei|Jun|Jul|Aug|Sep|Oct|Okt|Nov|Dec)\.? \d{4}\b"
    r"|\b\d{1,2} (?:jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec) \d{4}\b"  # no full stop
    r"|\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/\d{4}\b"
)


@pytest.fixture(scope="module")
def whole_demo(django_db_setup, django_db_blocker):
    yield from kept(django_db_blocker, demo_load)


@pytest.fixture
def pages(whole_demo, db) -> list[str]:
    from tests.browser.test_accessibility import pages_for

    return list(pages_for())  # the final report's printable page too


def forbidden_words() -> dict[str, str]:
    """Word → what it is, for every code no Dutch page may show."""
    from sectorplan.monitoring.constants import NOT_ASKED, NOT_STARTED, ReportState
    from sectorplan.plans.constants import PlanState
    from sectorplan.programmes.constants import RoundState
    from sectorplan.programmes.models import ActivityType, Indicator, Question, ReportTable
    from sectorplan.reporting.tables import FIXED_AFTER, FIXED_BEFORE

    words = {key: "a state key" for key in [*PlanState.values, *ReportState.values]}
    words |= {key: "a state key" for key in RoundState.values if key != RoundState.OPEN}
    words |= {NOT_STARTED: "a state key", NOT_ASKED: "a state key"}
    words |= {code: "a table code" for code in [*FIXED_BEFORE, *FIXED_AFTER]}
    words |= {code: "a table code" for code in ReportTable.objects.values_list("code", flat=True)}
    for model in (Question, ActivityType, Indicator):
        codes = model.objects.values_list("code", flat=True).distinct()
        words |= {code: f"a {model.__name__.lower()} code" for code in codes if "_" in code}
    return words


def visible_text(page: str) -> str:
    """What a reader sees of a page: no tags, comments, scripts, templates or attributes, and
    no text typed into a field (a textarea's value, like an input's, is the user's own: the
    letter editor holds the letter's template code)."""
    page = re.sub(r"(?s)<(script|style|template|textarea)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    page = re.sub(r"(?s)<[^>]*>", " ", page)
    return html.unescape(page)


def problems_on(text: str, words: dict[str, str], pattern: re.Pattern) -> list[str]:
    found = [f"{m.group(0)!r} ({words[m.group(0)]})" for m in pattern.finditer(text)]
    if "`" in text:
        index = text.index("`")
        found.append(f"a backtick: {text[max(0, index - 30) : index + 30]!r}")
    found += [f"a date in the wrong style: {m.group(0)!r}" for m in WRONG_DATE.finditer(text)]
    return sorted(set(found))


@pytest.mark.django_db
def test_no_code_key_or_wrong_date_on_any_dutch_page(pages):
    from sectorplan.accounts.models import User

    words = forbidden_words()
    assert {"granted", "allocation", "werk_naar_werk", "ser_beschut_werk_aanwezig"} <= set(words)
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])")
    problems, walked = [], 0
    for username in ROLES:
        client = log_in(Client(), User.objects.get(username=username))
        for path in pages:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            walked += 1
            text = visible_text(response.content.decode())
            problems += [f"{username} {path}: {p}" for p in problems_on(text, words, pattern)]
    assert walked > 150, walked
    assert not problems, "\n".join(problems)


def test_the_checks_find_what_they_look_for():
    """The checks fail on what they are meant to catch (so a regression cannot slip past a
    check that matches nothing)."""
    words = {"granted": "a state key", "plan_afgerond": "a question code"}
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])")
    page = "<p>Status: granted · alleen als plan_afgerond = no · `cmd` · 4 Jan 2016</p>"
    found = problems_on(visible_text(page), words, pattern)
    assert len(found) == 4, found
    assert problems_on(visible_text("<p>Op 4 jan. 2016 toegekend</p>"), words, pattern) == []
    assert problems_on(visible_text("<a href='/granted/'>Toegekend</a>"), words, pattern) == []
    assert problems_on(visible_text("<textarea>{% if granted %}</textarea>"), words, pattern) == []
    assert problems_on("31 Mrt 2017 en 12/31/2016", words, pattern) == [
        "a date in the wrong style: '12/31/2016'",
        "a date in the wrong style: '31 Mrt 2017'",
    ]
