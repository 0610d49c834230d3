"""The eindrapportage's content, after the 2017 report: cover and title page, table of
contents, introduction with the key findings, a chapter per theme, the results per region,
a chapter per yes/no table (the SER functions), conclusions and recommendations, and an
appendix with the regions table. Texts in the active language, data labels too.

Generated text (the key findings) is printed as a draft until the office accepts it; what
the office writes itself extends or replaces it. Nothing prints a placeholder: a part
without content is left out, and the report stays a "concept"."""

from datetime import datetime, time

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sectorplan.monitoring.constants import ActivityStatus
from sectorplan.plans.constants import PlanState
from sectorplan.programmes.models import Programme, Round
from sectorplan.reporting import selectors
from sectorplan.reporting.models import TextKey
from sectorplan.reporting.publication import chapters
from sectorplan.reporting.publication.facts import Facts, read_facts
from sectorplan.reporting.publication.figures import (
    count,
    money,
    plan_state,
    report_state,
    share_of,
)
from sectorplan.reporting.publication.model import Column, Document
from sectorplan.reporting.publication.phrasing import count_phrase, sentence

APPROVED = frozenset({PlanState.GRANTED, PlanState.SETTLED})


def final_report(programme: Programme, round_: Round | None, read_at: datetime) -> Document:
    facts = read_facts(programme, round_, read_at)
    texts = facts.texts
    findings = key_findings(facts)
    introduction = texts[TextKey.INTRODUCTION]
    conclusions = _items(texts[TextKey.CONCLUSIONS].text)
    recommendations = _items(texts[TextKey.RECOMMENDATIONS].text)
    accepted = introduction.replaces_draft or introduction.accepted_draft == _canonical(facts)
    final = accepted and bool(conclusions) and bool(recommendations)
    status = _("definitive") if final else _("concept")
    period = _period(programme)
    document = Document(
        title=_("Final report %(programme)s") % {"programme": programme.name},
        subtitle=_("Results of the plans per theme and per region")
        + (f" · {facts.round.label}" if facts.round else ""),
        status=status,
        about=[
            (_("Programme"), programme.name),
            *([(_("Period"), period)] if period else []),
            *([(_("Round"), facts.round.label)] if facts.round else []),
            *([(_("Programme office"), facts.office)] if facts.office else []),
            (_("Date"), date_format(report_date(programme, read_at), "j F Y")),
            (_("Status"), status),
        ],
        running_header=f"{programme.name} · " + _("Final report"),
        language="",
    )

    document.heading(_("Introduction and background"))
    if introduction.text and introduction.replaces_draft:
        document.paragraph(introduction.text)
    else:
        for paragraph in background(facts):
            document.paragraph(paragraph)
        if introduction.text:
            document.paragraph(introduction.text)
        document.heading(_("Key findings"), 2)
        if accepted:
            document.numbered(findings)
        else:
            document.draft(
                _("Draft generated from the data; the programme office has not accepted it yet.")
            )
            document.numbered(findings)
    chapters.key_figures(document, facts)
    chapters.themes(document, facts)
    chapters.regions(document, facts)
    chapters.answer_tables(document, facts)
    if conclusions or recommendations:
        document.heading(_("Conclusions and recommendations"))
        if conclusions:
            document.heading(_("Conclusions"), 2)
            document.numbered(conclusions)
        if recommendations:
            document.heading(_("Recommendations"), 2)
            document.numbered(recommendations)
    appendix(document, facts)
    return document


def report_date(programme: Programme, read_at: datetime) -> datetime:
    """The date printed on the report (title page and colophon, so the page, DOCX and PDF).

    An open programme's report is a snapshot of data that still change: it is dated when it
    was read (today). A closed programme's data stand; an auditor reading its report a year
    later expects the day it was finished, not the day someone downloaded it again. That is
    the last time the office saved its texts of the report (the audit trail's moment), or,
    when the office never wrote any, the programme's end. Only the date follows this rule:
    the data are read as they are now, which for a closed programme is what they were."""
    if not programme.is_closed:
        return read_at
    saved = selectors.report_texts_saved_at(programme)
    if saved is not None:
        return timezone.localtime(saved)
    if programme.ends_on:
        return datetime.combine(programme.ends_on, time(), tzinfo=timezone.get_current_timezone())
    return read_at


def generated_findings(programme: Programme, round_: Round | None, read_at: datetime) -> str:
    """The key findings the data give today, as the office reviews and accepts them (in the
    site's language, whatever the language of the report)."""
    return _canonical(read_facts(programme, round_, read_at))


def office_choices(programme: Programme, round_: Round | None, read_at: datetime) -> dict:
    """What the office decides on the texts page: the generated findings to accept, and per
    theme the regions' words it can pick (with what the default rule would print)."""
    facts = read_facts(programme, round_, read_at)
    themes = []
    for theme in programme.themes.all():
        candidates = chapters.narratives(facts, theme)
        if candidates:
            chosen, _by_office = chapters.picked(facts, theme)
            themes.append(
                {
                    "theme": theme,
                    "candidates": candidates,
                    "default": {n.answer.pk for n in chosen} if not _by_office else set(),
                }
            )
    return {"findings": _canonical(facts), "themes": themes, "picks": facts.picks}


