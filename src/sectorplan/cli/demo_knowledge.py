"""The demo's knowledge exchange, written through the knowledge services.

The office (`bureau`) fills the instrument catalogue and plans the knowledge meetings; the
contact of a region writes its good practice and submits it; the office publishes it, to the
programme or to everyone. What the catalogue, the practices and the meetings contain is data:
`demo_data/knowledge.toml`. The practices are demo content derived from the final report of
2017 and say so in their summaries.

Idempotent: instruments are looked up by slug, practices and meetings by title, and only
what is missing is added.
"""

import tomllib
from datetime import date, datetime, time
from pathlib import Path

from django.utils import timezone

from sectorplan.accounts.models import User
from sectorplan.knowledge import services
from sectorplan.knowledge.constants import PracticeState
from sectorplan.knowledge.models import (
    Instrument,
    InstrumentCategory,
    Meeting,
    MeetingRegistration,
    Practice,
)
from sectorplan.programmes.models import Programme

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "knowledge.toml"
#: The hour a backdated practice was published on its day.
PUBLISHED_AT = time(10, 0)


def demo_knowledge_load(programme: Programme) -> None:
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    _KnowledgeLoader(programme).load(data)


class _KnowledgeLoader:
    def __init__(self, programme: Programme):
        self.programme = programme
        self.office = User.objects.get(username="bureau")
        self.regions = {r.code: r for r in programme.region_set.regions.all()}
        self.themes = {t.code: t for t in programme.themes.all()}
        self.users: dict[str, User] = {}

    def load(self, data: dict) -> None:
        categories = self.categories(data.get("categories", []))
        instruments = self.instruments(data.get("instruments", []), categories)
        practices = {
            spec["key"]: self.practice(spec, instruments) for spec in data.get("practices", [])
        }
        for spec in data.get("meetings", []):
            self.meeting(spec, practices, instruments)

    def contact(self, region_code: str) -> User:
        username = f"regio-{region_code.lower()}"
        if username not in self.users:
            self.users[username] = User.objects.get(username=username)
        return self.users[username]

    def theme(self, spec: dict):
        return self.themes[spec["theme"]] if spec.get("theme") else None

    # --- the catalogue ----------------------------------------------------------------------

    @staticmethod
    def categories(specs: list[dict]) -> dict[str, InstrumentCategory]:
        # No service: the office keeps the categories in the admin.
        categories = {}
        for position, spec in enumerate(specs, 1):
            category, _created = InstrumentCategory.objects.get_or_create(
                code=spec["code"],
                defaults={
                    "label_nl": spec["label_nl"],
                    "label_en": spec.get("label_en", ""),
                    "position": position * 10,
                },
            )
            categories[category.code] = category
        return categories

    def instruments(self, specs: list[dict], categories: dict) -> dict[str, Instrument]:
        existing = {
            i.slug: i for i in Instrument.objects.filter(slug__in=[s["slug"] for s in specs])
        }
        instruments = {}
        for spec in specs:
            instrument = existing.get(spec["slug"])
            if instrument is None:
                instrument = services.instrument_create(
                    by=self.office,
                    slug=spec["slug"],
                    name=spec["name"],
                    category=categories[spec["category"]] if spec.get("category") else None,
                    description=spec.get("description", ""),
                    aliases="\n".join(spec.get("aliases", [])),
                    links="\n".join(spec.get("links", [])),
                )
            instruments[instrument.slug] = instrument
        return instruments

    # --- good practices ---------------------------------------------------------------------

    def practice(self, spec: dict, instruments: dict) -> Practice:
        existing = Practice.objects.filter(programme=self.programme, title=spec["title"]).first()
        if existing is not None:
            return existing
        contact = self.contact(spec["region"])
        optional = {
            name: spec[name]
            for name in ("target_group", "results", "people_reached", "watch_out")
            if name in spec
        }
        practice = services.practice_create(
            programme=self.programme,
            region=self.regions[spec["region"]],
            by=contact,
            title=spec["title"],
            theme=self.theme(spec),
            summary=spec["summary"],
            contact_name=spec.get("contact_name", ""),
            contact_email=spec.get("contact_email", ""),
            instruments=[instruments[slug] for slug in spec.get("instruments", [])],
            **optional,
        )
        state = spec.get("state", PracticeState.DRAFT)
        if state == PracticeState.DRAFT:
            return practice
        practice = services.practice_transition(
            practice=practice, action="submit", by=contact, lock_version=practice.lock_version
        )
        if state == PracticeState.SUBMITTED:
            return practice
        practice = services.practice_transition(
            practice=practice,
            action="publish",
            by=self.office,
            lock_version=practice.lock_version,
            audience=spec["audience"],
        )
        if published_on := spec.get("published_on"):
            # Back to the programme's calendar, as demo_reports does with its reports: the
            # practice was published in 2016–2017, not on the day the demo was loaded.
            published_at = _aware(published_on)
            Practice.objects.filter(pk=practice.pk).update(published_at=published_at)
            practice.published_at = published_at
        return practice

    # --- knowledge meetings -----------------------------------------------------------------

    def meeting(self, spec: dict, practices: dict, instruments: dict) -> Meeting:
        meeting = Meeting.objects.filter(programme=self.programme, title=spec["title"]).first()
        if meeting is None:
            meeting = services.meeting_create(
                programme=self.programme,
                by=self.office,
                title=spec["title"],
                starts_at=_aware(spec["starts_at"]),
                place=spec["place"],
                theme=self.theme(spec),
                description=spec.get("description", ""),
                practices=[practices[key] for key in spec.get("practices", [])],
                instruments=[instruments[slug] for slug in spec.get("instruments", [])],
            )
        registered = set(meeting.registrations.values_list("region__code", flat=True))
        for registration in spec.get("registrations", []):
            code = registration["region"]
            if code in registered:
                continue
            region, contact = self.regions[code], self.contact(code)
            people, names = registration["people"], registration.get("names", "")
            if meeting.starts_at > timezone.now():
                services.meeting_register(
                    meeting=meeting, region=region, by=contact, people=people, names=names
                )
            else:
                # The demo back-fills history: the regions registered for this meeting before
                # it took place, but the service (rightly) refuses a meeting in the past.
                MeetingRegistration.objects.create(
                    meeting=meeting, region=region, by=contact, people=people, names=names
                )
        return meeting


def _aware(value: date | datetime | str) -> datetime:
    """A TOML date or (offset) date-time, or an ISO string, as an aware date-time."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, PUBLISHED_AT)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
