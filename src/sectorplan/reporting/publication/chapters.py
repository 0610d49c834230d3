"""The chapters of the report that walk the programme's own data: key figures, one chapter
per theme, the results per region and one chapter per yes/no table. Which themes, activity
types, indicators, questions and tables there are comes from the programme, never from
here."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sectorplan.programmes.constants import QuestionKind
from sectorplan.programmes.models import in_active_language
from sectorplan.reporting.publication import charts
from sectorplan.reporting.publication.facts import AnswerTable, Facts
from sectorplan.reporting.publication.figures import DASH, count, money, pct, share_of
from sectorplan.reporting.publication.model import Column, Document
from sectorplan.reporting.publication.phrasing import count_phrase, sentence
from sectorplan.reporting.tables import answer_rows

#: The default pick of the regions' words per theme: the first distinct texts, in the order
#: of the region codes, at most this many.
PICKED_PER_THEME = 3


def plans_in_theme(facts: Facts, theme) -> int:
    return facts.theme_plans.get(theme.pk, 0)


def key_figures(document: Document, facts: Facts) -> None:
    """The dashboard's key figures, subsidy and co-financing apart, each with the line that
    says what it is; then the plans per state."""
    figures = facts.figures
    document.heading(_("Key figures"), 2)
    document.paragraph(
        _(
            "Subsidy and co-financing apart: the subsidy comes from the programme, the "
            "co-financing from the regions themselves."
        )
    )
    rows = [
        [
            _("Plans"),
            count(figures.plans),
            _("Plans in any state; the second table counts them per state."),
        ],
        [
            _("Subsidy asked in plans"),
            money(figures.asked),
            _("What the plans that were submitted ask, without co-financing."),
        ],
        [
            _("Granted subsidy"),
            money(figures.granted),
            _("What the decisions on the plans granted, without co-financing."),
        ],
        [
            _("Paid subsidy"),
            money(figures.paid),
            ngettext(
                "Paid in %(payments)s instalment; not paid yet: %(unpaid)s.",
                "Paid in %(payments)s instalments; not paid yet: %(unpaid)s.",
                figures.payments,
            )
            % {"payments": figures.payments, "unpaid": money(figures.unpaid)},
        ],
        [
            _("Spent subsidy"),
            money(figures.spent_subsidy),
            _("%(share)s of the granted subsidy, as reported for the %(round)s.")
            % {
                "share": share_of(figures.spent_subsidy, figures.granted),
                "round": facts.round.label.lower() if facts.round else DASH,
            }
            if figures.granted
            else _("Nothing granted yet."),
        ],
        [
            _("Co-financing in granted plans"),
            money(figures.granted_cofinancing),
            _("What the regions themselves put into the plans that were granted."),
        ],
        [
            _("Spent co-financing"),
            money(figures.spent_cofinancing),
            _("%(share)s of the co-financing in the granted plans.")
            % {"share": share_of(figures.spent_cofinancing, figures.granted_cofinancing)}
            if figures.granted_cofinancing
            else _("No co-financing in granted plans."),
        ],
    ]
    if figures.allocated is not None:
        rows.insert(
            1,
            [
                _("Allocated subsidy"),
                money(figures.allocated),
                _("The programme's budget, divided over the regions by the allocation."),
            ],
        )
    document.table(
        [Column(_("Figure")), Column(_("Amount"), numeric=True), Column(_("What it is"))], rows
    )
    document.paragraph(
        _(
            "Regions report one amount spent per activity; it is split between subsidy and "
            "co-financing the way the activity's budget splits them."
        )
    )
    by_state = [[str(label), count(n)] for _state, label, n in figures.plans_by_state if n]
    if by_state:
        document.table([Column(_("Plan state")), Column(_("Plans"), numeric=True)], by_state)


# --- themes ----------------------------------------------------------------------------------


def themes(document: Document, facts: Facts) -> None:
    total = facts.counted_plans
    coverage = {row[1]: row[3] for row in facts.coverage.rows}
    people = {row.activity_type.pk: row for row in facts.figures.people}
    for theme in facts.programme.themes.all():
        types = [t for t in facts.programme.activity_types.all() if t.theme_id == theme.pk]
        document.heading(theme.label)
        document.paragraph(
            sentence(
                _("%(phrase)s work on this theme")
                % {"phrase": count_phrase(plans_in_theme(facts, theme), total, _("plans"))}
            )
        )
        document.heading(_("Coverage: %(theme)s") % {"theme": theme.label}, 2)
        document.paragraph(
            _("Plans with at least one activity of each type, out of %(total)s plans.")
            % {"total": count(total)}
        )
        document.table(
            [
                Column(_("Activity type")),
                Column(_("Plans"), numeric=True),
                Column(_("of"), numeric=True),
                Column(_("Share"), numeric=True),
            ],
            [
                [
                    t.label,
                    count(coverage.get(t.code, 0)),
                    count(total),
                    share_of(coverage.get(t.code, 0), total),
                ]
                for t in types
            ],
        )
        if total:
            document.chart(
                charts.bars(
                    [t.label for t in types],
                    [(_("Plans"), [coverage.get(t.code, 0) for t in types], None)],
                ),
                _("Plans per activity type: %(theme)s (the figures of the table above)")
                % {"theme": theme.label},
            )
        _realised(document, facts, theme, types, people)
        _narratives(document, facts, theme)


def _realised(document, facts, theme, types, people) -> None:
    document.heading(_("What was realised: %(theme)s") % {"theme": theme.label}, 2)
    round_label = facts.round.label if facts.round else "–"
    document.paragraph(
        _(
            "People planned per year in the plans against people reached, and budget "
            "(subsidy and co-financing) against spending, as the reports of the round "
            "%(round)s state them."
        )
        % {"round": round_label}
    )
    rows = []
    for t in types:
        spending = facts.spending[t.pk]
        row = people.get(t.pk)
        rows.append(
            [
                t.label,
                count(row.planned if row else 0),
                count(row.realised if row else 0),
                money(spending.budget),
                money(spending.spent),
                share_of(spending.spent, spending.budget),
            ]
        )
    document.table(
        [
            Column(_("Activity type")),
            Column(_("People planned"), numeric=True),
            Column(_("People reached"), numeric=True),
            Column(_("Budget"), numeric=True),
            Column(_("Spent"), numeric=True),
            Column(_("Spent %"), numeric=True),
        ],
        rows,
    )
    spent = [facts.spending[t.pk] for t in types]
    if any(s.budget for s in spent):
        document.chart(
            charts.bars(
                [t.label for t in types],
                [(_("Spent %"), [_whole_share(s.spent, s.budget) for s in spent], "%")],
            ),
            _("Share of the budget spent per activity type: %(theme)s (the table above)")
            % {"theme": theme.label},
        )
    indicators = [row for row in facts.indicators if row.indicator.theme_id == theme.pk]
    if indicators:
        rounds = list(facts.programme.rounds.all())
        document.paragraph(
            _("Indicators: the targets of the plans against what the reports realised, per round.")
        )
        document.table(
            [Column(_("Indicator")), Column(_("Target"), numeric=True)]
            + [Column(r.label, numeric=True) for r in rounds],
            [
                [f"{row.indicator.label} ({row.indicator.unit})", count(row.target)]
                + [count(v) for v in row.realised]
                for row in indicators
            ],
        )


def _whole_share(part, whole) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass
class Narrative:
    answer: object  # monitoring.Answer
    region: object
    is_quote: bool
    text: str


def narratives(facts: Facts, theme) -> list[Narrative]:
    """The regions' own words on a theme in the counted reports of the round, region by
    region: long texts are achievements, short texts quotes."""
    found = []
    for report in facts.reports:
        contents = facts.contents[report.pk]
        for block in contents.blocks:
            if block.theme is None or block.theme.pk != theme.pk:
                continue
            for item in block.items:
                answer = contents.answers.get(item.slot)
                kind = item.question.kind
                if answer is None or kind not in (QuestionKind.TEXT, QuestionKind.SHORT_TEXT):
                    continue
                if answer.text.strip():
                    found.append(
                        Narrative(
                            answer, report.region, kind == QuestionKind.SHORT_TEXT, answer.text
                        )
                    )
    return found


def picked(facts: Facts, theme) -> tuple[list[Narrative], bool]:
    """What the theme chapter prints: the office's picks when it made any for this theme,
    else the default rule (the first distinct texts, in the order of the region codes)."""
    candidates = narratives(facts, theme)
    chosen = [n for n in candidates if n.answer.pk in facts.picks]
    if chosen:
        return chosen, True
    achievements = _distinct([n for n in candidates if not n.is_quote])
    quotes = _distinct([n for n in candidates if n.is_quote])
    return achievements + quotes, False


def _narratives(document, facts, theme) -> None:
    chosen, by_office = picked(facts, theme)
    if not chosen:
        return
    document.heading(_("Achievements and quotes: %(theme)s") % {"theme": theme.label}, 2)
    if by_office:
        document.paragraph(_("From the regions' own words, as picked by the programme office."))
    else:
        document.paragraph(
            _(
                "From the regions' own words: the first %(count)s different answers and "
                "quotes on this theme, in the order of the region codes."
            )
            % {"count": PICKED_PER_THEME}
        )
    for item in chosen:
        if not item.is_quote:
            document.paragraph(item.text.strip(), lead=item.region.name)
    for item in chosen:
        if item.is_quote:
            document.quote(f"“{item.text.strip()}” ({item.region.name})")


def _distinct(items: list[Narrative]) -> list[Narrative]:
    seen, chosen = set(), []
    for item in items:
        key = " ".join(item.text.split()).lower()
        if key and key not in seen:
            seen.add(key)
            chosen.append(item)
        if len(chosen) == PICKED_PER_THEME:
            break
    return chosen


# --- regions ---------------------------------------------------------------------------------


def regions(document: Document, facts: Facts) -> None:
    """One section per region, or per group of regions where the programme's template
    groups them (`report_sections`), in the order of the region codes."""
    document.heading(_("Main results per region"))
    by_region = {report.region_id: report for report in facts.reports}
    spent = {row[0]: row[5] for row in facts.regions_table.rows}
    for label, members in sections(facts):
        if label:
            codes = ", ".join(region.code for region in members)
            document.heading(f"{label} ({codes})", 2)
        for region in members:
            document.heading(f"{region.name} ({region.code})", 3 if label else 2)
            _region(document, facts, region, by_region.get(region.pk), spent.get(region.code))


def sections(facts: Facts) -> list[tuple[str, list]]:
    """(label, regions) per section: a label for a group, "" for a region of its own."""
    grouped = {}
    for section in facts.programme.report_sections or []:
        label = in_active_language(section.get("label_nl", ""), section.get("label_en", ""))
        for code in section["regions"]:
            grouped[code] = (label, tuple(section["regions"]))
    result, done = [], set()
    for region in facts.regions:
        if region.code in done:
            continue
        if region.code in grouped:
            label, codes = grouped[region.code]
            members = [r for r in facts.regions if r.code in codes]
            done.update(r.code for r in members)
            result.append((label, members))
        else:
            result.append(("", [region]))
    return result


def _region(document: Document, facts: Facts, region, report, spent) -> None:
    plan = facts.plans.get(region.pk)
    if plan and plan.title:
        document.paragraph(plan.title, lead=_("Plan"))
    companies = [c.name for c in plan.companies.all()] if plan else []
    if companies:
        document.paragraph(_join(companies), lead=_("Participating organisations"))
    if plan:
        document.table(
            [
                Column(_("Subsidy"), numeric=True),
                Column(_("Co-financing"), numeric=True),
                Column(_("Granted"), numeric=True),
                Column(_("Paid"), numeric=True),
                Column(_("Spent"), numeric=True),
            ],
            [
                [
                    money(plan.total_subsidy),
                    money(plan.total_cofinancing),
                    money(plan.granted_amount),
                    money(plan.paid_amount),
                    money(spent),
                ]
            ],
        )
    if report is None:
        if facts.round:
            document.paragraph(
                _("The region has not submitted its report for the round %(round)s.")
                % {"round": facts.round.label}
            )
        return
    contents = facts.contents[report.pk]
    quote = None
    for theme, answers in contents.per_theme():
        texts = [_full_stop(v.text) for q, v in answers if q.kind == QuestionKind.TEXT]
        if texts:
            document.paragraph(" ".join(texts), lead=theme.label)
        quote = quote or next(
            (v.text for q, v in answers if q.kind == QuestionKind.SHORT_TEXT), None
        )
    rows = [
        [
            f"{i.label} ({i.unit})",
            count(contents.targets[i.pk].target) if i.pk in contents.targets else "–",
            count(contents.indicator_values[i.pk].value)
            if i.pk in contents.indicator_values
            else "–",
        ]
        for i in contents.indicators
        if i.pk in contents.targets or i.pk in contents.indicator_values
    ]
    if rows:
        document.table(
            [
                Column(_("Indicator")),
                Column(_("Target"), numeric=True),
                Column(_("Realised"), numeric=True),
            ],
            rows,
        )
    if quote:
        document.quote(f"“{quote.strip()}”")


def _full_stop(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _join(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


# --- yes/no tables (the SER functions) ---------------------------------------------------------


def answer_tables(document: Document, facts: Facts) -> None:
    for answer_table in facts.answer_tables:
        report_table, table = answer_table.report_table, answer_table.table
        columns = report_table.columns
        document.heading(report_table.label)
        document.paragraph(
            _(
                "Percentage of the regions that answered yes, out of those that answered yes "
                "or no (n); “don't know” and empty answers are not in n but are shown. These "
                "are the regions' own estimates. Round: %(round)s."
            )
            % {"round": answer_table.round.label if answer_table.round else "–"}
        )
        header = [Column("")]
        for column in columns:
            label = _column_label(column)
            header += [
                Column(f"{label} %", numeric=True),
                Column("n", numeric=True),
                Column(_("don't know"), numeric=True),
            ]
        rows = answer_rows(table, report_table)
        labels = {row.code: row.label for row in report_table.rows.all()}
        document.table(
            header,
            [
                [labels.get(row["code"], row["label"])]
                + [
                    value
                    for cell in row["cells"]
                    for value in (pct(cell["pct"]), count(cell["n"]), count(cell["unknown"]))
                ]
                for row in rows
            ],
        )
        if any(cell["n"] for row in rows for cell in row["cells"]):
            document.chart(
                charts.bars(
                    [labels.get(row["code"], row["label"]) for row in rows],
                    [
                        (_column_label(column), [row["cells"][i]["pct"] or 0 for row in rows], "%")
                        for i, column in enumerate(columns)
                    ],
                ),
                _("%(table)s: the percentages of the table above") % {"table": report_table.label},
            )
        summary = summary_of(answer_table)
        if summary:
            document.heading(_("In summary"), 2)
            for line in summary:
                document.paragraph(line)


def _column_label(column: dict) -> str:
    return in_active_language(column.get("label_nl", ""), column.get("label_en", ""))


def summary_of(answer_table: AnswerTable) -> list[str]:
    """Per row of a yes/no table, in words: how many regions said yes in each column."""
    report_table = answer_table.report_table
    labels = {row.code: row.label for row in report_table.rows.all()}
    lines = []
    for row in answer_rows(answer_table.table, report_table):
        parts = [
            _("%(column)s according to %(phrase)s")
            % {
                "column": _column_label(column).lower(),
                "phrase": count_phrase(cell["yes"], cell["n"], _("regions")),
            }
            for column, cell in zip(report_table.columns, row["cells"], strict=True)
            if cell["n"]
        ]
        if parts:
            lines.append(sentence(f"{labels.get(row['code'], row['label'])}: " + "; ".join(parts)))
    return lines
