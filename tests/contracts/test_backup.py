"""`sectorplan backup PATH.zip` / `sectorplan restore PATH.zip` (CONTRACTS §3): a full backup
(data and uploaded files); restore refuses a database that holds data."""

import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.contracts.conftest import _copy, _drop
from tests.contracts.helpers import ok, refused

# An uploaded plan attachment, stored through the model's FileField as the site stores it.
ATTACH = """
from django.core.files.base import ContentFile
from sectorplan.accounts.models import User
from sectorplan.plans.models import Attachment, Plan
content = "Besluit, één pagina.".encode()
Attachment.objects.create(
    plan=Plan.objects.order_by("pk").first(),
    file=ContentFile(content, name="besluit.txt"),
    name="besluit.txt",
    content_type="text/plain",
    size=len(content),
    uploaded_by=User.objects.get(username="bureau"),
)
"""
LOOSE_FILE = "los/bytes.bin"  # a file under MEDIA_ROOT that no row points at
EXCLUDED = ["-e", "contenttypes", "-e", "auth.permission", "-e", "sessions"]


@dataclass(frozen=True)
class Source:
    cli: Cli
    backup: Path


@pytest.fixture(scope="session")
def source(migrated_database, tmp_path_factory):
    """The demo (plans, reports and history included) plus two uploaded files, backed up.
    Once per session: pytest-django runs this module's database tests before its others."""
    workdir = tmp_path_factory.mktemp("backup-source")
    url = _copy(migrated_database, f"sectorplan_cli_backup_{os.getpid()}", workdir)
    cli = Cli(url, workdir)
    ok(cli("demo", "--no-serve"))
    ok(cli("shell", "-c", ATTACH))
    loose = workdir / "media" / LOOSE_FILE
    loose.parent.mkdir(parents=True)
    loose.write_bytes(bytes(range(256)) * 40)
    backup = workdir / "backup.zip"
    result = ok(cli("backup", backup))
    assert result.stdout.startswith(f"wrote {backup}: ")
    yield Source(cli, backup)
    _drop(url)


def media(workdir: Path) -> dict[str, bytes]:
    root = workdir / "media"
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def all_rows(cli) -> list[str]:
    """Every row of every table (but those `migrate` makes), by natural keys, sorted."""
    result = ok(cli("dumpdata", "--natural-foreign", "--natural-primary", *EXCLUDED))
    return sorted(json.dumps(item, sort_keys=True) for item in json.loads(result.stdout))


def assert_untouched(cli) -> None:
    """The database of `cli` still holds nothing but what `migrate` made; no file written."""
    assert json.loads(ok(cli("dumpdata", *EXCLUDED)).stdout) == []
    assert not (cli.workdir / "media").exists() or media(cli.workdir) == {}


def rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """A copy of the zip `source` with the bytes of some members replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
    return target


def manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


# --- the backup ---------------------------------------------------------------------------


def test_backup_holds_manifest_data_and_every_file(source):
    with zipfile.ZipFile(source.backup) as archive:
        names = set(archive.namelist())
        about = json.loads(archive.read("manifest.json"))
        data = json.loads(archive.read("data.json"))
    attachment = f"media/plans/sw-2015/{data_attachment_region(data)}/besluit.txt"
    assert names == {"manifest.json", "data.json", attachment, f"media/{LOOSE_FILE}"}
    assert about["format"] == "sectorplan-backup"
    assert about["format_version"] == 1
    assert about["created_at"].endswith("Z")
    assert about["schema"]["programmes"] and about["schema"]["auth"]
    # History tables are data; the rows `migrate` makes are not.
    assert about["rows"]["plans.historicalplan"] > 0
    assert about["rows"]["plans.attachment"] == 1
    assert "contenttypes.contenttype" not in about["rows"]
    assert "auth.permission" not in about["rows"]
    assert sum(about["rows"].values()) == len(data)
    assert set(about["files"]) == names - {"manifest.json"}
    assert about["files"][f"media/{LOOSE_FILE}"]["size"] == 256 * 40


def data_attachment_region(data: list[dict]) -> str:
    (attachment,) = [item for item in data if item["model"] == "plans.attachment"]
    return attachment["fields"]["file"].split("/")[2]


# --- restore ------------------------------------------------------------------------------


def test_restore_into_a_fresh_database_gives_every_row_and_file_back(source, cli_process):
    result = ok(cli_process("restore", source.backup))
    assert result.stdout.startswith(f"restored {source.backup}: ")
    assert all_rows(cli_process) == all_rows(source.cli)
    assert media(cli_process.workdir) == media(source.cli.workdir)
    assert len(media(cli_process.workdir)) == 2
    # To the microsecond and the id: a backup of the restored database holds the same rows.
    again = cli_process.workdir / "again.zip"
    ok(cli_process("backup", again))
    with zipfile.ZipFile(source.backup) as first, zipfile.ZipFile(again) as second:
        assert json.loads(first.read("data.json")) == json.loads(second.read("data.json"))
    first_manifest, second_manifest = manifest(source.backup), manifest(again)
    assert first_manifest["rows"] == second_manifest["rows"]
    assert first_manifest["files"] == second_manifest["files"]
    # Sequences moved past the restored ids: new rows can be made.
    ok(cli_process("create-programme", "p2", "--name", "Na herstel", "--budget", "1000"))


def test_restore_keeps_identical_media_files_already_there(source, cli_process):
    (cli_process.workdir / "media" / "los").mkdir(parents=True)
    (cli_process.workdir / "media" / LOOSE_FILE).write_bytes(bytes(range(256)) * 40)
    ok(cli_process("restore", source.backup))
    assert media(cli_process.workdir) == media(source.cli.workdir)


def test_refuses_a_database_that_holds_data(source, cli):
    ok(cli("create-programme", "p1", "--name", "Bestaand", "--budget", "1000"))
    before = all_rows(cli)
    (line,) = refused(cli("restore", source.backup))
    assert line.startswith("the database already holds data (")
    assert "1 programmes" in line
    assert line.endswith("restore only into an empty, freshly migrated database")
    assert all_rows(cli) == before
    assert not (cli.workdir / "media").exists()


def test_refuses_a_damaged_zip(source, cli, tmp_path):
    damaged = tmp_path / "damaged.zip"
    data = bytearray(source.backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(byte ^ 0xFF for byte in data[middle : middle + 16])
    damaged.write_bytes(bytes(data))
    (line,) = refused(cli("restore", damaged))
    assert line.startswith(f"{damaged}: the file is damaged")
    assert_untouched(cli)


def test_refuses_a_file_that_is_not_a_zip(cli, tmp_path):
    text = tmp_path / "backup.zip"
    text.write_text("region_code,basis\nAM01,1\n", encoding="utf-8")
    (line,) = refused(cli("restore", text))
    assert line.startswith(f"{text}: the file is damaged or not a zip file")
    assert_untouched(cli)


def test_refuses_a_path_that_does_not_exist(cli, tmp_path):
    (line,) = refused(cli("restore", tmp_path / "missing.zip"))
    assert line == f"{tmp_path / 'missing.zip'}: no such file"
    assert_untouched(cli)


def test_refuses_a_zip_that_is_not_a_backup(cli, tmp_path):
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("basis.csv", "region_code,basis\nAM01,1\n")
    (line,) = refused(cli("restore", other))
    assert line == f"{other}: not a sectorplan backup (it holds no manifest.json)"
    # A manifest of another format is no better.
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "something-else"}))
    (line,) = refused(cli("restore", other))
    assert line.startswith(f"{other}: not a sectorplan backup")
    assert_untouched(cli)


def test_refuses_another_schema_version(source, cli, tmp_path):
    about = manifest(source.backup)
    ours = about["schema"]["programmes"][-1]
    about["schema"]["programmes"] = ["0004_report_table_row_key"]
    older = rewrite(
        source.backup, tmp_path / "older.zip", {"manifest.json": json.dumps(about).encode()}
    )
    (line,) = refused(cli("restore", older))
    assert line.startswith(
        f"{older}: made with schema programmes 0004_report_table_row_key, "
        f"this installation has programmes {ours}: restore it with the sectorplan version "
        f"that made it"
    )
    assert line.endswith("then migrate")
    assert_untouched(cli)


def test_refuses_a_file_that_does_not_match_its_checksum(source, cli, tmp_path):
    changed = rewrite(source.backup, tmp_path / "changed.zip", {f"media/{LOOSE_FILE}": b"other"})
    (line,) = refused(cli("restore", changed))
    assert line.startswith(f"{changed}: media/{LOOSE_FILE} does not match its checksum")
    assert_untouched(cli)


def test_refuses_to_overwrite_a_different_media_file(source, cli_process):
    existing = cli_process.workdir / "media" / LOOSE_FILE
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"mine")
    (line,) = refused(cli_process("restore", source.backup))
    assert line.startswith(f"media file {LOOSE_FILE} already exists with other content")
    assert existing.read_bytes() == b"mine"
    assert json.loads(ok(cli_process("dumpdata", *EXCLUDED)).stdout) == []


def test_rows_roll_back_when_the_files_cannot_be_written(source, cli_process):
    # MEDIA_ROOT is a file here, so no uploaded file can be written under it.
    (cli_process.workdir / "media").write_text("not a directory", encoding="utf-8")
    (line,) = refused(cli_process("restore", source.backup))
    assert line.startswith(f"{source.backup}: the media files could not be written")
    assert json.loads(ok(cli_process("dumpdata", *EXCLUDED)).stdout) == []
    assert (cli_process.workdir / "media").read_text(encoding="utf-8") == "not a directory"


def test_usage_errors(cli):
    assert cli("restore").returncode == 2
    assert cli("backup").returncode == 2
    assert cli("backup", "a.zip", "b.zip").returncode == 2


def test_backup_refuses_a_directory_that_does_not_exist(cli, tmp_path):
    target = tmp_path / "nowhere" / "backup.zip"
    (line,) = refused(cli("backup", target))
    assert line == f"{target}: directory {target.parent} does not exist"
    assert not target.parent.exists()


def test_an_empty_installation_backs_up_and_restores(cli_process, tmp_path):
    backup = tmp_path / "empty.zip"
    ok(cli_process("backup", backup))
    assert manifest(backup)["files"].keys() == {"data.json"}
    ok(cli_process("restore", backup))
