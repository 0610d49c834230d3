"""`sectorplan import-plans SLUG FILE [--state submitted|decided]` (CONTRACTS §3; issue 4).

The CLI tests run on `cli_p1`: programme p1 with the 35 regions of 2015 and the taxonomy of
`sw-sectorplannen-2015`, no plans yet. The structure of input files (encodings, delimiters,
bad bytes) is shared with import-basis and tested there; here: what is particular to plans.
The last tests run the service on the demo, for the plan states the CLI cannot reach.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from sectorplan.plans.models import Plan
from sectorplan.workflow.history import step_history
from tests.contracts.helpers import dump, objects, ok, refused, write_csv, write_xlsx

HEADER = ["region_code", "activity_type", "title", "subsidy", "cofinancing"]
SKIPPED = "imported (confirmation and advice steps skipped)"

# Two regions, three activities; the amounts as a Dutch Excel writes them.
ROWS = [
    ["am01", "WERK_NAAR_WERK", "Van werk naar werk", "1.234.567,89", "1234567,89"],
    [" AM01 ", "Jobcoaching", "Jobcoaches opleiden", "12500", "12.500,00"],
    ["AM02", "werkfit", "Werkfit maken", "0,5", "0"],
]
EXPECTED = {  # region code: [(activity type, title, subsidy, cofinancing)]
    "AM01": [
        ("werk_naar_werk", "Van werk naar werk", Decimal("1234567.89"), Decimal("1234567.89")),
        ("jobcoaching", "Jobcoaches opleiden", Decimal("12500"), Decimal("12500")),
    ],
    "AM02": [("werkfit", "Werkfit maken", Decimal("0.5"), Decimal(0))],
}
# What `dumpdata` needs to read the plans back by region and activity type code.
LABELS = ("plans", "programmes.region", "programmes.activitytype")


@pytest.fixture(autouse=True)
def english():
    """The in-process tests below compare messages; the CLI prints English anyway."""
    with translation.override("en"):
        yield


def import_plans(cli, path, *options: str):
    return cli("import-plans", "p1", path, *options)


def plans_file(directory, rows=ROWS, name="plans.csv"):
    """The Dutch Excel way: semicolons, a BOM, CRLF, a padded upper-case header."""
    header = [f" {column.upper()} " for column in HEADER]
    return write_csv(directory / name, [header, *rows], delimiter=";", bom=True, crlf=True)


def stored(dumped: list[dict]) -> dict[str, dict]:
    """Per region code: the plan's fields and its activities as (type, title, subsidy,
    co-financing), from a dump of LABELS."""
    codes = {r["pk"]: r["fields"]["code"] for r in objects(dumped, "programmes.region")}
    types = {t["pk"]: t["fields"]["code"] for t in objects(dumped, "programmes.activitytype")}
    lines = {}
    for line in objects(dumped, "plans.budgetline"):
        assert line["fields"]["activity"] not in lines, "one budget line per activity"
        lines[line["fields"]["activity"]] = line["fields"]
    activities = sorted(
        objects(dumped, "plans.activity"), key=lambda a: (a["fields"]["position"], a["pk"])
    )
    result = {}
    for plan in objects(dumped, "plans.plan"):
        rows = []
        for activity in activities:
            if activity["fields"]["plan"] == plan["pk"]:
                line = lines[activity["pk"]]
                assert line["cofinancing_source"] == "centrumgemeente"
                rows.append(
                    (
                        types[activity["fields"]["activity_type"]],
                        activity["fields"]["title"],
                        Decimal(line["subsidy"]),
                        Decimal(line["cofinancing"]),
                    )
                )
        result[codes[plan["fields"]["region"]]] = {**plan["fields"], "pk": plan["pk"], "rows": rows}
    return result


def region_names(dumped) -> dict[str, str]:
    return {r["fields"]["code"]: r["fields"]["name"] for r in objects(dumped, "programmes.region")}


def steps_by_plan(plans: dict[str, dict]) -> dict[str, list[dict]]:
    """Per region code: the plan's step history (the audit trail) as dicts."""
    return {
        code: [
            {
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "note": e.note,
                "by": e.by.pk if e.by else None,
            }
            for e in step_history(Plan.objects.get(pk=plan["pk"]))
        ]
        for code, plan in plans.items()
    }


