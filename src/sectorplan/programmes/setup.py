"""Every write of the programme's own lists, as the office keeps them outside the admin:
themes, activity types, indicators with their units, rounds with their dates and reminder
days, and the programme's deadlines.

Each change is one transaction with its audit record on the programme (`programme.setup`),
so the programme's history page shows who changed what. What plans or reports already use
keeps its meaning: such a thing cannot be deleted, an activity type in use stays under its
theme, and an indicator with figures keeps its unit; the refusal says what to do instead.
Codes are made from the Dutch label when something is added and never change.
"""

from datetime import date

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.core.errors import Refused
from sectorplan.programmes.designer import code_from
from sectorplan.programmes.models import ActivityType, Indicator, Programme, Round, Theme

THEME_FIELDS = ["label_nl", "label_en", "required"]
ACTIVITY_TYPE_FIELDS = ["label_nl", "label_en", "theme"]
INDICATOR_FIELDS = ["label_nl", "label_en", "unit_nl", "unit_en", "theme"]
ROUND_FIELDS = [
    "label_nl",
    "label_en",
    "opens_on",
    "deadline",
    "period_starts_on",
    "period_ends_on",
    "reminder_days",
]
DEADLINE_FIELDS = ["starts_on", "ends_on", "plan_deadline", "review_deadline", "execution_ends_on"]


def _record(by, programme: Programme, what: str, obj, before: dict, fields: list[str], note=""):
    after = audit.values(obj, fields) if obj is not None else {}
    changes = {f"{what} {key}": value for key, value in audit.changed(before, after).items()}
    if changes or note:
        audit.record(
            by, "programme.setup", programme, changes, note=note, programme_id=programme.pk
        )


def _assign(obj, data: dict, fields: list[str]) -> None:
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


# --- Themes -----------------------------------------------------------------------------------


@transaction.atomic
def theme_save(*, programme: Programme, theme: Theme | None = None, data: dict, by) -> Theme:
    programme.refuse_if_closed()
    if theme is None:
        taken = set(programme.themes.values_list("code", flat=True))
        theme = Theme(
            programme=programme,
            code=code_from(data["label_nl"], taken, fallback="thema"),
            position=_next_position(programme.themes),
        )
        before = {}
    else:
        before = audit.values(theme, THEME_FIELDS)
    _assign(theme, data, THEME_FIELDS)
    theme.save()
    _record(by, programme, f"theme {theme.code}", theme, before, THEME_FIELDS)
    return theme


@transaction.atomic
def theme_delete(*, theme: Theme, by) -> None:
    theme.programme.refuse_if_closed()
    if theme.activity_types.exists():
        raise Refused(
            _("The theme ‘%(theme)s’ still has activity types: delete or move them first.")
            % {"theme": theme.label}
        )
    _delete(theme, f"theme {theme.code}", THEME_FIELDS, by)


# --- Activity types ---------------------------------------------------------------------------


@transaction.atomic
def activity_type_save(
    *, programme: Programme, activity_type: ActivityType | None = None, data: dict, by
) -> ActivityType:
    programme.refuse_if_closed()
    if data["theme"].programme_id != programme.pk:
        raise Refused(_("Choose a theme of this programme."))
    if activity_type is None:
        taken = set(programme.activity_types.values_list("code", flat=True))
        activity_type = ActivityType(
            programme=programme,
            code=code_from(data["label_nl"], taken, fallback="activiteit"),
            position=_next_position(programme.activity_types.filter(theme=data["theme"])),
        )
        before = {}
    else:
        before = audit.values(activity_type, ACTIVITY_TYPE_FIELDS)
        used = activity_type.activities.count()
        if data["theme"].pk != activity_type.theme_id and used:
            raise Refused(
                _(
                    "‘%(type)s’ is used by %(count)d activities of plans, which were written "
                    "under its theme; it stays there. Add a new activity type under the other "
                    "theme instead."
                )
                % {"type": activity_type.label, "count": used}
            )
    _assign(activity_type, data, ACTIVITY_TYPE_FIELDS)
    activity_type.save()
    _record(
        by,
        programme,
        f"activity type {activity_type.code}",
        activity_type,
        before,
        ACTIVITY_TYPE_FIELDS,
    )
    return activity_type


