"""`cli_p1`: the CLI in-process on a database that already holds programme p1.

p1 is built once per module by the real commands (create-programme, import-basis) and kept
for the module's tests (`kept` in tests/conftest.py); each test's changes are rolled back.
"""

import shutil
from dataclasses import dataclass

import pytest

from tests.conftest import InProcessCli, _is_postgres, _pg_admin, _pg_url, kept
from tests.contracts.helpers import P1_BASIS, P1_BUDGET, P1_RATIO, basis_rows, dump, ok, write_csv


@dataclass(frozen=True)
class P1Database:
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


@pytest.fixture(scope="module")
def p1_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """Programme p1: budget 1000000, co-financing ratio 0.5, P1_BASIS for all 35 regions."""
    workdir = tmp_path_factory.mktemp("cli-p1")
    cli = InProcessCli(workdir)

    def load() -> P1Database:
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
        return P1Database(dump(cli, "programmes.participation"))

    yield from kept(django_db_blocker, load)


@pytest.fixture
def cli_p1(p1_database, db, tmp_path):
    """`cli_p1("allocate", "p1")` runs the command in-process on the database holding p1."""
    return InProcessCli(tmp_path)
