"""Every write to programmes, regions and allocations. Each service is one user action."""

import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from sectorplan.accounts import audit
from sectorplan.accounts.models import RoleDefinition
from sectorplan.core.errors import Refused
from sectorplan.core.numbers import fit_decimal, parse_decimal
from sectorplan.core.tabular import Problems, Row, decimal_at_least, parse_cell, read_table
from sectorplan.programmes import questionnaires
from sectorplan.programmes.allocation import check_budget
from sectorplan.programmes.constants import OrganisationKind
from sectorplan.programmes.import_problems import region_unknown
from sectorplan.programmes.models import (
    ActivityType,
    AllocationLine,
    AllocationPublication,
    Indicator,
    Organisation,
    Participation,
    Programme,
    Question,
    QuestionChoice,
    Questionnaire,
    Region,
    RegionSet,
    ReportTable,
    ReportTableRow,
    Round,
    Section,
    Theme,
)
from sectorplan.programmes.programme_templates import (
    DEFAULT_TEMPLATE,
    LETTERS,
    TemplateError,
    cofinancing_sources_of,
    letters_of,
    load_template,
    region_set_of,
)
from sectorplan.programmes.region_sets import RegionSetData, load_region_set
from sectorplan.programmes.selectors import allocation_compute
from sectorplan.programmes.workflows import rows_for

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The columns of an allocation basis file (CONTRACTS §5).
BASIS_COLUMNS = ["region_code", "basis"]


@transaction.atomic
def region_set_load(*, code: str = "", data: RegionSetData | None = None) -> RegionSet:
    """Create or update a region set in the database (idempotent): a shipped one by code, or
    the one read from a file."""
    data = data or load_region_set(code)
    region_set, _created = RegionSet.objects.update_or_create(
        code=data.code, defaults={"name": data.name, "outline": data.outline}
    )
    for region in data.regions:
        Region.objects.update_or_create(
            region_set=region_set,
            code=region.code,
            defaults={
                "name": region.name,
                "centrumgemeente": region.centrumgemeente,
                "province": region.province,
                "latitude": region.latitude,
                "longitude": region.longitude,
            },
        )
    return region_set


def _parse_amount(
    value: Decimal | str, label: str, field_name: str, check=lambda amount: None
) -> Decimal:
    """A number typed for Programme.`field_name`: parsed, checked, and refused unless the
    column stores it exactly."""
    field = Programme._meta.get_field(field_name)
    try:
        amount = value if isinstance(value, Decimal) else parse_decimal(value)
        check(amount)
        return fit_decimal(amount, max_digits=field.max_digits, places=field.decimal_places)
    except ValueError as exc:
        raise Refused(f"{label}: {exc}") from exc


