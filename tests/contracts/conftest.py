"""`cli_p1`: the real CLI on a fresh copy of a database that already holds programme p1.

Building p1 once per session (create-programme, import-basis) and copying the database for
each test saves two CLI calls per test; the copy works as `cli` in tests/conftest.py does.
"""

import os
import shutil
import uuid
from dataclasses import dataclass

import pytest

from tests.conftest import Cli, _is_postgres, _pg_admin, _pg_url
from tests.contracts.helpers import P1_BASIS, P1_BUDGET, P1_RATIO, basis_rows, dump, ok, write_csv


@dataclass(frozen=True)
class P1Database:
    url: str
    participations: list[dict]  # `dumpdata programmes.participation` right after set-up


def _copy(url: str, name: str, directory) -> str:
    """A new database `name` holding what the database at `url` holds."""
    if _is_postgres():
        with _pg_admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{url.rsplit("/", 1)[1]}"')
        return _pg_url(name)
    path = directory / f"{name}.sqlite3"
    shutil.copy(url.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


def _drop(url: str) -> None:
    if _is_postgres():
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture(scope="session")
def p1_database(migrated_database, tmp_path_factory) -> P1Database:
    """Programme p1: budget 1000000, co-financing ratio 0.5, P1_BASIS for all 35 regions."""
    workdir = tmp_path_factory.mktemp("cli-p1")
    url = _copy(migrated_database, f"sectorplan_cli_p1_{os.getpid()}", workdir)
    cli = Cli(url, workdir)
    ok(
        cli(
            "create-programme",
            "p1",
            "--name",
            "Programma één",
            "--budget",
            str(P1_BUDGET),
            "--cofinancing-ratio",
            str(P1_RATIO),
        )
    )
    ok(cli("import-basis", "p1", write_csv(workdir / "basis.csv", basis_rows(P1_BASIS))))
    yield P1Database(url, dump(cli, "programmes.participation"))
    _drop(url)


@pytest.fixture
def cli_p1(p1_database, tmp_path):
    """`cli_p1("allocate", "p1")` runs the real command on this test's copy of p1's database."""
    url = _copy(p1_database.url, f"sectorplan_cli_{uuid.uuid4().hex[:12]}", tmp_path)
    yield Cli(url, tmp_path)
    _drop(url)
