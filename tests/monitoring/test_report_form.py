"""The report form's guidance (issue 23): sections with their progress in the side
navigation, the save state, and the error summary when a region submits too early."""

import re

from django.urls import reverse

from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.report_form import sections_of
from sectorplan.monitoring.selectors import contents_of
from tests.monitoring.conftest import complete_answers, item_key
from tests.plans.conftest import user

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


def url(name, report, *extra):
    round_ = report.round
    return reverse(name, args=[round_.programme.slug, round_.code, report.region.code, *extra])


def test_the_navigation_lists_every_section_with_its_progress(as_region_contact, report):
    sections = sections_of(contents_of(report))
    body = as_region_contact.get(url("report-detail", report), **EN).content.decode()
    start = body.index('id="report-nav"')
    nav = body[start : body.index("</nav>", start)]
    assert nav.count("<li>") == len(sections) > 3
    for section in sections:
        assert f'href="#{section.anchor}"' in nav
        assert f'id="{section.anchor}"' in body  # the link lands on the section's heading
    assert f"0 of {sections[0].total} answered" in nav
    open_count = sum(len(s.open_keys) for s in sections)
    assert f"{open_count} questions still open" in nav
    assert '<select id="report-nav-select">' in nav  # the phone's navigation
    assert "Still to fill in before you can submit" not in body  # no second checklist


def test_the_progress_follows_the_answers_and_the_autosave_reports_it(as_region_contact, report):
    key = item_key(report, "besteding_toelichting")
    section = next(s for s in sections_of(contents_of(report)) if key in _keys(report, s))
    data = as_region_contact.post(
        url("report-save", report),
        {"lock_version": report.lock_version, key: "Uitleg"},
        HTTP_X_REQUESTED_WITH="fetch",
        **EN,
    ).json()
    after = next(s for s in data["sections"] if s["anchor"] == section.anchor)
    assert after["answered"] == section.answered + 1
    assert after["total"] == section.total
    body = as_region_contact.get(url("report-detail", report), **NL).content.decode()
    assert f"{section.answered + 1} van {section.total} beantwoord" in body


def _keys(report, section) -> set[str]:
    """The question keys of a section (its open ones and, for a fresh report, all)."""
    return set(section.open_keys) | {
        item.key
        for number, block in enumerate(contents_of(report).blocks, start=1)
        if f"section-{number}" == section.anchor
        for item in block.items
    }


def test_the_page_says_when_it_was_saved_and_has_no_bare_save_button(as_region_contact, report):
    body = as_region_contact.get(url("report-detail", report), **NL).content.decode()
    assert re.search(r"Laatst opgeslagen op \d+ \w+ \d{4} om \d\d:\d\d", body)
    assert ">Opslaan en sluiten</button>" in body
    assert ">Opslaan</button>" not in body


def test_save_and_close_goes_to_the_region_page(as_region_contact, report):
    key = item_key(report, "besteding_toelichting")
    response = as_region_contact.post(
        url("report-save", report), {"lock_version": report.lock_version, key: "Uitleg"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "region-detail", args=[report.round.programme.slug, report.region.code]
    )


def test_submitting_too_early_gives_a_summary_per_section_and_an_error_at_each_field(
    as_region_contact, report
):
    sections = sections_of(contents_of(report))
    open_sections = [s for s in sections if s.open_keys]
    open_count = sum(len(s.open_keys) for s in sections)
    response = as_region_contact.post(url("report-action", report, "submit"), **NL)
    assert response.status_code == 400
    body = response.content.decode()
    summary = body[
        body.index('id="error-summary"') : body.index("</div>", body.index("error-summary"))
    ]
    assert f"Nog {open_count} vragen open" in summary
    links = re.findall(r'<a href="#field-([^"]+)">', summary)
    assert links == [s.first_open for s in open_sections]  # one link per section, its first
    assert ";" not in summary  # no sentence joining every label
    assert body.count("Beantwoord deze vraag voordat u indient.") == sum(
        1 for s in sections for key in s.open_keys if key.startswith("q")
    )
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_complete_report_is_submitted(as_region_contact, report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sectorplan.monitoring import filling
    from sectorplan.monitoring.report_input import from_form

    key = item_key(report, "eindverslag")
    filling.report_save(
        report=report,
        by=user("regio-am01"),
        lock_version=report.lock_version,
        given=from_form(
            report,
            complete_answers(report),
            {key: SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%%EOF\n")},
        ),
    )
    assert [s.open_keys for s in sections_of(contents_of(report)) if s.open_keys] == []
    response = as_region_contact.post(url("report-action", report, "submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_office_may_not_submit_and_gets_no_form(as_office, report):
    response = as_office.post(url("report-action", report, "submit"))
    assert response.status_code == 302  # refused with a message, no form of the region's
