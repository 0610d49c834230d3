"""The decision letter (issue 4: "A decision letter is generated (DOCX, and PDF where
available) from an editable template")."""

import datetime
import io
import os
import shutil
import stat
from decimal import Decimal

import docx
import pytest

from sectorplan.accounts.models import User
from sectorplan.core.errors import Refused
from sectorplan.plans import letters, services
from sectorplan.plans.constants import PlanState, Verdict
from sectorplan.plans.models import Advice, Decision, Payment, Plan, Settlement
from sectorplan.programmes.constants import OrganisationKind
from sectorplan.programmes.models import ActivityType, Region

NBSP = "\u00a0"
ASKED = Decimal("1234567.89")
DECIDED_ON = datetime.date(2015, 10, 15)


@pytest.fixture
def demo(demo):
    """The demo programme without its plans: each test decides one of its own."""
    wipe_plans()
    return demo


def wipe_plans() -> None:
    # Money and decisions protect a plan against deleting it by accident; here it is meant.
    for model in (Payment, Settlement, Advice, Decision, Plan):
        model.objects.all().delete()


def user(username: str) -> User:
    return User.objects.get(username=username)


def in_advice(programme) -> Plan:
    """AM01's plan, complete, submitted, confirmed and advised on: ready for the ministry."""
    region = Region.objects.get(region_set=programme.region_set, code="AM01")
    regio = user("regio-am01")
    plan = services.plan_for_region(programme=programme, region=region)
    plan = services.plan_update(
        plan=plan,
        by=regio,
        lock_version=plan.lock_version,
        title="Samen naar werk in Groningen",
        contact_name="A. de Vries",
        contact_email="a.devries@example.org",
        companies=[region.organisations.filter(kind=OrganisationKind.SW_COMPANY).first()],
    )
    services.activity_save(
        plan=plan,
        by=regio,
        lock_version=plan.lock_version,
        activity=None,
        data={
            "activity_type": ActivityType.objects.get(programme=programme, code="werk_naar_werk"),
            "title": "Van SW-bedrijf naar reguliere werkgever",
        },
        budget_lines=[
            {
                "subsidy": ASKED,
                "cofinancing": ASKED,
                "cofinancing_source": "centrumgemeente",
            }
        ],
    )
    steps = [
        ("regio-am01", "submit", {}),
        ("gemeente-am01", "confirm_cofinancing", {}),
        ("bureau", "open_advice", {}),
        ("vng", "advise", {"verdict": Verdict.POSITIVE, "motivation": "Goed onderbouwd."}),
    ]
    for username, action, payload in steps:
        plan = services.plan_transition(plan=plan, action=action, by=user(username), **payload)
    assert plan.state == PlanState.IN_ADVICE
    return plan


@pytest.fixture
def granted(demo):
    plan = in_advice(demo)
    plan = services.plan_transition(
        plan=plan, action="grant", by=user("szw"), amount=ASKED, decided_on=DECIDED_ON
    )
    assert plan.state == PlanState.GRANTED
    return plan.decisions.get()


@pytest.fixture
def rejected(demo):
    plan = in_advice(demo)
    plan = services.plan_transition(
        plan=plan,
        action="reject",
        by=user("szw"),
        reason="Het plan beschrijft geen trajecten van werk naar werk.",
        decided_on=DECIDED_ON,
    )
    assert plan.state == PlanState.REJECTED
    return plan.decisions.get()


def paragraphs(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).paragraphs


def text_of(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in paragraphs(data))


def headings(data: bytes) -> list[str]:
    return [p.text for p in paragraphs(data) if p.style.name.startswith("Heading")]


def test_granted_letter(granted):
    data = letters.decision_letter_docx(granted)
    assert data.startswith(b"PK")
    text = text_of(data)
    region = granted.plan.region
    assert f"€{NBSP}1.234.567,89" in text  # Dutch: dots group thousands, comma decimals
    assert region.name in text and region.centrumgemeente in text
    assert '"Samen naar werk in Groningen"' in text
    assert "15 oktober 2015" in text  # the decision date, in Dutch words
    assert "31 december 2016" in text  # the plan's execution period from the programme
    assert "Binnenlandse Zaken en Koninkrijksrelaties (BZK)" in text  # the payment note
    assert f"Kenmerk: sw-2015/AM01/{granted.pk}" in text
    assert "In het sectorplan is" not in text  # granted in full
    assert "wijs uw aanvraag" not in text
    assert headings(data) == ["Besluit", "Uitvoering", "Betaling", "Verantwoording", "Bezwaar"]
    assert "{{" not in text and "{%" not in text and "{#" not in text
    # The letterhead is one paragraph whose lines are kept together by line breaks.
    assert paragraphs(data)[0].text == (
        "Ministerie van Sociale Zaken en Werkgelegenheid\nPostbus 90801\n2509 LV  Den Haag"
    )
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.title == "Beschikking sectorplan Groningen"
    assert properties.language == "nl-NL"
    assert "python-docx" not in properties.author + properties.comments


