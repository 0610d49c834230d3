"""A whole programme in a real browser, from the first euro to the final report (issue 9).

The office creates a programme and publishes its allocation; the region writes and submits
its plan; the central municipality confirms the co-financing; the assessing parties advise;
the ministry grants; the office pays; the office opens a round; the region reports; the office
accepts; the ministry downloads the final report. Each party logs in through the form in its
own browser and clicks its way through.

The story reads the pages in English by default, or in Dutch with `STORY_LANGUAGE=nl`: it
finds fields by their names and buttons by the form they send, and compares texts with the
translation catalogue, so the same steps run in both languages. A screenshot of every step
goes to `STORY_SCREENSHOTS` (default test-artifacts/screenshots/story-<language>/);
`make screenshots` points it at docs/screenshots/<language>/, the user guide's pictures.
"""

import io
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from docx import Document
from playwright.sync_api import expect

from sectorplan.core import jobs
from sectorplan.monitoring.constants import ReportState
from sectorplan.plans.constants import PlanState

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

LANGUAGE = os.environ.get("STORY_LANGUAGE", "en")
SHOTS = Path(os.environ.get("STORY_SCREENSHOTS") or SCREENSHOTS / f"story-{LANGUAGE}")
DOCS_SHOTS = Path(__file__).parents[2] / "docs" / "screenshots"

SLUG = "regio-2027"
#: The dates the office gives the rounds after the first, inside the programme's 2027–2029.
LATER_ROUNDS = [
    {
        "opens_on": date(2028, 9, 1),
        "deadline": date(2028, 9, 29),
        "period_starts_on": date(2027, 3, 1),
        "period_ends_on": date(2028, 8, 31),
    },
    {
        "opens_on": date(2029, 10, 1),
        "deadline": date(2029, 10, 31),
        "period_starts_on": date(2027, 3, 1),
        "period_ends_on": date(2029, 9, 30),
    },
]
PROGRAMME = f"/programmas/{SLUG}/"
PLAN = PROGRAMME + "plannen/AM01/"
#: Every region the same basis: 35 × €100,000.00 of the €3,500,000.00.
BUDGET = "3500000"

#: The steps the story photographs, in order; the user guide shows each of them.
STEPS = [
    "01-office-new-programme",
    "02-office-basis-imported",
    "03-office-allocation-published",
    "04-region-plan-written",
    "05-municipality-confirms",
    "06-office-opens-advice",
    "07-assessor-advises",
    "08-ministry-grants",
    "09-office-registers-payment",
    "10-office-opens-round",
    "11-region-fills-in-report",
    "12-office-accepts-report",
    "13-office-completeness",
    "14-ministry-national-reporting",
]


def text(message: str) -> str:
    """The page's text for an English source text, in the story's language."""
    with translation.override(LANGUAGE):
        return str(translation.gettext(message))


def label(choice) -> str:
    with translation.override(LANGUAGE):
        return str(choice.label)


@pytest.fixture
def site(live_server, transactional_db):
    """The demo's regions, organisations and people; no plans and not the new programme yet."""
    from sectorplan.cli.demo import demo_load

    demo_load(plans=False)
    return live_server.url


