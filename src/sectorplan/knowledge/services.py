"""Every write of the knowledge exchange: one service per user action, each in one
transaction with its audit record. Texts that the search reads are indexed by
`knowledge.index` (the saves below mark them stale)."""

from datetime import timedelta

import rules
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.accounts.rules import is_programme_office
from sectorplan.accounts.selectors import acts_in, emails_of
from sectorplan.core.errors import Refused
from sectorplan.knowledge import index
from sectorplan.knowledge.constants import EDITABLE_STATES, Audience, PracticeState
from sectorplan.knowledge.models import (
    Instrument,
    InstrumentUse,
    Meeting,
    MeetingDocument,
    MeetingRegistration,
    Practice,
    PracticeDocument,
    PracticeQuestion,
)
from sectorplan.knowledge.selectors import WRITERS
from sectorplan.programmes.models import Programme, Region
from sectorplan.workflow import Step, effect, guard, lock, register, transition
from sectorplan.workflow.engine import Kind

PRACTICE_FIELDS = [
    "title",
    "theme",
    "summary",
    "target_group",
    "results",
    "people_reached",
    "cost",
    "watch_out",
    "contact_name",
    "contact_email",
    "instruments",
]
INSTRUMENT_FIELDS = ["name", "slug", "category", "description", "aliases", "links"]
MEETING_FIELDS = ["title", "starts_at", "place", "theme", "description", "practices", "instruments"]
#: Questions one person may send to practices' contacts in a day (the form is no mailer).
QUESTIONS_PER_DAY = 5


def _assign(obj, fields: dict, allowed: list[str]) -> dict:
    """Set the plain fields on `obj`; the many-to-many ones are returned to set after saving."""
    many = {}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        if obj._meta.get_field(name).many_to_many:
            many[name] = value
        else:
            setattr(obj, name, value)
    return many


def _save(obj, by, many: dict) -> None:
    obj._history_user = by
    obj.save()
    for name, value in many.items():
        getattr(obj, name).set(value)


# --- Practices --------------------------------------------------------------------------


@transaction.atomic
def practice_create(*, programme: Programme, region: Region | None, by, **fields) -> Practice:
    """A new draft, by a region's contact or central municipality for their region, or by the
    office for no region."""
    if region is None and not is_programme_office(by):
        raise Refused(_("Choose the region this practice is about."))
    if region is not None and not acts_in(by, WRITERS, region.pk):
        raise Refused(_("You can only write practices for your own region."))
    practice = Practice(programme=programme, region=region, created_by=by)
    many = _assign(practice, fields, PRACTICE_FIELDS)
    _save(practice, by, many)
    audit.record(by, "practice.create", practice, audit.changed({}, _values(practice)))
    return practice


@transaction.atomic
def practice_update(*, practice: Practice, by, lock_version: int, **fields) -> Practice:
    practice = lock(practice, lock_version)
    if not rules.has_perm("knowledge.edit_practice", by, practice):
        raise Refused(_("Only the region that wrote this practice can change it."))
    if practice.state not in EDITABLE_STATES:
        raise Refused(
            _("The practice cannot be changed while it is '%(state)s'.")
            % {"state": practice.get_state_display()}
        )
    before = _values(practice)
    many = _assign(practice, fields, PRACTICE_FIELDS)
    practice.lock_version += 1
    _save(practice, by, many)
    audit.record(by, "practice.update", practice, audit.changed(before, _values(practice)))
    return practice


def _values(practice: Practice) -> dict[str, str]:
    return audit.values(practice, [*PRACTICE_FIELDS, "state", "audience"])


def practice_missing(practice: Practice) -> list[str]:
    """What a practice needs before it can be reviewed and shared."""
    missing = []
    if not practice.results.strip():
        missing.append(_("Describe the results."))
    if not practice.contact_email:
        missing.append(_("Give the contact's e-mail address, so others can ask questions."))
    return missing


def practice_transition(
    *,
    practice: Practice,
    action: str,
    by,
    lock_version: int | None = None,
    note: str = "",
    audience: str = "",
) -> Practice:
    """Take a step of the programme's practice workflow on the engine."""
    payload = {"note": note.strip(), "audience": audience}
    return transition(practice, action, by, payload, lock_version=lock_version)


@guard("practice", "complete")
def _complete(practice: Practice, by, payload) -> list[str]:
    return practice_missing(practice)


@guard("practice", "note")
def _has_note(practice: Practice, by, payload) -> list[str]:
    return [] if payload.get("note") else [_("Say why, so the region knows what to do.")]


@guard("practice", "audience")
def _has_audience(practice: Practice, by, payload) -> list[str]:
    if payload.get("audience") in Audience.values:
        return []
    return [_("Choose who may read the practice.")]


@guard("practice", "written_by_office")
def _written_by_office(practice: Practice, by, payload) -> list[str]:
    """A practice of no region: the office wrote it and publishes it without review."""
    if practice.region_id is None:
        return []
    return [_("A region's practice is published after it has been submitted.")]