@transaction.atomic
def programme_create(
    *,
    slug: str,
    name: str,
    budget: Decimal | str,
    cofinancing_ratio: Decimal | str | None = None,
    template: str = DEFAULT_TEMPLATE,
    by=None,
) -> Programme:
    """A new programme with its regions and its taxonomy copied out of the template."""
    errors = []
    slug = slug.strip()
    if not SLUG_RE.match(slug):
        errors.append(
            _("slug '%(slug)s' must be lowercase letters, digits and hyphens") % {"slug": slug}
        )
    elif Programme.objects.filter(slug=slug).exists():
        errors.append(_("programme '%(slug)s' already exists") % {"slug": slug})
    if not name.strip():
        errors.append(_("the name is required"))
    try:
        budget = _parse_amount(budget, _("budget"), "budget", check=check_budget)
    except Refused as exc:
        errors.extend(exc.errors)
    try:
        data = load_template(template)
    except TemplateError as exc:
        errors.extend(exc.errors)
        data = None
    if cofinancing_ratio is None and data is not None:
        cofinancing_ratio = data.get("cofinancing_ratio", "1")
    if cofinancing_ratio is not None:
        try:
            cofinancing_ratio = _parse_amount(
                cofinancing_ratio, _("co-financing ratio"), "cofinancing_ratio"
            )
            if cofinancing_ratio < 0:
                errors.append(_("the co-financing ratio must be 0 or more"))
        except Refused as exc:
            errors.extend(exc.errors)
    if errors:
        raise Refused(errors)

    region_set = region_set_load(data=region_set_of(data))
    sections = data.get("report_sections", [])
    codes = set(region_set.regions.values_list("code", flat=True))
    unknown = sorted(
        {str(c) for s in sections for c in s["regions"] if str(c).upper() not in codes}
    )
    if unknown:
        raise Refused(
            _("report_sections: %(codes)s not in the region set '%(set)s'")
            % {"codes": ", ".join(unknown), "set": data["region_set"]}
        )
    programme = Programme(
        slug=slug,
        name=name.strip(),
        template=data["code"],
        region_set=region_set,
        budget=budget,
        cofinancing_ratio=cofinancing_ratio,
        basis_label=data["basis_label_nl"],
        basis_label_en=data.get("basis_label_en", ""),
        starts_on=data.get("starts_on"),
        ends_on=data.get("ends_on"),
        plan_deadline=data.get("plan_deadline"),
        review_deadline=data.get("review_deadline"),
        execution_ends_on=data.get("execution_ends_on"),
        workflows=rows_for(data.get("workflows")),
        cofinancing_sources=cofinancing_sources_of(data),
        default_cofinancing_source=data.get(
            "default_cofinancing_source", cofinancing_sources_of(data)[0]["code"]
        ),
        plan_participant_kinds=data.get("plan_participant_kinds", []),
        wording=data.get("wording", {}),
        letters=letters_of(data),
        report_sections=[
            {**section, "regions": [str(c).upper() for c in section["regions"]]}
            for section in sections
        ],
        region_results_open=data.get("region_results_open", True),
    )
    programme._history_user = by
    programme.save()
    Participation.objects.bulk_create(
        Participation(programme=programme, region=region) for region in region_set.regions.all()
    )
    _copy_taxonomy(programme, data)
    _roles_and_parties_save(data)
    audit.record(
        by,
        "programme.create",
        programme,
        audit.changed(
            {},
            audit.values(
                programme, ["slug", "name", "template", "region_set", "budget", "cofinancing_ratio"]
            ),
        ),
        programme_id=programme.pk,
    )
    return programme


def _roles_and_parties_save(data: dict) -> None:
    """The roles the template defines and the parties it names.

    Role codes are shared by every programme of the installation: a second programme with the
    same role code updates its labels, but may not change its reach (`acts_as`), which would
    change what the people in that role of the first programme may do."""
    for role in data.get("roles", []):
        known = RoleDefinition.objects.filter(code=role["code"]).first()
        if known is not None and known.acts_as != role["acts_as"]:
            raise Refused(
                _(
                    "The role '%(code)s' exists already with the reach of '%(acts_as)s'; "
                    "give this template's role a code of its own."
                )
                % {"code": role["code"], "acts_as": known.acts_as}
            )
        RoleDefinition.objects.update_or_create(
            code=role["code"],
            defaults={
                "label_nl": role["label_nl"],
                "label_en": role.get("label_en", ""),
                "acts_as": role["acts_as"],
            },
        )
    for party in data.get("parties", []):
        Organisation.objects.get_or_create(
            name=party["name"], defaults={"kind": party.get("kind", OrganisationKind.PARTY)}
        )


def _labels(item: dict) -> dict:
    return {"label_nl": item["label_nl"], "label_en": item.get("label_en", "")}