@pytest.fixture
def basis_file(tmp_path):
    from sectorplan.programmes.models import Region

    path = tmp_path / "basis.csv"
    codes = Region.objects.filter(region_set__code="arbeidsmarktregios-2015").values_list(
        "code", flat=True
    )
    rows = [f"{code};1000" for code in sorted(codes)]
    assert len(rows) == 35
    # As Dutch Excel writes it: a byte order mark and semicolons.
    path.write_text("\ufeffregion_code;basis\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def shoot(page, step: str) -> None:
    """The step's picture: the top of the page, as a user first sees it after the step."""
    assert step in STEPS
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{step}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def done(page) -> None:
    """The page says that the step was taken."""
    expect(page.locator(".message--success")).to_be_visible()


def plan_state(page, state) -> None:
    expect(page.locator(".plan-state .state")).to_have_text(label(state))


def step(page, action: str, **fields: str) -> None:
    """Fill in one workflow step of the plan page and send it."""
    form = page.locator(f"form[data-action='{action}']")
    for name, value in fields.items():
        form.locator(f"[name='{name}']").fill(value)
    form.locator("button[type=submit]").click()
    done(page)


def advise(page, motivation: str) -> None:
    form = page.locator("form[data-action='advise']")
    form.locator("input[name='verdict'][value='positief']").check()
    step(page, "advise", motivation=motivation)


def fill_in_everything(page) -> None:
    """Answer every question the report form shows; a choice can show a further question,
    so go round until nothing is left empty."""
    form = page.locator("#report-form")
    for _round in range(3):
        # Numbers are typed into text fields that ask for a numeric keyboard.
        numbers = "input[inputmode]:visible, input[type=number]:visible"
        for field in form.locator(numbers).all():
            if not field.input_value():
                field.fill("12")
        # Dates are typed the Dutch way, dd-mm-jjjj, into text fields (no date picker).
        for field in form.locator("input.date-input:visible").all():
            if not field.input_value():
                field.fill("31-03-2027")
        words = "textarea:visible, input[type=text]:not([inputmode]):not(.date-input):visible"
        for field in form.locator(words).all():
            if not field.input_value():
                field.fill("De trajecten lopen volgens plan; twaalf mensen zijn geplaatst.")
        for field in form.locator("select:visible").all():
            if not field.input_value():
                field.select_option(index=1)
        names = form.locator("input[type=radio]:visible").evaluate_all(
            "fields => [...new Set(fields.map(f => f.name))]"
        )
        for name in names:
            group = form.locator(f"input[type=radio][name='{name}']")
            if not any(option.is_checked() for option in group.all()):
                group.first.check()


def test_a_programme_from_the_first_euro_to_the_final_report(site, log_in, basis_file):
    from sectorplan.monitoring.models import Report, Round
    from sectorplan.plans.models import Plan
    from sectorplan.programmes.models import Programme

    # --- The office creates the programme in its management screens. ---
    office = log_in("bureau", LANGUAGE)
    office.locator(".site-header__nav a[href='/admin/']").click()
    office.goto(site + "/admin/programmes/programme/add/")
    office.fill("input[name=slug]", SLUG)
    office.fill("input[name=name]", "Regionale werkagenda 2027")
    office.fill("input[name=budget]", BUDGET)
    office.select_option("select[name=template_code]", "sw-sectorplannen-2015")
    shoot(office, "01-office-new-programme")
    office.locator("input[name=_save]").click()
    expect(office.locator(".messagelist .success")).to_be_visible()
    programme = Programme.objects.get(slug=SLUG)
    assert programme.region_set.regions.count() == 35
    # … and gives it its own period (the template's dates are those of 2015): the dates of
    # plans and decisions must lie within ten years of it.
    office.goto(site + f"/admin/programmes/programme/{programme.pk}/change/")
    office.fill("input[name=starts_on]", "2027-01-01")
    office.fill("input[name=ends_on]", "2029-12-31")
    office.locator("input[name=_save]").click()
    expect(office.locator(".messagelist .success")).to_be_visible()
    programme.refresh_from_db()
    assert (programme.starts_on, programme.ends_on) == (date(2027, 1, 1), date(2029, 12, 31))

    # … imports the basis of the allocation (a Dutch Excel CSV) and publishes it.
    office.goto(site + PROGRAMME + "basis/")
    office.set_input_files("#id_file", basis_file)
    office.locator("main form button[type=submit]").click()
    # The import runs in the background: the job's page follows it (the worker runs here, in
    # the test's process) and shows, by itself, what was imported and the way on.
    expect(office.locator("#job-progress")).to_be_visible()
    assert jobs.run_ready() == 1
    expect(office.locator(".job__state--done")).to_contain_text("35")
    shoot(office, "02-office-basis-imported")
    office.goto(site + PROGRAMME + "verdeling/")
    office.locator("main form button[type=submit]").click()
    done(office)
    allocation = office.get_by_role("table").first
    expect(allocation).to_contain_text("100.000,00" if LANGUAGE == "nl" else "100,000.00")
    shoot(office, "03-office-allocation-published")

    # --- The region writes its plan: the general part and one activity. ---
    region = log_in("regio-am01", LANGUAGE)
    region.goto(site + PLAN)
    plan_state(region, PlanState.DRAFT)
    region.goto(site + PLAN + "bewerken/")
    region.fill("input[name=title]", "Samen aan het werk in Groningen")
    region.fill("textarea[name=summary]", "Wsw-medewerkers begeleiden naar regulier werk.")
    region.locator("input[name=companies]").first.check()
    region.fill("input[name=contact_name]", "Jan Jansen")
    region.fill("input[name=contact_email]", "jan.jansen@example.org")
    region.fill("input[name=contact_phone]", "050-1234567")
    region.locator("main form button[type=submit]").click()
    done(region)
    region.goto(site + PLAN + "activiteiten/nieuw/")
    region.select_option("select[name=activity_type]", index=1)
    region.fill("input[name=title]", "Van werk naar werk")
    region.fill("textarea[name=description]", "Jobcoaches begeleiden van werk naar werk.")
    region.fill("input[name=target_group]", "Wsw-medewerkers")
    region.fill("input[name=people_per_year]", "40")
    region.fill("textarea[name=planned_results]", "30 plaatsingen bij reguliere werkgevers")
    region.fill("input[name=starts_on]", "2027-03-01")
    region.fill("input[name=ends_on]", "2028-02-29")
    region.fill("input[name='lines-0-description']", "Jobcoaches")
    region.fill("input[name='lines-0-subsidy']", "100.000,00")  # typed the Dutch way
    region.fill("input[name='lines-0-cofinancing']", "100.000,00")
    region.select_option("select[name='lines-0-cofinancing_source']", index=1)
    region.locator("main form button[type=submit]").last.click()
    done(region)
    shoot(region, "04-region-plan-written")
    step(region, "submit")
    plan_state(region, PlanState.AT_MUNICIPALITY)

    # --- The central municipality confirms the co-financing. ---
    municipality = log_in("gemeente-am01", LANGUAGE)
    municipality.goto(site + PLAN)
    shoot(municipality, "05-municipality-confirms")
    step(municipality, "confirm_cofinancing")
    plan_state(municipality, PlanState.SUBMITTED)

    # --- The office opens it for advice and advises as Cedris; the parties advise. ---
    office.goto(site + PLAN)
    step(office, "open_advice")
    plan_state(office, PlanState.IN_ADVICE)
    shoot(office, "06-office-opens-advice")
    advise(office, "Cedris: sluit aan bij de regionale agenda.")
    for party, motivation in [
        ("vng", "VNG: sterk regionaal draagvlak."),
        ("sociale-partners", "Sociale partners: let op de begeleiding."),
    ]:
        assessor = log_in(party, LANGUAGE)
        assessor.goto(site + PLAN)
        advise(assessor, motivation)
        if party == "vng":
            shoot(assessor, "07-assessor-advises")

    # --- The ministry grants. ---
    ministry = log_in("szw", LANGUAGE)
    ministry.goto(site + PLAN)
    step(ministry, "grant", amount="100.000,00", decided_on="2027-02-15")
    plan_state(ministry, PlanState.GRANTED)
    shoot(ministry, "08-ministry-grants")

    # --- The office pays. ---
    office.goto(site + PLAN)
    step(office, "register_payment", amount="100.000,00", paid_on="2027-03-01", reference="R-1")
    plan_state(office, PlanState.GRANTED)
    shoot(office, "09-office-registers-payment")
    plan = Plan.objects.get(programme=programme, region__code="AM01")
    assert plan.state == PlanState.GRANTED
    assert [str(d.amount) for d in plan.decisions.filter(granted=True)] == ["100000.00"]
    assert [str(p.amount) for p in plan.payments.all()] == ["100000.00"]

    # --- The office opens the first round. ---
    first = Round.objects.filter(programme=programme).order_by("position").first()
    office.goto(site + PROGRAMME + "rondes/")
    office.locator(f"main a[href$='/rondes/{first.code}/']").first.click()
    # … first giving it dates of its own (the template's are those of 2016): it opens today
    # and its deadline lies two months ahead, so no report is counted late.
    office.locator(f"main a[href$='/inrichting/rondes/{first.code}/']").click()
    today = timezone.localdate()
    office.fill("input[name=opens_on]", f"{today:%d-%m-%Y}")
    office.fill("input[name=deadline]", f"{today + timedelta(days=60):%d-%m-%Y}")
    office.locator("main form button[type=submit]").first.click()
    done(office)
    first.refresh_from_db()
    assert first.deadline == today + timedelta(days=60)
    # … and the later rounds theirs, inside the programme's period (the template's are those
    # of 2016 and 2017): the interim round after the plans' first year and a half, the final
    # one two months before the programme ends.
    later = list(Round.objects.filter(programme=programme).order_by("position"))[1:]
    for round_, dates in zip(later, LATER_ROUNDS, strict=True):
        office.goto(site + PROGRAMME + f"inrichting/rondes/{round_.code}/")
        for name, value in dates.items():
            office.fill(f"input[name={name}]", f"{value:%d-%m-%Y}")
        office.locator("main form button[type=submit]").first.click()
        done(office)
    for round_ in later:
        round_.refresh_from_db()
        days = (round_.opens_on, round_.deadline, round_.period_starts_on, round_.period_ends_on)
        assert all(programme.starts_on <= day <= programme.ends_on for day in days), days
    office.goto(site + PROGRAMME + f"rondes/{first.code}/")
    office.locator("button[name=state][value=open]").click()
    done(office)
    shoot(office, "10-office-opens-round")

    # --- The region reports: starts, answers every question, saves and submits. ---
    report_page = f"{PROGRAMME}rondes/{first.code}/AM01/"
    region.goto(site + report_page)
    region.locator("main form button[type=submit]").click()
    fill_in_everything(region)
    region.locator("#report-form > .actions button[type=submit]").click()
    done(region)
    shoot(region, "11-region-fills-in-report")
    region.goto(site + report_page)  # "Save and close" went to the region's page
    region.locator("#action-submit button[type=submit]").click()
    done(region)
    report = Report.objects.get(round=first, region__code="AM01")
    assert report.state == ReportState.SUBMITTED

    # --- The office accepts it; the completeness overview shows it. ---
    office.goto(site + report_page)
    office.locator("#action-accept button[type=submit]").click()
    done(office)
    expect(office.locator(".plan-state")).to_have_text(label(ReportState.ACCEPTED))
    shoot(office, "12-office-accepts-report")
    office.goto(site + PROGRAMME + "rondes/")
    row = office.get_by_role("row").filter(
        has=office.get_by_role("rowheader", name=re.compile(r"^AM01\b"))
    )
    expect(row.get_by_role("cell").first).to_contain_text(label(ReportState.ACCEPTED))
    expect(office.locator("main")).not_to_contain_text(re.compile(r"te laat|days? late"))
    shoot(office, "13-office-completeness")

    # --- The ministry reads the national reporting and downloads the final report. ---
    ministry.goto(site + PROGRAMME + "rapportage/")
    shoot(ministry, "14-ministry-national-reporting")
    # The report is made in the background: the button goes to the job's page, the worker
    # (here in the test's process) makes it, and the page offers the file by itself.
    ministry.locator("main button[formaction*='maken.docx']").click()
    expect(ministry.locator("#job-progress")).to_be_visible()
    assert jobs.run_ready() == 1
    with ministry.expect_download() as download:
        ministry.locator("main a[href*='/bestand']").click()
    content = Path(download.value.path()).read_bytes()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"story-{LANGUAGE}-eindrapportage.docx").write_bytes(content)
    document = Document(io.BytesIO(content))
    words = "\n".join(paragraph.text for paragraph in document.paragraphs)
    tables = "\n".join(cell.text for table in document.tables for cell in table._cells)
    assert "Regionale werkagenda 2027" in words
    assert "Groningen" in tables or "Groningen" in words

    # Every step was photographed, once.
    assert sorted(path.stem for path in SHOTS.glob("*.png")) == STEPS


def test_the_user_guides_show_the_pictures_the_story_takes():
    """The guides' pictures are the story's, in both languages: none missing, none unused,
    none left over from a step that no longer exists."""
    guides = {"nl": "gebruikershandleiding.md", "en": "user-guide.md"}
    for language, guide in guides.items():
        markdown = (DOCS_SHOTS.parent / guide).read_text(encoding="utf-8")
        shown = re.findall(rf"\]\(screenshots/{language}/([\w-]+)\.png\)", markdown)
        assert sorted(shown) == STEPS, (guide, sorted(set(STEPS) ^ set(shown)))
        files = sorted(path.stem for path in (DOCS_SHOTS / language).glob("*.png"))
        assert files == STEPS, (language, sorted(set(STEPS) ^ set(files)))
