"""Shared fixtures: the demo programme, one logged-in client per role, and the real CLI."""

import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from sectorplan.cli.demo import demo_load

SECTORPLAN = str(Path(sys.executable).with_name("sectorplan"))


@pytest.fixture
def demo(db):
    """The demo programme `sw-2015` with its regions, companies, users and allocation; no
    plans (tests build the plans they need; tests/plans/test_demo_plans.py checks those)."""
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


# --- The real command line, on a database of its own -------------------------------------


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


class Cli:
    """Runs the installed `sectorplan` console script against one fresh database."""

    def __init__(self, database_url: str, workdir: Path):
        self.workdir = workdir
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECURE_SSL_REDIRECT"}
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
def cli(migrated_database, tmp_path):
    """`cli("allocate", "sw-2015")` runs the real command on this test's own database."""
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
