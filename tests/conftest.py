"""Shared fixtures: the demo programme, one logged-in client per role, and the real CLI.

Data that many tests read is built once per module (`kept`): inside a transaction that stays
open while the module's tests run, each test in a savepoint within it, and that is rolled
back after the module. Tests that need committed data (a live server, a browser, another
process) load their own instead.
"""

import contextlib
import io
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import Client, override_settings
from django.utils import translation

from sectorplan.cli.demo import demo_load
from sectorplan.programmes.models import Programme

SECTORPLAN = str(Path(sys.executable).with_name("sectorplan"))
Made = TypeVar("Made")


def kept(django_db_blocker, load: Callable[[], Made]) -> Iterator[Made]:
    """For a module-scoped fixture: `yield from kept(django_db_blocker, load)` yields what
    `load()` made, in a transaction left open for the tests that follow (pytest-django puts
    each of them in a savepoint inside it) and rolled back when the fixture ends."""
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
    try:
        with django_db_blocker.unblock():
            made = load()
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True, scope="session")
def data_dir(tmp_path_factory):
    """What the code writes into the data dir (generate-load's template, uploads, …) goes to a
    folder of this run and this worker, never into the checkout's var/ where another test (or
    the other xdist worker, counting the kept uploads of its import jobs) would find it."""
    from django.conf import settings

    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    settings.MEDIA_ROOT = str(settings.DATA_DIR / "media")


@pytest.fixture(autouse=True, scope="module")
def planner_statistics(django_db_blocker):
    """PostgreSQL: a table ANALYZEd while it holds pages but no live row (generate-load's
    ANALYZE in a test with empty tables, or autovacuum after rolled-back tests) keeps
    reltuples = 0 with relpages > 0, and the planner then takes it for empty however many rows
    a later test puts in: nested loops over thousands of rows, ~50 s for a query of a few
    milliseconds. After each module (and its kept fixtures), such tables are vacuumed, which
    truncates them to no pages, and the planner estimates from their real size again."""
    yield
    connection = connections["default"]
    if connection.vendor != "postgresql" or connection.connection is None:
        return
    if connection.in_atomic_block:
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid::regclass::text FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' "
            "AND c.reltuples = 0 AND c.relpages > 0"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f"VACUUM {table}")


@pytest.fixture(scope="module")
def demo_kept(django_db_setup, django_db_blocker):
    """The demo without plans, once for the module (see `kept`)."""
    yield from kept(django_db_blocker, lambda: demo_load(plans=False))


@pytest.fixture
def demo(demo_kept, db):
    """The demo programme `sw-2015` with its regions, companies, users and allocation; no
    plans (tests build the plans they need; tests/plans/test_demo_plans.py checks those).
    A fresh instance per test: what a test changes is rolled back with its savepoint."""
    return Programme.objects.get(pk=demo_kept.pk)


@pytest.fixture
def demo_committed(transactional_db):
    """The demo as `demo` gives it, committed: for a test whose server runs in another
    thread or process. Modules of such tests name it `demo`."""
    return demo_load(plans=False)


def two_factor_device(user):
    """The user's confirmed authenticator (TOTP), made when they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def log_in(client: Client, user) -> Client:
    """Log `user` in on `client` as the login pages leave them: with the second step done for
    a user whose role asks for two-factor login (their session holds a verified device)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from sectorplan.accounts.rules import must_use_two_factor

    client.force_login(user)
    if must_use_two_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = two_factor_device(user).persistent_id
        session.save()
    return client


def _client_for(username: str) -> Client:
    from sectorplan.accounts.models import User

    return log_in(Client(), User.objects.get(username=username))


@pytest.fixture
def as_office(demo):
    return _client_for("bureau")


@pytest.fixture
def as_ministry(demo):
    return _client_for("szw")


@pytest.fixture
def as_assessor(demo):
    return _client_for("vng")


@pytest.fixture
def as_municipality(demo):
    """The central municipality of AM01."""
    return _client_for("gemeente-am01")


@pytest.fixture
def as_region_contact(demo):
    """The regional contact of AM01."""
    return _client_for("regio-am01")


# --- The real command line ----------------------------------------------------------------


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


