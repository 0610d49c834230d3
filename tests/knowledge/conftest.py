"""Practices, an instrument and a meeting of the demo programme, written through the
services as the pages write them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sectorplan.knowledge import services
from sectorplan.knowledge.models import InstrumentCategory
from tests.plans.conftest import user


def practice_of(
    programme, code: str, *, title: str, summary: str, publish: str | None = None, **fields
):
    """A practice of region `code` by its contact; submitted and published for `publish`
    (an audience) when given."""
    region = programme.region_set.regions.get(code=code)
    contact = user(f"regio-{code.lower()}")
    practice = services.practice_create(
        programme=programme,
        region=region,
        by=contact,
        title=title,
        summary=summary,
        results=fields.pop("results", "40 mensen aan het werk."),
        contact_name="Contactpersoon",
        contact_email=fields.pop("contact_email", f"praktijk-{code.lower()}@example.org"),
        **fields,
    )
    if publish:
        practice = services.practice_transition(practice=practice, action="submit", by=contact)
        practice = services.practice_transition(
            practice=practice, action="publish", by=user("bureau"), audience=publish
        )
    return practice


@pytest.fixture
def category(demo):
    return InstrumentCategory.objects.create(
        code="diagnose", label_nl="Diagnose", label_en="Diagnosis"
    )


@pytest.fixture
def instrument(category):
    return services.instrument_create(
        by=user("bureau"),
        name="Dariuz",
        slug="dariuz",
        category=category,
        description="Screening en diagnose.",
        aliases="Dariuz wegwijzer",
        links="https://example.org/dariuz",
    )


@pytest.fixture
def meeting(demo):
    return services.meeting_create(
        programme=demo,
        by=user("bureau"),
        title="Kennisbijeenkomst detachering",
        starts_at=timezone.now() + timedelta(days=30),
        place="Utrecht",
        description="Ervaringen met detacheringsfaciliteiten.",
    )
