"""Every write to a questionnaire draft (the designer's work before publishing).

A draft starts as a copy of the round's newest version (or empty). Each change is one
function of `programmes.designer` applied to it in one transaction; a change made on a page
that showed an older draft is refused, so two people never overwrite each other.
Publishing is `monitoring.rounds.draft_publish` (it moves reports to the new version).
"""

import copy
from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from sectorplan.core.errors import Refused
from sectorplan.programmes.models import QuestionnaireDraft, Round

T = TypeVar("T")


def draft_definition(round_: Round) -> tuple[dict, int, QuestionnaireDraft | None]:
    """(definition, lock_version, draft) the designer shows: the draft, or else what a new
    draft would start from."""
    draft = QuestionnaireDraft.objects.filter(round=round_).first()
    if draft is not None:
        return draft.definition, draft.lock_version, draft
    latest = round_.questionnaires.order_by("-version").first()
    return (copy.deepcopy(latest.definition) if latest else {"sections": []}), 0, None


def codes_used_before(round_: Round) -> set[str]:
    """Every question and section code of the round's published versions."""
    codes: set[str] = set()
    for definition in round_.questionnaires.values_list("definition", flat=True):
        for section in definition.get("sections", []):
            codes.add(section.get("code"))
            codes.update(q.get("code") for q in section.get("questions", []))
    return codes


@transaction.atomic
def draft_change(
    *, round_: Round, lock_version: int | str | None, change: Callable[[dict], T], by
) -> tuple[T, QuestionnaireDraft]:
    """Apply `change` to the round's draft (made from the newest version when there is none).
    Refused when the page showed an older draft, or when `change` refuses."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    draft = QuestionnaireDraft.objects.filter(round=round_).first()
    if draft is None:
        latest = round_.questionnaires.order_by("-version").first()
        draft = QuestionnaireDraft(
            round=round_,
            definition=copy.deepcopy(latest.definition) if latest else {"sections": []},
            based_on=latest.version if latest else None,
        )
    if str(lock_version) != str(draft.lock_version):
        raise Refused(
            _(
                "Someone changed the questionnaire since this page was opened; nothing was "
                "changed. Look at the questionnaire as it is now and make your change again."
            )
        )
    definition = copy.deepcopy(draft.definition)
    result = change(definition)
    draft.definition = definition
    draft.lock_version += 1
    draft.updated_by = by
    draft.save()
    return result, draft


@transaction.atomic
def draft_discard(*, round_: Round, by=None) -> bool:
    """Throw the draft away; the designer starts again from the newest version."""
    deleted, _rows = QuestionnaireDraft.objects.filter(round=round_).delete()
    return bool(deleted)