class _Stream(io.TextIOWrapper):
    """What a command writes to, as a terminal's stream would take it (text or `.buffer`)."""

    def __init__(self):
        super().__init__(io.BytesIO(), encoding="utf-8", write_through=True)

    def text(self) -> str:
        # Universal newlines, as `subprocess.run(..., text=True)` reads a process's output.
        return io.TextIOWrapper(io.BytesIO(self.buffer.getvalue()), encoding="utf-8").read()


class InProcessCli:
    """Runs `sectorplan ARGS…` through the console script's own `main(argv)` in this process,
    on the test's database, with its standard streams and exit status captured. The data
    directory (demo marker, uploads, static files) is the test's `workdir`.

    Django's command runner closes every connection after a command; that would end the
    test's transaction, so it is held off during the call."""

    def __init__(self, workdir: Path):
        self.workdir = workdir

    def __call__(self, *args: str | Path) -> CliResult:
        from sectorplan.cli.main import main

        out, err = _Stream(), _Stream()
        returncode = 0
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            contextlib.chdir(self.workdir),
            translation.override(translation.get_language()),
            override_settings(
                DATA_DIR=self.workdir,
                DEMO_MARKER=self.workdir / "DEMO",
                MEDIA_ROOT=str(self.workdir / "media"),
                STATIC_ROOT=str(self.workdir / "static"),
            ),
            pytest.MonkeyPatch.context() as patch,
        ):
            patch.setattr(connections, "close_all", lambda: None)
            try:
                main(["sectorplan", *map(str, args)])
            except SystemExit as exit_:
                code = exit_.code
                returncode = code if isinstance(code, int) else (0 if code is None else 1)
                if isinstance(code, str):
                    print(code, file=sys.stderr)
        return CliResult(returncode, out.text(), err.text())


@pytest.fixture
def cli(db, tmp_path) -> InProcessCli:
    """`cli("allocate", "sw-2015")` runs the command in-process on the test's database."""
    return InProcessCli(tmp_path)


class Cli:
    """Runs the installed `sectorplan` console script as a process, on a database of its own:
    for what only a real process shows (entry point, environment, streams, a database the
    test's transaction must not hold)."""

    def __init__(self, database_url: str, workdir: Path):
        self.workdir = workdir
        self.env = {
            key: value
            for key, value in os.environ.items()
            # The browser fixture allows async-unsafe access in this process only (Playwright's
            # loop); a real deployment never has it, and `check --deploy` refuses it.
            if key
            not in {
                "DJANGO_SETTINGS_MODULE",
                "DEBUG",
                "SECURE_SSL_REDIRECT",
                "DJANGO_ALLOW_ASYNC_UNSAFE",
            }
        }
        self.env.update(
            DATABASE_URL=database_url,
            SECRET_KEY="cli-test-secret-key-" + "c" * 40,
            SECTORPLAN_DATA_DIR=str(workdir),
        )

    def __call__(self, *args: str | Path, **env: str) -> CliResult:
        done = subprocess.run(
            [SECTORPLAN, *map(str, args)],
            cwd=self.workdir,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)


def _is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _pg_admin():
    import psycopg

    db = settings.DATABASES["default"]
    conn = psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    )
    return conn


def _pg_url(name: str) -> str:
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{name}"
    )


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A database migrated once by the real CLI; each test gets a copy of it."""
    workdir = tmp_path_factory.mktemp("cli-template")
    if _is_postgres():
        name = f"sectorplan_cli_template_{os.getpid()}"
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = _pg_url(name)
    else:
        url = f"sqlite:///{workdir / 'template.sqlite3'}"
    result = Cli(url, workdir)("migrate", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    yield url
    if _is_postgres():
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def cli_process(migrated_database, tmp_path):
    """`cli_process("allocate", "sw-2015")` runs the installed command as a process, on a fresh
    copy of a migrated database of its own."""
    if _is_postgres():
        name = f"sectorplan_cli_{uuid.uuid4().hex[:12]}"
        template = migrated_database.rsplit("/", 1)[1]
        with _pg_admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        yield Cli(_pg_url(name), tmp_path)
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "db.sqlite3"
        shutil.copy(migrated_database.removeprefix("sqlite:///"), path)
        yield Cli(f"sqlite:///{path}", tmp_path)


@pytest.fixture
def cli_unmigrated(tmp_path):
    """The CLI on a database that was never migrated (an empty SQLite file)."""
    return Cli(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path)
