"""Writes in national reporting: the office's own texts of the report."""

from django.db import transaction
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.accounts.rules import is_programme_office
from sectorplan.core.errors import Refused
from sectorplan.programmes.models import Programme
from sectorplan.reporting.models import ReportText, TextKey


def report_texts(programme: Programme) -> dict[str, ReportText]:
    """Every text of the report, made (empty) when missing, by key."""
    existing = {t.key: t for t in programme.report_texts.all()}
    return {
        key: existing.get(key) or ReportText(programme=programme, key=key) for key in TextKey.values
    }


@transaction.atomic
def report_text_save(*, programme: Programme, key: str, text: str, lock_version: int, by):
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
    if item.text == text.strip():
        return item
    before = item.text
    item.text = text.strip()
    item.lock_version += 1
    item.updated_by = by
    item._history_user = by
    item.save()
    audit.record(
        by,
        "programme.report_text",
        programme,
        {f"text {key}": [before, item.text]},
        programme_id=programme.pk,
    )
    return item