def by_plan(dumped, model: str, plans: dict[str, dict]) -> dict[str, list[dict]]:
    codes = {plan["pk"]: code for code, plan in plans.items()}
    result: dict[str, list[dict]] = {code: [] for code in plans}
    for item in objects(dumped, model):
        result[codes[item["fields"]["plan"]]].append(item["fields"])
    return result


def today_in_amsterdam() -> datetime.date:
    return datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


# --- loading -------------------------------------------------------------------------------


def test_dutch_excel_csv_twice_gives_the_same_state(cli_p1, tmp_path):
    path = plans_file(tmp_path)
    first = ok(import_plans(cli_p1, path))
    assert first.stdout == "imported 3 activities for 2 regions into 'p1'\n"
    once = dump(cli_p1, *LABELS)
    plans = stored(once)
    assert {code: plan["rows"] for code, plan in plans.items()} == EXPECTED
    names = region_names(once)
    for code, plan in plans.items():
        assert plan["state"] == "draft"
        assert plan["title"] == names[code]  # a new plan is named after its region
        assert plan["ends_on"] == "2016-12-31"  # the programme's execution period
    assert not objects(once, "plans.planversion")
    assert not any(steps_by_plan(plans).values())

    again = ok(import_plans(cli_p1, path))
    assert again.stdout == first.stdout
    # Not only the same activities: the same rows, and no new audit records either.
    assert dump(cli_p1, *LABELS) == once


def test_xlsx_replaces_the_activities_of_the_regions_in_the_file_only(cli_p1, tmp_path):
    ok(import_plans(cli_p1, plans_file(tmp_path)))
    before = stored(dump(cli_p1, *LABELS))
    rows = [
        ["Subsidy", "Title", "Activity_Type", "Region_Code", "Cofinancing"],
        [250000, "Beschut werk in de regio", "beschut_werk", "am01", 250000.5],
        ["1.000,25", "Kennis delen", "KENNISDELING", "AM01", "2000"],
        [0, "Alleen cofinanciering", "passend_werk", "AM03", 10],
    ]
    path = write_xlsx(tmp_path / "plannen.xlsx", rows, more_sheets=1)
    result = ok(import_plans(cli_p1, path))
    assert result.stdout == "imported 3 activities for 2 regions into 'p1'\n"

    after = stored(dump(cli_p1, *LABELS))
    assert after["AM01"]["rows"] == [
        ("beschut_werk", "Beschut werk in de regio", Decimal(250000), Decimal("250000.5")),
        ("kennisdeling", "Kennis delen", Decimal("1000.25"), Decimal(2000)),
    ]
    assert after["AM01"]["pk"] == before["AM01"]["pk"]  # the same plan, new activities
    assert after["AM01"]["lock_version"] > before["AM01"]["lock_version"]  # stale forms lose
    assert after["AM02"] == before["AM02"]  # not in the file: untouched
    assert after["AM03"]["rows"] == [
        ("passend_werk", "Alleen cofinanciering", Decimal(0), Decimal(10))
    ]


# --- bad input: status 1, one line per problem, in the file's order, nothing stored ---------