@effect("practice", "publish")
def _publish(practice: Practice, by, payload) -> None:
    practice.audience = payload["audience"]
    practice.published_at = timezone.now()


@effect("practice", "review_note")
def _review_note(practice: Practice, by, payload) -> None:
    practice.review_note = payload["note"]


def _prepare(practice: Practice, by, step: Step, payload: dict) -> None:
    payload["before"] = _values(practice)


def _changes(practice: Practice, payload: dict) -> dict[str, list[str]]:
    changes = audit.changed(payload["before"], _values(practice))
    changes.pop("state", None)  # the engine records the state
    return changes


def _practice_notify(practice: Practice) -> None:
    """The office hears of a submission, the region of what the office did."""
    if practice.state == PracticeState.SUBMITTED:
        flow = practice.programme.workflow("practice")
        recipients = emails_of(flow.roles_of("publish"), None)
    elif practice.region_id is not None:
        recipients = emails_of(WRITERS, practice.region_id)
    else:
        return
    if not recipients:
        return
    url = _absolute(reverse("practice-detail", args=[practice.programme.slug, practice.pk]))
    EmailMessage(
        subject=_("Good practice '%(title)s': %(state)s")
        % {"title": practice.title, "state": practice.get_state_display()},
        body=_("The good practice '%(title)s' is now '%(state)s':\n%(url)s")
        % {"title": practice.title, "state": practice.get_state_display(), "url": url},
        to=recipients,
    ).send()


def _absolute(path: str) -> str:
    return settings.SECTORPLAN_BASE_URL.rstrip("/") + path


@transaction.atomic
def practice_document_add(
    *, practice: Practice, by, upload, name: str, content_type: str
) -> PracticeDocument:
    """Add a checked document (plans.forms.checked_document) to a practice being written."""
    if not rules.has_perm("knowledge.edit_practice", by, practice):
        raise Refused(_("Only the region that wrote this practice can change it."))
    if practice.state not in EDITABLE_STATES:
        raise Refused(
            _("The practice cannot be changed while it is '%(state)s'.")
            % {"state": practice.get_state_display()}
        )
    document = PracticeDocument(
        practice=practice, name=name, content_type=content_type, size=upload.size, uploaded_by=by
    )
    document.file.save(name, upload, save=False)
    document.save()
    audit.record(
        by, "practice.document_add", practice, {"document": ["", f"{name} ({upload.size} bytes)"]}
    )
    return document


@transaction.atomic
def practice_ask(*, practice: Practice, by, text: str) -> PracticeQuestion:
    """Send a question to the practice's contact by e-mail; the contact's address stays
    hidden from the asker, who gets the answer by e-mail (reply-to)."""
    text = text.strip()
    if not text:
        raise Refused(_("Type your question."))
    if practice.state != PracticeState.PUBLISHED or not practice.contact_email:
        raise Refused(_("This practice has no contact to ask."))
    if not by.email:
        raise Refused(_("Your account has no e-mail address, so the answer could not reach you."))
    since = timezone.now() - timedelta(days=1)
    if PracticeQuestion.objects.filter(by=by, at__gte=since).count() >= QUESTIONS_PER_DAY:
        raise Refused(
            _("You have sent %(n)d questions in the last day; try again tomorrow.")
            % {"n": QUESTIONS_PER_DAY}
        )
    question = PracticeQuestion.objects.create(practice=practice, by=by, text=text)
    audit.record(by, "practice.ask", practice, note=text[:500])
    asker = by.get_full_name() or by.username
    url = _absolute(reverse("practice-detail", args=[practice.programme.slug, practice.pk]))
    message = EmailMessage(
        subject=_("Question about '%(title)s'") % {"title": practice.title},
        body=_(
            "%(asker)s asks a question about your good practice '%(title)s' (%(url)s):\n\n"
            "%(text)s\n\nReply to this e-mail to answer %(asker)s directly."
        )
        % {"asker": asker, "title": practice.title, "url": url, "text": text},
        to=[practice.contact_email],
        reply_to=[by.email],
    )
    transaction.on_commit(message.send)
    return question


# --- Instruments ------------------------------------------------------------------------


def _require_office(by) -> None:
    if not is_programme_office(by):
        raise Refused(_("Only the programme office keeps the catalogue."))


@transaction.atomic
def instrument_create(*, by, **fields) -> Instrument:
    _require_office(by)
    instrument = Instrument()
    _assign(instrument, fields, INSTRUMENT_FIELDS)
    _save(instrument, by, {})
    index.instrument_mentions_update(instrument)
    audit.record(
        by, "instrument.create", instrument, audit.changed({}, _instrument_values(instrument))
    )
    return instrument


@transaction.atomic
def instrument_update(*, instrument: Instrument, by, lock_version: int, **fields) -> Instrument:
    _require_office(by)
    instrument = lock(instrument, lock_version)
    before = _instrument_values(instrument)
    terms = instrument.terms
    _assign(instrument, fields, INSTRUMENT_FIELDS)
    instrument.lock_version += 1
    _save(instrument, by, {})
    if instrument.terms != terms:
        index.instrument_mentions_update(instrument)
    audit.record(
        by, "instrument.update", instrument, audit.changed(before, _instrument_values(instrument))
    )
    return instrument


