"""The decision letter (beschikking) on a plan: DOCX, and PDF where LibreOffice is installed.

The letter's text is an editable template, not code. The first of these is used:

- Override per programme: `<DATA_DIR>/letter_templates/<programme slug>-beschikking.txt`
  (DATA_DIR is `SECTORPLAN_DATA_DIR`, default `./var`), read for every letter.
- The programme's own text (`Programme.letters["decision"]`): copied from the programme
  template's `[letters]` when the programme was created, and edited by the office on the
  letter page (with a preview).
- Shipped default: `plans/letter_templates/beschikking.txt`, which names no ministry, fund
  or kind of region: those come from the template's `[wording]`.

Template format: plain UTF-8 text in Django's template language, with autoescaping off
(the output is a Word document, not HTML). After rendering:

- paragraphs are separated by one or more blank lines; the lines inside a paragraph stay
  on their own line (a line break, not a new paragraph);
- a line starting with `# ` becomes a heading;
- `{# … #}` is a comment and leaves nothing.

Everything is rendered in Dutch, whatever language the user reads the site in. Variables:

- `wording`: the template's texts (`wording.decider_nl`, `wording.fund_nl`,
  `wording.region_type_nl`, `wording.payment_nl`, …);
- `programme`, `region`, `plan`, `decision`: the objects themselves (`region.name`,
  `region.code`, `region.centrumgemeente`, `programme.name`, `plan.title`, …);
- `granted`: true for a grant (toekenning), false for a rejection (afwijzing);
- `amount`: the granted amount as `€ 1.234.567,89` (empty for a rejection);
- `asked`: the subsidy asked in the decided version of the plan, in the same format;
- `reason`: the reason given with the decision (may be empty for a grant);
- `date`: the decision date in words, `15 oktober 2015`;
- `ends_on`: the end of the plan's execution period in words (empty when none is set);
- `submitted_on`: the date the decided version was submitted, in words;
- `reference`: the letter's reference (kenmerk), `<slug>/<region code>/<decision number>`;
- `subject`: the subject line.

The filters `euro`, `number` and `percent` of the site are available without `{% load %}`.
"""

import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import docx
from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from docx.shared import Pt, RGBColor

from sectorplan.core.errors import Refused
from sectorplan.core.office import to_pdf
from sectorplan.core.templatetags.sectorplan import euro
from sectorplan.plans.models import Decision

SHIPPED_TEMPLATE = Path(__file__).resolve().parent / "letter_templates" / "beschikking.txt"

_ENGINE = Engine(
    autoescape=False,
    builtins=["sectorplan.core.templatetags.sectorplan"],
)
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def letter_template_path(programme) -> Path:
    """The file of the programme's override in the data dir, or the shipped default."""
    override = Path(settings.DATA_DIR) / "letter_templates" / f"{programme.slug}-beschikking.txt"
    return override if override.is_file() else SHIPPED_TEMPLATE


def letter_source(programme) -> tuple[str, str]:
    """(text, where it comes from, as the office reads it) of the programme's decision
    letter."""
    path = letter_template_path(programme)
    if path == SHIPPED_TEMPLATE and programme.letters.get("decision"):
        return programme.letters["decision"], _("the programme's own letter")
    where = (
        _("the standard letter")
        if path == SHIPPED_TEMPLATE
        else _("the file %(name)s in the data folder") % {"name": path.name}
    )
    try:
        return path.read_text(encoding="utf-8"), where
    except UnicodeDecodeError as error:
        raise Refused(
            _("The letter template %(path)s cannot be used: %(error)s")
            % {"path": path, "error": error}
        ) from error  # the path: whoever fixes the file needs it


def render_letter(text: str, context: dict, where: str = "") -> str:
    """A letter text rendered in Dutch; Refused with the template's error when it is wrong."""
    with translation.override("nl"):
        try:
            template = _ENGINE.from_string(text)
            return template.render(Context(context, autoescape=False))
        except TemplateSyntaxError as error:
            raise Refused(
                _("The letter template %(path)s cannot be used: %(error)s")
                % {"path": where, "error": error}
            ) from error


def decision_letter_text(decision: Decision) -> str:
    """The letter as rendered text, before it is laid out as a document."""
    programme = decision.plan.programme
    text, where = letter_source(programme)
    path = letter_template_path(programme)
    if path != SHIPPED_TEMPLATE or not programme.letters.get("decision"):
        where = str(path)  # whoever fixes a file needs its path
    return render_letter(text, _context(decision), where)


def decision_letter_docx(decision: Decision) -> bytes:
    """The decision letter as a Word document."""
    text = decision_letter_text(decision)
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for level in (1, 2):
        document.styles[f"Heading {level}"].font.color.rgb = RGBColor(0, 0, 0)
    properties = document.core_properties
    properties.title = _subject(decision)
    properties.subject = _subject(decision)
    properties.language = "nl-NL"
    properties.author = properties.comments = ""  # python-docx puts its own name there
    properties.created = properties.modified = decision.created_at
    for block in _BLANK_LINES.split(text.replace("\r\n", "\n").strip()):
        _add_block(document, block)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def decision_letter_pdf(decision: Decision) -> bytes | None:
    """The letter as PDF, converted by LibreOffice; None when it is not installed or fails."""
    return to_pdf(decision_letter_docx(decision), "beschikking.docx")


def _add_block(document, block: str) -> None:
    """One paragraph of the template: headings on their own, other lines kept together."""
    lines: list[str] = []

    def flush() -> None:
        if lines:
            paragraph = document.add_paragraph()
            for number, line in enumerate(lines):
                run = paragraph.add_run(line)
                if number < len(lines) - 1:
                    run.add_break()
            lines.clear()

    for line in block.split("\n"):
        line = line.strip()
        if line.startswith("# "):
            flush()
            document.add_heading(line[2:].strip(), level=1)
        elif line:
            lines.append(line)
    flush()


def _in_words(day) -> str:
    return date_format(day, "j F Y") if day else ""


def _subject(decision: Decision) -> str:
    return f"Beschikking sectorplan {decision.plan.region.name}"


def _context(decision: Decision) -> dict:
    """The letter's variables, in Dutch whatever language the request reads."""
    with translation.override("nl"):
        return _dutch_context(decision)


def _dutch_context(decision: Decision) -> dict:
    plan = decision.plan
    version = decision.version
    asked = sum(
        (Decimal(activity["subsidy"]) for activity in version.snapshot.get("activities", [])),
        Decimal(0),
    )
    return {
        "wording": plan.programme.wording,
        "programme": plan.programme,
        "region": plan.region,
        "plan": plan,
        "decision": decision,
        "granted": decision.granted,
        "amount": euro(decision.amount) if decision.granted and decision.amount is not None else "",
        "asked": euro(asked),
        "reason": decision.reason,
        "date": _in_words(decision.decided_on),
        "ends_on": _in_words(plan.ends_on),
        "submitted_on": _in_words(localdate(version.submitted_at)),
        "reference": f"{plan.programme.slug}/{plan.region.code}/{decision.pk}",
        "subject": _subject(decision),
    }