def _copy_taxonomy(programme: Programme, data: dict) -> None:
    for position, theme_data in enumerate(data.get("themes", [])):
        theme = Theme.objects.create(
            programme=programme,
            code=theme_data["code"],
            position=position,
            required=theme_data.get("required", False),
            **_labels(theme_data),
        )
        ActivityType.objects.bulk_create(
            ActivityType(
                programme=programme, theme=theme, code=item["code"], position=pos, **_labels(item)
            )
            for pos, item in enumerate(theme_data.get("activity_types", []))
        )
    for table_data in data.get("tables", []):
        table = ReportTable.objects.create(
            programme=programme,
            code=table_data["code"],
            columns=[{"code": c["code"], **_labels(c)} for c in table_data.get("columns", [])],
            row_key=table_data.get("row_key", "row"),
            **_labels(table_data),
        )
        for position, row_data in enumerate(table_data.get("rows", [])):
            ReportTableRow.objects.create(
                table=table, code=row_data["code"], position=position, **_labels(row_data)
            )
    themes = {theme.code: theme for theme in programme.themes.all()}
    Indicator.objects.bulk_create(
        Indicator(
            programme=programme,
            code=item["code"],
            unit_nl=item["unit_nl"],
            unit_en=item.get("unit_en", ""),
            theme=themes.get(item.get("theme")),
            position=position,
            **_labels(item),
        )
        for position, item in enumerate(data.get("indicators", []))
    )
    for position, round_data in enumerate(data.get("rounds", [])):
        round_ = Round.objects.create(
            programme=programme,
            code=round_data["code"],
            position=position,
            opens_on=round_data.get("opens_on"),
            deadline=round_data.get("deadline"),
            period_starts_on=round_data.get("period_starts_on"),
            period_ends_on=round_data.get("period_ends_on"),
            reminder_days=round_data.get("reminder_days", data.get("reminder_days", [])),
            **_labels(round_data),
        )
        questionnaire_add(round_=round_, definition=questionnaires.normalise(round_data))


def table_cells(programme: Programme) -> dict[tuple[str, str, str], ReportTableRow]:
    """(table, row, column) → the row, for every cell of the programme's national tables."""
    return {
        (row.table.code, row.code, column): row
        for row in ReportTableRow.objects.filter(table__programme=programme).select_related("table")
        for column in (c["code"] for c in row.table.columns)
    }


@transaction.atomic
def questionnaire_add(*, round_: Round, definition: dict, by=None) -> Questionnaire:
    """A new version of the round's questionnaire, checked first; Refused lists every problem."""
    cells = table_cells(round_.programme)
    errors = questionnaires.errors_in(definition, where=round_.code, cells=cells)
    if errors:
        raise Refused(errors)
    latest = round_.questionnaires.order_by("-version").first()
    questionnaire = Questionnaire.objects.create(
        round=round_,
        version=latest.version + 1 if latest else 1,
        definition=definition,
        created_by=by,
    )
    by_code: dict[str, Question] = {}
    for section_position, section_data in enumerate(definition["sections"]):
        section = Section.objects.create(
            questionnaire=questionnaire,
            code=section_data["code"],
            position=section_position,
            per_theme=bool(section_data.get("per_theme", False)),
            **_labels(section_data),
        )
        for position, item in enumerate(section_data["questions"]):
            condition = item.get("shown_if") or {}
            question = Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                code=item["code"],
                kind=item["kind"],
                required=bool(item.get("required", False)),
                help_nl=item.get("help_nl", ""),
                help_en=item.get("help_en", ""),
                position=position,
                table_row=cells.get((item.get("table"), item.get("row"), item.get("column"))),
                table_column=item.get("column", "") if "table" in item else "",
                shown_if_question=by_code.get(condition.get("question")),
                shown_if_value=str(condition.get("equals", "")),
                **_labels(item),
            )
            QuestionChoice.objects.bulk_create(
                QuestionChoice(
                    question=question, code=choice["code"], position=pos, **_labels(choice)
                )
                for pos, choice in enumerate(item.get("choices", []))
            )
            by_code[question.code] = question
    return questionnaire