def _canonical(facts: Facts) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return findings_text(key_findings(facts))


def findings_text(findings: list[str]) -> str:
    """The generated findings as one text: what the office accepts, and compares later."""
    return "\n".join(findings)


def _items(text: str) -> list[str]:
    """The office's text as list items: one per paragraph (or line), without the numbers or
    bullets the office may have typed."""
    items = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip().lstrip("-•*").strip()
        head, dot, rest = line.partition(".")
        if dot and head.isdigit():
            line = rest.strip()
        if line:
            items.append(line)
    return items


def _period(programme: Programme) -> str:
    if not (programme.starts_on and programme.ends_on):
        return ""
    starts, ends = date_format(programme.starts_on, "F Y"), date_format(programme.ends_on, "F Y")
    return f"{starts} – {ends}"


def background(facts: Facts) -> list[str]:
    """Origin, budget, themes, method, response and what is still running, from the data."""
    programme, round_ = facts.programme, facts.round
    themes = [theme.label for theme in programme.themes.all()]
    regions = len(facts.regions)
    parts = [
        _(
            "%(programme)s is a programme for %(regions)s regions. The subsidy budget was "
            "%(budget)s; each region added co-financing of %(ratio)s euro per euro of subsidy."
        )
        % {
            "programme": programme.name,
            "regions": regions,
            "budget": money(programme.budget),
            "ratio": count(programme.cofinancing_ratio.normalize()),
        },
        _("The plans work on %(count)s themes: %(themes)s.")
        % {"count": len(themes), "themes": "; ".join(themes)},
    ]
    rounds = list(programme.rounds.all())
    if rounds:
        parts.append(
            _(
                "The regions reported in %(count)s rounds (%(rounds)s), each with a digital "
                "questionnaire and their results in their own words. This report counts the "
                "plans submitted or later and the reports submitted or accepted."
            )
            % {"count": len(rounds), "rounds": ", ".join(r.label for r in rounds)}
        )
    if round_:
        parts.append(
            sentence(
                _("%(k)s of the %(n)s regions submitted their report for the round %(round)s")
                % {"k": len(facts.reports), "n": regions, "round": round_.label}
            )
        )
        running = _regions_still_running(facts)
        if facts.reports and not running:
            parts.append(
                sentence(
                    _("In none of the %(n)s regions that reported was an activity still running")
                    % {"n": len(facts.reports)}
                )
            )
        elif facts.reports:
            parts.append(
                sentence(
                    _("In %(phrase)s at least one activity was still running")
                    % {"phrase": count_phrase(running, len(facts.reports), _("regions"))}
                )
            )
    return parts


def _regions_still_running(facts: Facts) -> int:
    running = 0
    for report in facts.reports:
        progress = facts.contents[report.pk].progress.values()
        if any(p.status in (ActivityStatus.ONGOING, ActivityStatus.NOT_STARTED) for p in progress):
            running += 1
    return running


def key_findings(facts: Facts) -> list[str]:
    """The key findings as sentences generated from the data."""
    regions = len(facts.regions)
    plans = list(facts.plans.values())
    approved = sum(1 for plan in plans if plan.state in APPROVED)
    findings = [
        sentence(
            _("%(phrase)s were approved") % {"phrase": count_phrase(approved, regions, _("plans"))}
        )
    ]
    total = facts.counted_plans
    for theme in facts.programme.themes.all():
        covered = chapters.plans_in_theme(facts, theme)
        findings.append(
            sentence(
                _("%(phrase)s work on the theme %(theme)s")
                % {"phrase": count_phrase(covered, total, _("plans")), "theme": theme.label}
            )
        )
    figures = facts.figures
    budget = figures.granted + figures.granted_cofinancing
    if budget:
        findings.append(
            sentence(
                _(
                    "The regions report %(spent)s spent, %(share)s of the granted budget "
                    "with co-financing"
                )
                % {"spent": money(figures.spent), "share": share_of(figures.spent, budget)}
            )
        )
    for answer_table in facts.answer_tables:
        findings += chapters.summary_of(answer_table)[:1]
    return findings


def appendix(document: Document, facts: Facts) -> None:
    document.heading(_("Appendix: regions"))
    document.paragraph(
        _(
            "Per region: the state of its plan, the plan's budget, what it reported spent in the "
            "round, and the state of that report."
        )
    )
    document.table(
        [
            Column(_("Region")),
            Column(_("Plan")),
            Column(_("Subsidy"), numeric=True),
            Column(_("Co-financing"), numeric=True),
            Column(_("Spent"), numeric=True),
            Column(_("Report")),
        ],
        [
            [
                f"{row[1]} ({row[0]})",
                plan_state(row[2]),
                money(row[3]),
                money(row[4]),
                money(row[5]),
                report_state(row[6]),
            ]
            for row in facts.regions_table.rows
        ],
    )
