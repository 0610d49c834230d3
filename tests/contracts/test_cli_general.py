"""The `sectorplan` command as a whole (CONTRACTS §3, §7): set-up, help, demo, pass-through."""

import sqlite3
from collections import Counter
from decimal import Decimal

import pytest

from tests.contracts.helpers import (
    REGION_CODES,
    basis_rows,
    check_allocation,
    dump,
    objects,
    ok,
    refused,
    region_codes,
    run_module,
    write_csv,
)

DEMO_USERS = {
    "bureau",
    "szw",
    "vng",
    "sociale-partners",
    *(f"gemeente-{code.lower()}" for code in REGION_CODES),
    *(f"regio-{code.lower()}" for code in REGION_CODES),
}


@pytest.mark.parametrize(
    "command",
    [
        ["allocate", "sw-2015"],
        ["import-basis", "sw-2015", "basis.csv"],
        ["create-programme", "p1", "--name", "Test", "--budget", "1000"],
        ["import-plans", "sw-2015", "plans.csv"],
    ],
    ids=lambda command: command[0],
)
def test_never_migrated_database_says_to_migrate(cli_unmigrated, tmp_path, command):
    write_csv(tmp_path / "basis.csv", basis_rows({"AM01": Decimal(1)}))
    (error,) = refused(cli_unmigrated(*command))
    assert "sectorplan migrate" in error
    database = cli_unmigrated.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == []


def test_python_m_sectorplan_help(cli_unmigrated):
    result = run_module(cli_unmigrated, "help")
    assert result.returncode == 0, result.stderr
    assert "sectorplan help <subcommand>" in result.stdout
    section = result.stdout.split("[cli]", 1)[1].split("\n\n", 1)[0]
    assert {"allocate", "create-programme", "demo", "import-basis", "import-plans"} <= set(
        section.split()
    )


def test_demo_is_idempotent_and_adds_up(cli):
    first = ok(cli("demo", "--no-serve"))
    assert "bureau" in first.stdout and "regio-am01" in first.stdout
    labels = ("programmes", "accounts.membership", "accounts.user")
    once = dump(cli, *labels)
    ok(cli("demo", "--no-serve"))
    twice = dump(cli, *labels)

    # The model programme (finished history) and the live one with today's dates.
    model, live = sorted(objects(once, "programmes.programme"), key=lambda p: p["pk"])
    assert (model["fields"]["slug"], live["fields"]["slug"]) == ("sw-2015", "sw-live")
    assert model["fields"]["status"] == "afgesloten" and live["fields"]["status"] == "lopend"
    programme = model
    assert programme["fields"]["template"] == "sw-sectorplannen-2015"
    participations = [
        p
        for p in objects(once, "programmes.participation")
        if p["fields"]["programme"] == model["pk"]
    ]
    assert len(participations) == 35
    assert len(objects(once, "programmes.allocationpublication")) == 2
    assert len(objects(once, "programmes.allocationline")) == 2 * 35
    assert len(objects(once, "accounts.membership")) == 4 + 70
    assert {user["fields"]["username"] for user in objects(once, "accounts.user")} == DEMO_USERS

    codes = region_codes(once)
    basis = {codes[p["fields"]["region"]]: Decimal(p["fields"]["basis"]) for p in participations}
    result = ok(cli("allocate", "sw-2015"))
    rows = check_allocation(
        result.stdout,
        budget=Decimal("30000000.00"),
        basis=basis,
        ratio=Decimal(programme["fields"]["cofinancing_ratio"]),
    )
    assert len(rows) == 35
    assert sum(Decimal(row["subsidy"]) for row in rows) == Decimal("30000000.00")

    # The second run changed nothing, its audit trail included.
    assert Counter(item["model"] for item in twice) == Counter(item["model"] for item in once)
    assert twice == once


def test_django_commands_pass_through(cli):
    result = ok(cli("check"))
    assert "no issues" in result.stdout


def test_missing_argument_is_a_usage_error(cli):
    result = cli("allocate")
    assert result.returncode == 2
    assert "usage: sectorplan allocate" in result.stderr


def test_unknown_command_is_a_usage_error(cli):
    result = cli("allocte", "sw-2015")
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "allocte" in result.stderr
