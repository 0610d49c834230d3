"""The demo programme: the SW-sectorplannen 2015–2017 with illustrative figures, shown as
finished history (its rounds closed, its dates those of 2015–2017, no lateness counted to
today), and next to it a live programme with today's dates (cli/demo_live.py).

Idempotent: running it again keeps what is there and adds only what is missing.
The allocation basis is invented (the real 2015 SE figures are not public) and marked
illustrative wherever it is shown.
"""

import csv
import functools
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from sectorplan.accounts.constants import Role
from sectorplan.accounts.models import Membership, User
from sectorplan.cli.demo_calendar import allocation_publish_at_start, moment
from sectorplan.cli.demo_knowledge import demo_knowledge_load
from sectorplan.cli.demo_live import demo_live_load
from sectorplan.cli.demo_plans import demo_plans_load
from sectorplan.cli.demo_reports import demo_report_texts_load, demo_reports_load
from sectorplan.core import clock
from sectorplan.programmes.constants import OrganisationKind, ProgrammeStatus
from sectorplan.programmes.models import (
    Organisation,
    Programme,
    Region,
)
from sectorplan.programmes.selectors import allocation_latest_publication
from sectorplan.programmes.services import (
    basis_import_file,
    programme_create,
)

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
SLUG = "sw-2015"
PASSWORD = "sectorplan-demo"
OFFICE_GROUP = "Programmabureau"
#: The model programme's start (its template's `starts_on`): when the demo sets it up.
STARTED_ON = date(2015, 4, 1)

NATIONAL_PARTIES = [
    # username, organisation, kind, role
    ("bureau", "Cedris", OrganisationKind.PROGRAMME_OFFICE, Role.PROGRAMME_OFFICE),
    ("szw", "Ministerie van SZW", OrganisationKind.MINISTRY, Role.MINISTRY),
    ("vng", "VNG", OrganisationKind.MUNICIPALITIES_ASSOCIATION, Role.ASSESSOR),
    ("sociale-partners", "Sociale partners", OrganisationKind.SOCIAL_PARTNER, Role.ASSESSOR),
]


@transaction.atomic
def demo_load(*, plans: bool = True) -> Programme:
    """Load the demo; `plans=False` stops before the 35 plans and their reports (tests build
    their own)."""
    programme = Programme.objects.filter(slug=SLUG).first()
    created = programme is None
    # The model programme's history is written on its own calendar (cli/demo_calendar.py).
    with clock.at(moment(STARTED_ON)):
        if created:
            programme = programme_create(
                slug=SLUG, name="SW-sectorplannen 2015–2017", budget=Decimal("30000000")
            )
            # The programme runs while the demo writes its plans and reports; its basis is
            # invented and must be shown as such.
            programme.basis_is_illustrative = True
            programme.status = ProgrammeStatus.RUNNING
            programme.save(update_fields=["basis_is_illustrative", "status"])
        regions = {region.code: region for region in programme.region_set.regions.all()}
        _load_companies(regions)
        if programme.participations.filter(basis__isnull=True).exists():
            basis_import_file(programme=programme, source=DATA_DIR / "basis-illustratief.csv")
        _load_users(regions)
    if allocation_latest_publication(programme) is None:
        allocation_publish_at_start(programme)
    if plans:
        demo_plans_load(programme)
        demo_reports_load(programme)
        with clock.at(moment(programme.execution_ends_on or programme.ends_on)):
            demo_knowledge_load(programme)
        demo_report_texts_load(programme)
        if created:
            # The model programme ended in 2017: once its history is written, it is closed.
            with clock.at(moment(programme.ends_on)):
                programme.status = ProgrammeStatus.CLOSED
                programme.save(update_fields=["status"])
        demo_live_load(programme, DATA_DIR / "basis-illustratief.csv")
    return programme


def _load_companies(regions: dict[str, Region]) -> None:
    with (DATA_DIR / "sw-bedrijven.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            organisation, _created = Organisation.objects.get_or_create(
                name=row["name"], defaults={"kind": OrganisationKind.SW_COMPANY}
            )
            _link(organisation, [regions[code] for code in row["regions"].split()])


def _link(organisation: Organisation, regions: list[Region]) -> None:
    # Only what is missing: every add() writes an audit record, even of a link that exists.
    linked = set(organisation.regions.values_list("pk", flat=True))
    missing = [region for region in regions if region.pk not in linked]
    if missing:
        organisation.regions.add(*missing)


@functools.cache
def _password_hash() -> str:
    # Hashing is slow on purpose; the 74 demo users share one password, so hash it once.
    return make_password(PASSWORD)


def _user(username: str, **fields) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={**fields, "password": _password_hash()}
    )
    return user


def _member(user: User, role: Role, organisation: Organisation, region: Region | None = None):
    Membership.objects.get_or_create(user=user, role=role, organisation=organisation, region=region)


def _load_users(regions: dict[str, Region]) -> None:
    office_group, _created = Group.objects.get_or_create(name=OFFICE_GROUP)
    office_group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["programmes", "accounts"])
        | Permission.objects.filter(
            content_type__app_label__in=["plans", "monitoring", "knowledge"],
            codename__startswith="view_",
        )
        | Permission.objects.filter(content_type__model="instrumentcategory")
    )
    for username, name, kind, role in NATIONAL_PARTIES:
        organisation, _created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind}
        )
        is_office = role == Role.PROGRAMME_OFFICE
        user = _user(username, first_name=name, is_staff=is_office, email=f"{username}@example.org")
        if is_office:
            user.groups.add(office_group)
        _member(user, role, organisation)
    for code, region in regions.items():
        municipality, _created = Organisation.objects.get_or_create(
            name=f"Gemeente {region.centrumgemeente}",
            defaults={"kind": OrganisationKind.MUNICIPALITY},
        )
        _link(municipality, [region])
        suffix = code.lower()
        _member(
            _user(
                f"gemeente-{suffix}",
                first_name=f"Gemeente {region.centrumgemeente}",
                email=f"gemeente-{suffix}@example.org",
            ),
            Role.CENTRAL_MUNICIPALITY,
            municipality,
            region,
        )
        company = (
            region.organisations.filter(kind=OrganisationKind.SW_COMPANY).order_by("name").first()
            or municipality
        )
        _member(
            _user(
                f"regio-{suffix}",
                first_name=f"Contactpersoon {region.name}",
                email=f"regio-{suffix}@example.org",
            ),
            Role.REGION_CONTACT,
            company,
            region,
        )


def demo_users() -> list[tuple[str, str]]:
    """(username, description) of the demo users, for printing at start."""
    users = [(username, str(role.label)) for username, _n, _k, role in NATIONAL_PARTIES]
    users.append(("gemeente-am01 … gemeente-am35", str(Role.CENTRAL_MUNICIPALITY.label)))
    users.append(("regio-am01 … regio-am35", str(Role.REGION_CONTACT.label)))
    return users
