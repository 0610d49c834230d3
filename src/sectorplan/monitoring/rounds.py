"""The office's steps on a round: opening and closing it, and publishing a new version of
its questionnaire (from a file or the designer's draft)."""

from django.db import transaction
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.core.errors import Refused
from sectorplan.monitoring.models import (
    Report,
)
from sectorplan.programmes import questionnaires
from sectorplan.programmes.constants import RoundState
from sectorplan.programmes.models import Questionnaire, QuestionnaireDraft, Round
from sectorplan.programmes.services import questionnaire_add

ROUND_STEPS = {
    RoundState.OPEN: {RoundState.PLANNED, RoundState.CLOSED},
    RoundState.CLOSED: {RoundState.OPEN},
}


def round_states_next(round_: Round) -> list[str]:
    """The states the office can put this round in now (none once the programme ended)."""
    if round_.programme.is_closed:
        return []
    return [state for state, sources in ROUND_STEPS.items() if round_.state in sources]


@transaction.atomic
def round_set_state(*, round_: Round, state: str, by) -> Round:
    """Open a round (also again after closing it) or close it."""
    round_.programme.refuse_if_closed()
    if round_.state not in ROUND_STEPS.get(state, set()):
        raise Refused(
            _("The round '%(round)s' is %(state)s; that step is not possible.")
            % {"round": round_.label, "state": round_.get_state_display().lower()}
        )
    before = round_.state
    round_.state = state
    round_._history_user = by
    round_.save()
    audit.record(by, "round.state", round_, {"state": [before, state]})
    return round_


@transaction.atomic
def questionnaire_replace(*, round_: Round, content: bytes, by) -> Questionnaire:
    """A new version of the round's questionnaire from an uploaded file."""
    try:
        definition = questionnaires.parse_file(content)
    except questionnaires.DefinitionError as exc:
        raise Refused(exc.errors) from exc
    return questionnaire_publish(round_=round_, definition=definition, by=by)


@transaction.atomic
def draft_publish(*, round_: Round, lock_version: int | str | None, by) -> Questionnaire:
    """Publish the designer's draft as the round's new version and remove the draft.
    Refused (listing every problem) when the draft is not valid or the page was stale."""
    draft = QuestionnaireDraft.objects.select_for_update().filter(round=round_).first()
    if draft is None or str(draft.lock_version) != str(lock_version):
        raise Refused(
            _(
                "The draft changed since this page was opened; nothing was published. Look at "
                "it again and publish it then."
            )
        )
    questionnaire = questionnaire_publish(round_=round_, definition=draft.definition, by=by)
    draft.delete()
    return questionnaire


@transaction.atomic
def questionnaire_publish(*, round_: Round, definition: dict, by) -> Questionnaire:
    """A new version of the round's questionnaire. Reports already answered keep their
    version; reports without answers move to the new one. None once the programme ended."""
    round_.programme.refuse_if_closed()
    questionnaire = questionnaire_add(round_=round_, definition=definition, by=by)
    moved = Report.objects.filter(round=round_, answers__isnull=True).update(
        questionnaire=questionnaire
    )
    audit.record(
        by,
        "round.questionnaire",
        round_,
        {
            "questionnaire version": [
                audit.text(questionnaire.version - 1),
                audit.text(questionnaire.version),
            ]
        },
        note=f"{moved} reports moved to the new version",
    )
    return questionnaire