def test_granted_for_less_than_asked(demo):
    plan = in_advice(demo)
    plan = services.plan_transition(
        plan=plan,
        action="grant",
        by=user("szw"),
        amount=Decimal("1000000"),
        decided_on=DECIDED_ON,
        reason="De post voor overhead is niet subsidiabel.",
    )
    text = text_of(letters.decision_letter_docx(plan.decisions.get()))
    assert f"subsidie toe van €{NBSP}1.000.000,00" in text
    assert f"In het sectorplan is €{NBSP}1.234.567,89 aangevraagd." in text
    assert "De post voor overhead is niet subsidiabel." in text


def test_rejected_letter(rejected):
    data = letters.decision_letter_docx(rejected)
    text = text_of(data)
    assert "Ik wijs uw aanvraag" in text
    assert "Het plan beschrijft geen trajecten van werk naar werk." in text
    assert rejected.plan.region.name in text
    assert "€" not in text  # no amount granted, no payment note
    assert "BZK" not in text
    assert headings(data) == ["Besluit", "Motivering", "Bezwaar"]


def test_the_programme_can_override_the_template(granted, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert letters.letter_template_path(granted.plan.programme) == letters.SHIPPED_TEMPLATE
    folder = tmp_path / "letter_templates"
    folder.mkdir()
    override = folder / "sw-2015-beschikking.txt"
    override.write_text(
        "{# eigen sjabloon #}\n# Eigen beschikking\n\n"
        "{{ region.name }} krijgt {{ amount }} & <meer>.\n\n\n\n"
        "Met vriendelijke groet,\n{{ decision.amount|euro }}\n",
        encoding="utf-8",
    )
    # Another programme's override is not this programme's.
    (folder / "p2-beschikking.txt").write_text("fout", encoding="utf-8")

    data = letters.decision_letter_docx(granted)
    region = granted.plan.region
    assert [p.text for p in paragraphs(data)] == [
        "Eigen beschikking",
        f"{region.name} krijgt €{NBSP}1.234.567,89 & <meer>.",  # no HTML escaping
        f"Met vriendelijke groet,\n€{NBSP}1.234.567,89",
    ]
    assert headings(data) == ["Eigen beschikking"]

    # A template that cannot be used is refused with its path, not with a traceback.
    for content in (b"{% if granted %}zonder einde", "Geachte heer, € 100".encode("cp1252")):
        override.write_bytes(content)
        with pytest.raises(Refused) as refused:
            letters.decision_letter_docx(granted)
        assert str(override) in str(refused.value)


def test_pdf_needs_libreoffice_and_runs_it_headless(granted, monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))  # no LibreOffice on the PATH
    assert letters.decision_letter_pdf(granted) is None
    monkeypatch.undo()

    # A stand-in for LibreOffice that records its arguments and writes a "PDF"; a real
    # conversion is checked below where LibreOffice is installed.
    fake = tmp_path / "bin" / "libreoffice"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{tmp_path}/args"\n'
        'for last; do :; done\nout=""\nprev=""\n'
        'for arg; do [ "$prev" = "--outdir" ] && out="$arg"; prev="$arg"; done\n'
        'printf "%%PDF-1.4 stand-in" > "$out/$(basename "$last" .docx).pdf"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    assert letters.decision_letter_pdf(granted) == b"%PDF-1.4 stand-in"
    args = (tmp_path / "args").read_text().splitlines()
    assert args[1:4] == ["--headless", "--convert-to", "pdf"]
    assert args[-1].endswith("beschikking.docx")

    # A conversion that fails gives no PDF, and the log says why.
    fake.write_text("#!/bin/sh\necho 'source file could not be loaded' >&2\nexit 1\n")
    assert letters.decision_letter_pdf(granted) is None
    assert "source file could not be loaded" in caplog.text


def test_pdf_letter(granted):
    if not (shutil.which("libreoffice") or shutil.which("soffice")):
        reason = "LibreOffice is not installed: PDF letters are not available"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI installs libreoffice-writer-nogui)")
        pytest.skip(reason)
    data = letters.decision_letter_pdf(granted)
    assert data is not None and data.startswith(b"%PDF")
    assert len(data) > 2000


def test_the_plan_page_offers_the_letter_to_whoever_sees_the_plan(demo):
    """The decision letter downloads as a Word file from the plan page; other regions get 404."""
    from io import BytesIO

    from django.test import Client
    from docx import Document

    from sectorplan.accounts.models import User

    from .conftest import draft_plan_granted

    plan, decision = draft_plan_granted(demo)
    url = f"/programmas/sw-2015/plannen/AM01/besluiten/{decision.pk}/beschikking.docx"
    region = Client()
    region.force_login(User.objects.get(username="regio-am01"))
    page = region.get("/programmas/sw-2015/plannen/AM01/").content.decode()
    assert url in page
    response = region.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert plan.region.name in text
    other = Client()
    other.force_login(User.objects.get(username="regio-am02"))
    assert other.get(url).status_code == 404