def test_every_bad_row_is_listed_and_nothing_is_written(cli_p1, tmp_path):
    ok(import_plans(cli_p1, plans_file(tmp_path)))
    before = dump(cli_p1, "plans")
    rows = [
        HEADER,
        ["AM36", "werkfit", "Buiten het programma", "10", "10"],  # line 2
        ["", "werkfit", "Zonder regio", "10", "10"],  # line 3
        ["AM01", "scholing", "Onbekend type", "10", "10"],  # line 4
        ["AM01", "", "Zonder type", "10", "10"],  # line 5
        ["AM01", "werkfit", "", "10", "10"],  # line 6
        ["AM01", "werkfit", "Dubbel", "10", "10"],  # line 7: fine on its own
        ["am01", "werkfit", "Dubbel", "20", "20"],  # line 8
        ["AM01", "werkfit", "Negatief", "-5", "0"],  # line 9
        ["AM01", "werkfit", "Geen getal", "10", "veel"],  # line 10
        ["AM01", "werkfit", "Dubbelzinnig", "1.000", "10"],  # line 11
        ["AM01", "werkfit", "Leeg bedrag", "", "10"],  # line 12
        ["AM01", "werkfit", "Te precies", "10,0055", "0"],  # line 13
        ["AM01", "werkfit", "x" * 301, "10", "10"],  # line 14
        ["AM04", "werkfit", "Een goede regel", "10", "10"],  # line 15: fine
    ]
    path = write_csv(tmp_path / "fout.csv", rows, delimiter=";")
    errors = refused(import_plans(cli_p1, path))
    assert errors == [
        "line 2: region_code 'AM36' is not a region of programme 'p1'",
        "line 3: region_code is required",
        "line 4: activity_type 'scholing' is not an activity type of programme 'p1'",
        "line 5: activity_type is required",
        "line 6: title is required",
        "line 8: title 'Dubbel' appears twice for AM01 (first on line 7)",
        "line 9, subsidy: '-5' must be 0 or more",
        "line 10, cofinancing: 'veel' is not a number",
        "line 11, subsidy: '1.000' is ambiguous: a thousands separator or a decimal one? "
        "Write it without a thousands separator, e.g. 1000 or 1,5",
        "line 12: subsidy is required",
        "line 13, subsidy: An amount has at most two decimals (cents).",
        "line 14: title is longer than 300 characters",
    ]
    assert dump(cli_p1, "plans") == before


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["region_code", "activity", "title", "subsidy", "cofinancing", "opmerking"]],
            [
                "line 1: unknown column 'activity'",
                "line 1: unknown column 'opmerking'",
                "line 1: missing column 'activity_type'",
            ],
        ),
        (
            [HEADER, ["AM01", "werkfit", "Te veel", "1", "1", "extra"]],
            ["line 2: more values than there are columns in the header"],
        ),
    ],
    ids=["columns", "values-without-column"],
)
def test_columns_must_be_exactly_the_contract(cli_p1, tmp_path, rows, expected):
    rows = [*rows, ["AM01", "werkfit", "Goed", "1", "1"]]
    assert refused(import_plans(cli_p1, write_csv(tmp_path / "plans.csv", rows))) == expected
    assert dump(cli_p1, "plans") == []


def test_unknown_programme_and_bad_state_option(cli_p1, tmp_path):
    path = plans_file(tmp_path)
    assert refused(cli_p1("import-plans", "bestaat-niet", path)) == [
        "unknown programme 'bestaat-niet'"
    ]
    usage = import_plans(cli_p1, path, "--state", "granted")
    assert usage.returncode == 2, usage
    assert "--state" in usage.stderr and "Traceback" not in usage.stderr


def test_never_migrated_database_says_to_migrate(cli_unmigrated, tmp_path):
    (error,) = refused(cli_unmigrated("import-plans", "p1", plans_file(tmp_path)))
    assert "sectorplan migrate" in error


# --- --state: a recorded import ------------------------------------------------------------