def _instrument_values(instrument: Instrument) -> dict[str, str]:
    return audit.values(instrument, INSTRUMENT_FIELDS)


@transaction.atomic
def instrument_use_set(
    *,
    instrument: Instrument,
    programme: Programme,
    region: Region,
    uses: bool | None,
    by,
    note: str = "",
) -> None:
    """The office records that a region uses the instrument (True), does not use it although
    a text names it (False), or takes its word back (None: the texts decide again)."""
    _require_office(by)
    current = InstrumentUse.objects.filter(
        instrument=instrument, programme=programme, region=region
    ).first()
    before = {"uses": "" if current is None else audit.text(current.uses)}
    if uses is None:
        if current is not None:
            current.delete()
    else:
        InstrumentUse.objects.update_or_create(
            instrument=instrument,
            programme=programme,
            region=region,
            defaults={"uses": uses, "note": note, "by": by},
        )
    audit.record(
        by,
        "instrument.use",
        instrument,
        audit.changed(before, {"uses": "" if uses is None else audit.text(uses)}),
        note=f"{region.code} {note}".strip(),
        programme_id=programme.pk,
        region_id=region.pk,
    )


# --- Meetings ---------------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, programme: Programme, by, **fields) -> Meeting:
    _require_meetings(by)
    meeting = Meeting(programme=programme)
    many = _assign(meeting, fields, MEETING_FIELDS)
    _save(meeting, by, many)
    audit.record(by, "meeting.create", meeting, audit.changed({}, _meeting_values(meeting)))
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, lock_version: int, **fields) -> Meeting:
    _require_meetings(by)
    meeting = lock(meeting, lock_version)
    before = _meeting_values(meeting)
    many = _assign(meeting, fields, MEETING_FIELDS)
    meeting.lock_version += 1
    _save(meeting, by, many)
    audit.record(by, "meeting.update", meeting, audit.changed(before, _meeting_values(meeting)))
    return meeting


def _require_meetings(by) -> None:
    if not is_programme_office(by):
        raise Refused(_("Only the programme office plans knowledge meetings."))


def _meeting_values(meeting: Meeting) -> dict[str, str]:
    return audit.values(meeting, MEETING_FIELDS)


@transaction.atomic
def meeting_register(
    *, meeting: Meeting, region: Region, by, people: int, names: str = ""
) -> MeetingRegistration:
    """A region's registration (or a change to it) for a meeting that has not begun."""
    if not acts_in(by, WRITERS, region.pk):
        raise Refused(_("You can only register your own region."))
    if meeting.starts_at <= timezone.now():
        raise Refused(_("This meeting has already taken place."))
    if people < 1:
        raise Refused(_("Register at least one person."))
    registration, created = MeetingRegistration.objects.update_or_create(
        meeting=meeting, region=region, defaults={"people": people, "names": names, "by": by}
    )
    audit.record(
        by,
        "meeting.register",
        meeting,
        {"registration": ["" if created else "…", f"{region.code}: {people} {names}".strip()]},
        programme_id=meeting.programme_id,
        region_id=region.pk,
    )
    return registration


@transaction.atomic
def meeting_unregister(*, meeting: Meeting, region: Region, by) -> None:
    if not acts_in(by, WRITERS, region.pk):
        raise Refused(_("You can only register your own region."))
    deleted, _rows = MeetingRegistration.objects.filter(meeting=meeting, region=region).delete()
    if deleted:
        audit.record(
            by,
            "meeting.unregister",
            meeting,
            {"registration": [region.code, ""]},
            programme_id=meeting.programme_id,
            region_id=region.pk,
        )


@transaction.atomic
def meeting_document_add(
    *, meeting: Meeting, by, upload, name: str, content_type: str
) -> MeetingDocument:
    _require_meetings(by)
    document = MeetingDocument(
        meeting=meeting, name=name, content_type=content_type, size=upload.size, uploaded_by=by
    )
    document.file.save(name, upload, save=False)
    document.save()
    audit.record(
        by, "meeting.document_add", meeting, {"document": ["", f"{name} ({upload.size} bytes)"]}
    )
    return document


register(
    Kind(
        name="practice",
        model=Practice,
        states=frozenset(PracticeState.values),
        initial=PracticeState.DRAFT,
        workflow_of=lambda practice: practice.programme.workflow("practice"),
        region_of=lambda practice: practice.region_id,
        programme_of=lambda practice: practice.programme_id,
        conflict=lambda: _(
            "Someone else saved this while you were editing. Your changes have not been "
            "saved; reload the page to see the latest version."
        ),
        impossible=lambda action, practice: (
            _("'%(action)s' is not possible while the practice is '%(state)s'.")
            % {"action": action, "state": practice.get_state_display()}
        ),
        prepare=_prepare,
        changes=_changes,
        note=lambda payload: payload["note"],
        after=lambda practice, step, source: _practice_notify(practice),
        related=("programme",),
    )
)