@transaction.atomic
def basis_import(
    *, programme: Programme, rows: Iterable[Row], by=None, source: str = "", progress=None
) -> int:
    """Set the allocation basis of the regions in the file (all-or-nothing, idempotent). One
    pass: what it keeps is one amount per region. `progress(rows read, None)` is told every
    thousand rows."""
    participations = {
        p.region.code.upper(): p
        for p in programme.participations.select_related("region").select_for_update()
    }
    problems = Problems()
    first_line: dict[str, int] = {}
    updates: dict[str, Decimal] = {}
    at_least_zero = decimal_at_least(Decimal(0))
    field = Participation._meta.get_field("basis")

    def parse_basis(text: str) -> Decimal:
        value = at_least_zero(text)
        return fit_decimal(value, max_digits=field.max_digits, places=field.decimal_places)

    for count, row in enumerate(rows, 1):
        if progress and not count % 1000:
            progress(count, None)
        errors: list[str] = []
        code = row.values["region_code"].upper()
        basis = parse_cell(row, "basis", parse_basis, errors)
        if not code:
            errors.append(_("line %(line)d: region_code is required") % {"line": row.line})
        elif code not in participations:
            errors.append(region_unknown(row.line, row.values["region_code"], programme))
        elif code in first_line:
            errors.append(
                _("line %(line)d: region_code '%(code)s' appears twice (first on line %(first)d)")
                % {"line": row.line, "code": row.values["region_code"], "first": first_line[code]}
            )
        else:
            first_line[code] = row.line
            if basis is not None:
                updates[code] = basis
        for error in errors:
            problems.add(row.line, error)
    problems.refuse()

    changed = [
        participations[code]
        for code, basis in updates.items()
        if participations[code].basis != basis
    ]
    changes = {}
    for participation in changed:
        code = participation.region.code
        old = audit.text(participation.basis)
        participation.basis = updates[code.upper()]
        changes[f"basis {code}"] = [old, audit.text(participation.basis)]
    # History keeps at most 100 characters of a reason; a long path is cut, not refused.
    reason = _("basis imported from %(source)s") % {"source": source or "-"}
    bulk_update_with_history(
        changed,
        Participation,
        ["basis"],
        default_user=by,
        default_change_reason=reason[:100],
    )
    if changes:
        audit.record(
            by, "programme.basis_import", programme, changes, note=source, programme_id=programme.pk
        )
    return len(updates)


def basis_import_file(
    *, programme: Programme, source, filename: str | None = None, by=None, progress=None
) -> int:
    rows = read_table(source, columns=BASIS_COLUMNS, filename=filename)
    # The trail names the file, not where it lay on the server.
    name = filename or PurePath(str(source)).name
    return basis_import(programme=programme, rows=rows, by=by, source=name, progress=progress)


@transaction.atomic
def allocation_publish(*, programme: Programme, by=None) -> AllocationPublication:
    """Fix the allocation computed from the current basis on the programme."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    previous = programme.allocation_publications.order_by("-pk").first()
    before = {
        f"subsidy {line.region.code}": audit.text(line.subsidy)
        for line in (previous.lines.select_related("region") if previous else [])
    }
    rows = allocation_compute(programme)
    publication = AllocationPublication.objects.create(
        programme=programme,
        published_by=by,
        budget=programme.budget,
        cofinancing_ratio=programme.cofinancing_ratio,
    )
    AllocationLine.objects.bulk_create(
        AllocationLine(
            publication=publication,
            region=row.region,
            basis=row.basis,
            subsidy=row.subsidy,
            cofinancing=row.cofinancing,
        )
        for row in rows
    )
    after = {f"subsidy {row.region.code}": audit.text(row.subsidy) for row in rows}
    changes = audit.changed(before, after)
    # The budget it was published with, as a field (the history shows it in euros).
    changes["budget"] = [
        audit.text(previous.budget) if previous else "",
        audit.text(programme.budget),
    ]
    audit.record(by, "programme.allocation_publish", programme, changes, programme_id=programme.pk)
    return publication


@transaction.atomic
def letter_save(*, programme: Programme, letter: str, text: str, by) -> Programme:
    """The office's own text of one of the programme's letters (empty: back to the
    template's)."""
    if letter not in LETTERS:
        raise Refused(_("Unknown letter '%(letter)s'.") % {"letter": letter})
    programme.refuse_if_closed()
    if len(text) > 100_000:
        raise Refused(_("The letter is too long (at most 100,000 characters)."))
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = programme.letters.get(letter, "")
    letters = dict(programme.letters)
    if text.strip():
        letters[letter] = text
    else:
        letters.pop(letter, None)
    programme.letters = letters
    programme._history_user = by
    programme.save(update_fields=["letters"])
    audit.record(
        by,
        f"programme.letter_{letter}",
        programme,
        audit.changed({"text": before}, {"text": letters.get(letter, "")}),
        programme_id=programme.pk,
    )
    return programme
