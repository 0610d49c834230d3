"""Examples for the OpenAPI schema: one per operation, from the demo programme."""

from drf_spectacular.utils import OpenApiExample


def _example(name: str, value, **kwargs) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, **kwargs)


ROOT = _example(
    "The resources",
    {
        "programmes": "https://sectorplan.example.org/api/v1/programmes/",
        "organisations": "https://sectorplan.example.org/api/v1/organisations/",
        "instruments": "https://sectorplan.example.org/api/v1/instruments/",
        "schema": "https://sectorplan.example.org/api/v1/schema/",
        "docs": "https://sectorplan.example.org/api/v1/docs/",
    },
)
PROGRAMME_VALUE = {
    "slug": "sw-2015",
    "name": "Sectorplannen sociale werkvoorziening 2015-2017",
    "template": "sw-sectorplannen-2015",
    "region_set": "arbeidsmarktregios-2015",
    "status": "lopend",
    "status_label": "Lopend",
    "budget": "30000000.00",
    "cofinancing_ratio": "1.0000",
    "starts_on": "2015-07-01",
    "ends_on": "2017-12-31",
    "plan_deadline": "2015-10-01",
    "review_deadline": "2015-12-15",
    "execution_ends_on": "2017-12-31",
    "allocation_published_at": "2015-07-01T10:00:00+02:00",
}
PROGRAMME_LIST = _example("The demo programme", PROGRAMME_VALUE)
PROGRAMME = _example("The demo programme", PROGRAMME_VALUE)
REGION_LIST = _example(
    "A region",
    {
        "code": "R01",
        "name": "Groningen",
        "centrumgemeente": "Groningen",
        "province": "Groningen",
        "basis": "1234.5000",
    },
)
ORGANISATION_LIST = _example(
    "An SW company",
    {
        "id": 7,
        "name": "Iederz",
        "kind": "sw_bedrijf",
        "kind_label": "SW-bedrijf",
        "regions": ["R01"],
    },
)
ALLOCATION_LIST = _example(
    "A line",
    {
        "region_code": "R01",
        "region_name": "Groningen",
        "basis": "1234.5000",
        "subsidy": "1058823.53",
        "cofinancing": "1058823.53",
    },
)
PLAN_LIST = _example(
    "A granted plan",
    {
        "region_code": "R01",
        "region_name": "Groningen",
        "state": "granted",
        "state_label": "Toegekend",
        "title": "Sectorplan Groningen",
        "lock_version": 9,
        "total_subsidy": "100000.00",
        "total_cofinancing": "100000.00",
        "granted_amount": "100000.00",
        "paid_amount": None,
        "updated_at": "2015-10-15T12:00:00+02:00",
    },
)
ACTIVITY_VALUE = {
    "id": 1,
    "theme": "theme-a",
    "activity_type": "type-a",
    "title": "Van werk naar werk",
    "description": "",
    "target_group": "",
    "people_per_year": 40,
    "planned_results": "",
    "starts_on": None,
    "ends_on": None,
    "budget_lines": [
        {
            "id": 1,
            "description": "Begeleiding",
            "subsidy": "100000.00",
            "cofinancing": "100000.00",
            "cofinancing_source": "centrumgemeente",
        }
    ],
}
ACTIVITY = _example("An activity", ACTIVITY_VALUE)
PLAN = _example(
    "A draft plan",
    {
        "programme": "sw-2015",
        "region_code": "R01",
        "region_name": "Groningen",
        "state": "draft",
        "state_label": "Concept",
        "lock_version": 3,
        "is_amendment": False,
        "title": "Sectorplan Groningen",
        "summary": "",
        "contact_name": "Contactpersoon",
        "contact_email": "contact@example.org",
        "contact_phone": "",
        "ends_on": "2017-12-31",
        "companies": [{"id": 7, "name": "Iederz", "kind": "sw_bedrijf"}],
        "activities": [
            {
                "id": 1,
                "theme": "theme-a",
                "activity_type": "type-a",
                "title": "Van werk naar werk",
                "description": "",
                "target_group": "",
                "people_per_year": 40,
                "planned_results": "",
                "starts_on": None,
                "ends_on": None,
                "budget_lines": [
                    {
                        "id": 1,
                        "description": "Begeleiding",
                        "subsidy": "100000.00",
                        "cofinancing": "100000.00",
                        "cofinancing_source": "centrumgemeente",
                    }
                ],
            }
        ],
        "targets": [{"indicator": "plaatsingen", "target": "25.00"}],
        "total_subsidy": "100000.00",
        "total_cofinancing": "100000.00",
        "allocation_subsidy": "1058823.53",
        "actions": [{"action": "submit", "label": "Indienen bij de centrumgemeente"}],
        "updated_at": "2015-09-01T12:00:00+02:00",
    },
)
DECISIONS = _example(
    "A grant",
    {
        "id": 1,
        "version": 1,
        "granted": True,
        "amount": "100000.00",
        "decided_on": "2015-10-15",
        "reason": "",
        "created_at": "2015-10-15T12:00:00+02:00",
    },
)
PAYMENTS = _example(
    "An advance",
    {
        "id": 1,
        "amount": "50000.00",
        "paid_on": "2015-11-01",
        "reference": "VOORSCHOT-1",
        "created_at": "2015-11-01T12:00:00+01:00",
    },
)
VERSIONS = _example("The first version", {"number": 1, "submitted_at": "2015-09-01T12:00:00+02:00"})
VERSION = _example(
    "The first version, as submitted",
    {
        "number": 1,
        "submitted_at": "2015-09-01T12:00:00+02:00",
        "snapshot": {"title": "Samen sterk in Groningen", "activities": []},
    },
)
EXTENSIONS = _example(
    "Six months more, granted",
    {
        "id": 1,
        "new_end_date": "2017-06-30",
        "reason": "De laatste trajecten lopen door tot de zomer.",
        "state": "granted",
        "state_label": "Granted",
        "requested_at": "2016-10-01T12:00:00+02:00",
        "decided_at": "2016-10-15T12:00:00+02:00",
    },
)
SETTLEMENTS = _example(
    "Settled below what was paid",
    {
        "amount": "90000.00",
        "settled_on": "2017-06-01",
        "note": "Minder besteed dan begroot.",
        "created_at": "2017-06-01T12:00:00+02:00",
        "paid": "100000.00",
        "to_reclaim": "10000.00",
    },
)
ATTACHMENTS = _example(
    "A signed letter",
    {
        "id": 1,
        "name": "brief-centrumgemeente.pdf",
        "content_type": "application/pdf",
        "size": 48213,
        "uploaded_at": "2015-08-20T12:00:00+02:00",
        "file": "https://sectorplan.example.nl/api/v1/programmes/sw-2015/plans/R01/attachments/1/file/",
    },
)
ROUND_STEP = _example(
    "The first round, opened",
    {
        "round": {
            "code": "round-a",
            "label": "Tussenevaluatie",
            "position": 0,
            "state": "open",
            "state_label": "Open",
            "opens_on": "2016-01-04",
            "deadline": "2016-01-29",
            "period_starts_on": "2015-10-15",
            "period_ends_on": "2015-12-31",
        },
        "actions": [{"action": "close", "label": "Close the round"}],
    },
)
ALLOCATION_PUBLISH = _example(
    "Published after a new basis",
    {
        "published": True,
        "changed_regions": ["R01", "R02"],
        "published_at": "2015-07-01T10:00:00+02:00",
    },
)
ROUNDS = _example(
    "The final round",
    {
        "code": "round-b",
        "label": "Eindevaluatie",
        "position": 2,
        "state": "open",
        "state_label": "Open",
        "opens_on": "2017-10-01",
        "deadline": "2018-03-01",
        "period_starts_on": "2015-07-01",
        "period_ends_on": "2017-12-31",
    },
)
REPORT_VALUE = {
    "round": "round-b",
    "region_code": "R01",
    "region_name": "Groningen",
    "state": "draft",
    "state_label": "Concept",
    "lock_version": 2,
    "questionnaire_version": 1,
    "submissions": 0,
    "submitted_at": None,
    "accepted_at": None,
    "updated_at": "2018-01-15T12:00:00+01:00",
}
REPORT_LIST = _example("A draft report", REPORT_VALUE)
REPORT = _example(
    "A draft report",
    {
        **REPORT_VALUE,
        "answers": [
            {
                "question": "question-a",
                "theme": None,
                "kind": "yes_no",
                "label": "Is detachering aanwezig in de regio?",
                "required": True,
                "shown": True,
                "answered": True,
                "code": "yes",
                "number": None,
                "text": "",
                "choices": [],
                "file_name": "",
            }
        ],
        "progress": [
            {
                "activity": 1,
                "title": "Van werk naar werk",
                "status": "afgerond",
                "people_reached": 35,
                "spent": "90000.00",
                "results": "",
            }
        ],
        "indicators": [
            {
                "indicator": "plaatsingen",
                "target": "25.00",
                "value": "10.00",
                "period_starts_on": "2015-07-01",
                "period_ends_on": "2017-12-31",
            }
        ],
        "missing": [],
        "actions": [{"action": "submit", "label": "Rapportage indienen"}],
        "comments": [],
    },
)
TABLE = _example(
    "Coverage",
    {
        "code": "coverage",
        "title": "Dekking van de thema's",
        "round": None,
        "note": "",
        "columns": ["theme", "activity_type", "label", "plans", "total"],
        "money_columns": [],
        "rows": [
            {
                "theme": "theme-a",
                "activity_type": "type-a",
                "label": "Van werk naar werk",
                "plans": 12,
                "total": 20,
            }
        ],
    },
)
TRANSITION = _example(
    "Submitted",
    {
        "state": "at_municipality",
        "state_label": "Bij de centrumgemeente",
        "lock_version": 4,
        "actions": [],
    },
)
PLAN_PATCH = OpenApiExample(
    "Change the title",
    value={"title": "Sectorplan Groningen 2015-2017", "targets": {"plaatsingen": "25"}},
    request_only=True,
)
REPORT_PATCH = OpenApiExample(
    "Answer a question",
    value={"answers": [{"question": "question-a", "value": "ja"}]},
    request_only=True,
)
PLAN_ACTION = OpenApiExample(
    "Return with a note", value={"note": "De cofinanciering ontbreekt."}, request_only=True
)
REPORT_ACTION = OpenApiExample("Submit", value={}, request_only=True)
ACTIVITY_INPUT = OpenApiExample(
    "Add an activity",
    value={
        "activity_type": "type-a",
        "title": "Van werk naar werk",
        "people_per_year": 40,
        "starts_on": "2016-01-01",
        "ends_on": "2017-12-31",
        "budget_lines": [
            {
                "description": "Begeleiding",
                "subsidy": "50000.00",
                "cofinancing": "50000.00",
                "cofinancing_source": "centrumgemeente",
            }
        ],
    },
    request_only=True,
)
ACTIVITY_PATCH = OpenApiExample(
    "Change the number of people", value={"people_per_year": 45}, request_only=True
)
ADVICES = _example(
    "A positive advice",
    {
        "id": 1,
        "version": 1,
        "organisation": {"id": 3, "name": "VNG", "kind": "vng"},
        "verdict": "positief",
        "verdict_label": "Positief",
        "motivation": "Een goed onderbouwd plan.",
        "created_at": "2015-10-01T12:00:00+02:00",
    },
)
PLAN_ADVISE = OpenApiExample(
    "Advise (an assessing party)",
    value={"verdict": "positief", "motivation": "Een goed onderbouwd plan."},
    request_only=True,
)
PLAN_GRANT = OpenApiExample(
    "Grant (the ministry)",
    value={"amount": "100000.00", "decided_on": "2015-10-15"},
    request_only=True,
)
REPORT_RETURN = OpenApiExample(
    "Return with a comment on a question",
    value={
        "note": "Vul de resultaten per activiteit aan.",
        "comments": [{"question": "question-a", "theme": None, "text": "Welke regio's?"}],
    },
    request_only=True,
)
