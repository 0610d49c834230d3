"""Writes in national reporting: the office's own texts of the report, and publishing the
tables as open data."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.accounts.rules import is_programme_office
from sectorplan.core.errors import Refused
from sectorplan.programmes.models import Programme, Round
from sectorplan.reporting import open_data
from sectorplan.reporting.models import (
    PICKS_SAVED,
    TEXTS_SAVED,
    NarrativePick,
    ReportText,
    TablePublication,
    TextKey,
)
from sectorplan.reporting.tables import table_codes, table_for


def report_texts(programme: Programme) -> dict[str, ReportText]:
    """Every text of the report, made (empty) when missing, by key."""
    existing = {t.key: t for t in programme.report_texts.all()}
    return {
        key: existing.get(key) or ReportText(programme=programme, key=key) for key in TextKey.values
    }


@transaction.atomic
def report_text_save(
    *,
    programme: Programme,
    key: str,
    text: str,
    lock_version: int,
    by,
    replaces_draft: bool | None = None,
    accepted_draft: str | None = None,
):
    """Save one part's text. For a part with a generated draft (the introduction's key
    findings): `replaces_draft` says whether the text replaces it, and `accepted_draft` is
    the draft the office accepts ("" takes an acceptance back); None leaves either as is."""
    if not is_programme_office(by):
        raise Refused(_("Only the programme office writes the texts of the report."))
    if key not in TextKey.values:
        raise Refused(_("Unknown part of the report."))
    item, _created = ReportText.objects.select_for_update().get_or_create(
        programme=programme, key=key
    )
    if item.lock_version != lock_version:
        raise Refused(
            _(
                "Someone else saved '%(part)s' while you were editing. Your text has not been "
                "saved; copy it, reload the page and add it again."
            )
            % {"part": item.get_key_display()}
        )
    wanted = {
        "text": text.strip(),
        "replaces_draft": item.replaces_draft if replaces_draft is None else replaces_draft,
        "accepted_draft": item.accepted_draft if accepted_draft is None else accepted_draft,
    }
    changes = {
        f"{name} {key}": [str(getattr(item, name)), str(value)]
        for name, value in wanted.items()
        if getattr(item, name) != value
    }
    if not changes:
        return item
    for name, value in wanted.items():
        setattr(item, name, value)
    item.lock_version += 1
    item.updated_by = by
    item._history_user = by
    item.save()
    audit.record(by, TEXTS_SAVED, programme, changes, programme_id=programme.pk)
    return item


@transaction.atomic
def tables_publish(*, programme: Programme, by, round_: Round | None = None) -> TablePublication:
    """Publish the national tables (all but the allocation, which has its own publication) as
    open data: a frozen copy that stays as it is until the office publishes again."""
    if not is_programme_office(by):
        raise Refused(_("Only the programme office publishes open data."))
    previous = open_data.latest_publication(programme)
    with translation.override(settings.LANGUAGE_CODE):
        tables = [
            open_data.frozen(table_for(programme, code, round_))
            for code in table_codes(programme)
            if code != "allocation"
        ]
    publication = TablePublication.objects.create(
        programme=programme, published_by=by, round=round_, tables=tables
    )
    audit.record(
        by,
        "programme.tables_publish",
        programme,
        {
            "published tables": [
                ", ".join(t["code"] for t in previous.tables) if previous else "",
                ", ".join(t["code"] for t in tables),
            ]
        },
        note=f"round {round_.code}" if round_ else "",
        programme_id=programme.pk,
    )
    return publication


@transaction.atomic
def narrative_picks_save(*, programme: Programme, answer_ids: set[int], allowed: set[int], by):
    """The answers the office picks for the theme chapters, out of `allowed` (the answers
    the report can print); the rest of the programme's picks are dropped."""
    if not is_programme_office(by):
        raise Refused(_("Only the programme office writes the texts of the report."))
    unknown = answer_ids - allowed
    if unknown:
        raise Refused(
            _("These answers cannot be picked for the report: %(ids)s")
            % {"ids": ", ".join(str(i) for i in sorted(unknown))}
        )
    current = set(
        NarrativePick.objects.filter(programme=programme).values_list("answer_id", flat=True)
    )
    if current == answer_ids:
        return
    for pick in NarrativePick.objects.filter(programme=programme).exclude(answer_id__in=answer_ids):
        pick._history_user = by
        pick.delete()
    for answer_id in sorted(answer_ids - current):
        pick = NarrativePick(programme=programme, answer_id=answer_id, picked_by=by)
        pick._history_user = by
        pick.save()
    audit.record(
        by,
        PICKS_SAVED,
        programme,
        {
            "picked answers": [
                ", ".join(map(str, sorted(current))),
                ", ".join(map(str, sorted(answer_ids))),
            ]
        },
        programme_id=programme.pk,
    )