def test_state_submitted(cli_p1, tmp_path):
    path = plans_file(tmp_path)
    result = ok(import_plans(cli_p1, path, "--state", "submitted"))
    assert result.stdout == (
        "imported 3 activities for 2 regions into 'p1'\n"
        "plans brought to 'submitted': 2, already up to date: 0\n"
    )
    once = dump(cli_p1, *LABELS)
    plans = stored(once)
    assert {code: plan["state"] for code, plan in plans.items()} == {
        "AM01": "submitted",
        "AM02": "submitted",
    }
    assert {code: plan["rows"] for code, plan in plans.items()} == EXPECTED
    versions = by_plan(once, "plans.planversion", plans)
    events = steps_by_plan(plans)
    for code in plans:
        (version,) = versions[code]
        assert version["number"] == 1 and version["submitted_by"] is None
        assert [(a["title"], Decimal(a["subsidy"])) for a in version["snapshot"]["activities"]] == [
            (title, subsidy) for _type, title, subsidy, _cofinancing in EXPECTED[code]
        ]
        (event,) = events[code]
        assert (event["action"], event["from_state"], event["to_state"]) == (
            "import",
            "draft",
            "submitted",
        )
        assert event["note"] == SKIPPED and event["by"] is None
    assert not objects(once, "plans.decision")

    # The same file again: the plans are where it would bring them; nothing changes.
    again = ok(import_plans(cli_p1, path, "--state", "submitted"))
    assert again.stdout.splitlines()[1] == "plans brought to 'submitted': 0, already up to date: 2"
    assert dump(cli_p1, *LABELS) == once

    # A submitted plan is no longer the region's draft: replacing it is refused.
    assert refused(import_plans(cli_p1, path)) == [
        "line 2: plan of AM01 is 'submitted'; only draft plans can be replaced",
        "line 3: plan of AM01 is 'submitted'; only draft plans can be replaced",
        "line 4: plan of AM02 is 'submitted'; only draft plans can be replaced",
    ]
    changed = plans_file(
        tmp_path,
        [
            *ROWS[:2],
            ["AM02", "werkfit", "Werkfit maken", "1", "1"],
            ["AM03", "werkfit", "N", "1", "1"],
        ],
        name="changed.csv",
    )
    assert refused(import_plans(cli_p1, changed, "--state", "submitted")) == [
        "line 4: plan of AM02 is 'submitted'; only draft plans can be replaced"
    ]
    assert dump(cli_p1, *LABELS) == once  # not even AM03, whose row was fine


def test_state_decided(cli_p1, tmp_path):
    path = plans_file(tmp_path)
    before = today_in_amsterdam()
    result = ok(import_plans(cli_p1, path, "--state", "decided"))
    after = today_in_amsterdam()
    assert result.stdout.splitlines() == [
        "imported 3 activities for 2 regions into 'p1'",
        "plans brought to 'granted': 2, already up to date: 0",
    ]
    once = dump(cli_p1, *LABELS)
    plans = stored(once)
    assert {code: plan["state"] for code, plan in plans.items()} == {
        "AM01": "granted",
        "AM02": "granted",
    }
    decisions = by_plan(once, "plans.decision", plans)
    events = steps_by_plan(plans)
    (version_am01, _version_am02) = objects(once, "plans.planversion")
    for code in plans:
        (decision,) = decisions[code]
        assert decision["granted"] is True
        assert Decimal(decision["amount"]) == sum(row[2] for row in EXPECTED[code])
        assert datetime.date.fromisoformat(decision["decided_on"]) in {before, after}
        assert decision["reason"] == "imported"
        assert [(e["action"], e["from_state"], e["to_state"], e["note"]) for e in events[code]] == [
            ("import", "draft", "submitted", SKIPPED),
            ("import", "submitted", "granted", "imported"),
        ]
    assert decisions["AM01"][0]["version"] == version_am01["pk"]

    # Again, with --state decided or with --state submitted (a granted plan is past it).
    for state in ("decided", "submitted"):
        again = ok(import_plans(cli_p1, path, "--state", state))
        assert again.stdout.splitlines()[1].endswith("0, already up to date: 2")
        assert dump(cli_p1, *LABELS) == once

    # A decided plan changes only through an amendment.
    changed = [ROWS[0], ["AM01", "jobcoaching", "Jobcoaches opleiden", "1", "1"], ROWS[2]]
    assert refused(import_plans(cli_p1, plans_file(tmp_path, changed), "--state", "decided")) == [
        "line 2: plan of AM01 is 'granted'; only draft plans can be replaced",
        "line 3: plan of AM01 is 'granted'; only draft plans can be replaced",
    ]
    assert dump(cli_p1, *LABELS) == once