@transaction.atomic
def activity_type_delete(*, activity_type: ActivityType, by) -> None:
    activity_type.programme.refuse_if_closed()
    _delete(activity_type, f"activity type {activity_type.code}", ACTIVITY_TYPE_FIELDS, by)


# --- Indicators -------------------------------------------------------------------------------


@transaction.atomic
def indicator_save(
    *, programme: Programme, indicator: Indicator | None = None, data: dict, by
) -> Indicator:
    programme.refuse_if_closed()
    if data.get("theme") is not None and data["theme"].programme_id != programme.pk:
        raise Refused(_("Choose a theme of this programme."))
    if indicator is None:
        taken = set(programme.indicators.values_list("code", flat=True))
        indicator = Indicator(
            programme=programme,
            code=code_from(data["label_nl"], taken, fallback="indicator"),
            position=_next_position(programme.indicators),
        )
        before = {}
    else:
        before = audit.values(indicator, INDICATOR_FIELDS)
        unit_changed = (data["unit_nl"], data.get("unit_en", "")) != (
            indicator.unit_nl,
            indicator.unit_en,
        )
        if unit_changed and (indicator.targets.exists() or indicator.values.exists()):
            raise Refused(
                _(
                    "Plans or reports already give figures for ‘%(indicator)s’ in "
                    "%(unit)s; another unit would change what they mean. Add a new "
                    "indicator with the other unit instead."
                )
                % {"indicator": indicator.label, "unit": indicator.unit}
            )
    _assign(indicator, data, INDICATOR_FIELDS)
    indicator.save()
    _record(by, programme, f"indicator {indicator.code}", indicator, before, INDICATOR_FIELDS)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by) -> None:
    indicator.programme.refuse_if_closed()
    _delete(indicator, f"indicator {indicator.code}", INDICATOR_FIELDS, by)


# --- Rounds -----------------------------------------------------------------------------------


def _check_round_dates(data: dict) -> None:
    errors = []
    opens, deadline = data.get("opens_on"), data.get("deadline")
    starts, ends = data.get("period_starts_on"), data.get("period_ends_on")
    if opens and deadline and deadline < opens:
        errors.append(_("The deadline comes before the round opens."))
    if starts and ends and ends < starts:
        errors.append(_("The period reported on ends before it starts."))
    if errors:
        raise Refused(errors)


@transaction.atomic
def round_save(*, programme: Programme, round_: Round | None = None, data: dict, by) -> Round:
    programme.refuse_if_closed()
    _check_round_dates(data)
    if round_ is None:
        taken = set(programme.rounds.values_list("code", flat=True))
        base = slugify(data["label_nl"])[:60] or "ronde"
        code, number = base, 2
        while code in taken:
            code = f"{base}-{number}"
            number += 1
        round_ = Round(programme=programme, code=code, position=_next_position(programme.rounds))
        before = {}
    else:
        before = audit.values(round_, ROUND_FIELDS)
    _assign(round_, data, ROUND_FIELDS)
    round_._history_user = by
    round_.save()
    _record(by, programme, f"round {round_.code}", round_, before, ROUND_FIELDS)
    return round_


@transaction.atomic
def round_delete(*, round_: Round, by) -> None:
    round_.programme.refuse_if_closed()
    if round_.reports.exists():
        raise Refused(
            _("Regions have reports in ‘%(round)s’; a round with reports stays.")
            % {"round": round_.label}
        )
    _delete(round_, f"round {round_.code}", ROUND_FIELDS, by)


# --- Deadlines --------------------------------------------------------------------------------


@transaction.atomic
def deadlines_save(*, programme: Programme, data: dict[str, date | None], by) -> Programme:
    programme.refuse_if_closed()
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        raise Refused(_("The programme ends before it starts."))
    before = audit.values(programme, DEADLINE_FIELDS)
    _assign(programme, data, DEADLINE_FIELDS)
    programme._history_user = by
    programme.save()
    _record(by, programme, "programme", programme, before, DEADLINE_FIELDS)
    return programme


# --- Inside -----------------------------------------------------------------------------------


def _delete(obj, what: str, fields: list[str], by) -> None:
    programme = obj.programme
    before = audit.values(obj, fields)
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError:
        raise Refused(
            _("‘%(name)s’ is used by plans or reports, so it stays. Change its text instead.")
            % {"name": obj.label}
        ) from None
    _record(
        by, programme, what, None, before, fields, note=_("deleted: %(name)s") % {"name": obj.label}
    )