def test_a_plan_without_subsidy_cannot_be_imported_as_granted(cli_p1, tmp_path):
    rows = [
        ["AM05", "werkfit", "Alleen eigen geld", "0", "100"],
        ["AM05", "werkfit", "Ook eigen geld", "0,00", "100"],
        ["AM06", "werkfit", "Wel subsidie", "0,01", "0"],
    ]
    path = plans_file(tmp_path, rows)
    assert refused(import_plans(cli_p1, path, "--state", "decided")) == [
        "line 2: the plan of AM05 asks no subsidy; it cannot be imported as granted",
        "line 3: the plan of AM05 asks no subsidy; it cannot be imported as granted",
    ]
    assert dump(cli_p1, "plans") == []


# --- the service, on plans in states the CLI cannot bring them to -------------------------


@pytest.fixture
def am01(demo):
    """A new, empty plan of AM01 in the demo programme, without the demo's plans."""
    from sectorplan.plans import models, services
    from sectorplan.programmes.models import Region

    for model in (models.Payment, models.Settlement, models.Advice, models.Decision, models.Plan):
        model.objects.all().delete()
    region = Region.objects.get(region_set=demo.region_set, code="AM01")
    return services.plan_for_region(programme=demo, region=region)


def _import(programme, rows, state=None):
    from sectorplan.core.tabular import Row
    from sectorplan.plans.imports import plans_import

    return plans_import(
        programme=programme,
        rows=[Row(n, dict(zip(HEADER, row, strict=True))) for n, row in enumerate(rows, 2)],
        state=state,
    )


def test_changes_requested_plan_is_replaced_and_resubmitted(demo, am01):
    from sectorplan.plans.models import Activity, BudgetLine, PlanVersion
    from sectorplan.programmes.models import ActivityType

    werkfit = ActivityType.objects.get(programme=demo, code="werkfit")
    old = Activity.objects.create(
        plan=am01, activity_type=werkfit, title="Werkfit maken", description="Uitgebreid"
    )
    BudgetLine.objects.create(activity=old, subsidy=5, cofinancing=5)
    PlanVersion.objects.create(plan=am01, number=1, snapshot={})
    am01.title, am01.state = "Eigen titel", "changes_requested"
    am01.save()

    result = _import(demo, [["AM01", *ROWS[2][1:]]], state="submitted")
    assert (result.replaced, result.moved, result.up_to_date) == (1, 1, 0)
    am01.refresh_from_db()
    assert am01.state == "submitted"
    assert am01.title == "Eigen titel"  # a title the region gave is kept
    # Same title and amounts, but the description came from elsewhere: it is replaced.
    (activity,) = am01.activities.all()
    assert activity.pk != old.pk and activity.description == ""
    assert [v.number for v in am01.versions.all()] == [1, 2]
    (event,) = step_history(am01)
    assert (event.from_state, event.to_state, event.note) == (
        "changes_requested",
        "submitted",
        SKIPPED,
    )


def test_plans_on_the_way_are_refused(demo, am01):
    from sectorplan.core.errors import Refused

    for state in ("at_municipality", "in_advice", "rejected"):
        am01.state = state
        am01.save()
        with pytest.raises(Refused) as refusal:
            _import(demo, [["AM01", *ROWS[2][1:]]], state="decided")
        assert refusal.value.errors == [
            f"line 2: plan of AM01 is '{state}'; only draft plans can be replaced"
        ]
