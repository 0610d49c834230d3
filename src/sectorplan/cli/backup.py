"""Full backup and restore: every row of every installed model, and the uploaded files.

A backup is a zip holding
- `manifest.json`: format and version, the sectorplan version, when (UTC), the schema (the
  leaf applied migration of each app), the row count of each model, and the sha256 and
  size of every other member;
- `data.json`: the rows, in Django's JSON serialization, primary keys kept;
- `media/<path>`: each file of the default storage.

Restore loads into an empty, freshly migrated database of the same schema only: it checks
the whole zip first and then loads everything in one transaction, so a refused or failed
restore changes nothing.
"""

import hashlib
import json
import posixpath
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader

from sectorplan.core import versions
from sectorplan.core.errors import Refused

FORMAT = "sectorplan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media/"
CHUNK = 1024 * 1024

# `migrate` creates these rows itself (post_migrate), with ids of its own: they are left out
# of the backup, and the rows that point at them (permissions of users and groups, admin
# log entries) name them by natural key, so the restored rows find the target's own ones.
# Everything else, sessions and history tables included, is data and is backed up.
CREATED_BY_MIGRATE: set[type[models.Model]] = {ContentType, Permission}


@dataclass(frozen=True)
class Summary:
    rows: int
    tables: int
    files: int


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own, of every installed app (third-party ones too)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model not in CREATED_BY_MIGRATE
    ]


def schema_state() -> dict[str, list[str]]:
    """The schema of this database: per app, its leaf applied migration(s)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    state: dict[str, list[str]] = {}
    for node in sorted(applied):
        app, name = node
        if app not in loader.migrated_apps or node not in loader.graph.nodes:
            continue
        children = loader.graph.node_map[node].children
        if not any(child[0] == app and child in applied for child in children):
            state.setdefault(app, []).append(name)
    return state


def _sectorplan_version() -> str:
    try:
        return version("sectorplan")
    except PackageNotFoundError:
        return "unknown"


class _Encoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps them whole."""

    def default(self, o):
        if isinstance(o, datetime | time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class _Serializer(JSONSerializer):
    """Natural keys only for the rows `migrate` makes (see CREATED_BY_MIGRATE): every other
    reference stays an id, so rows load in any order and dangling history references
    (simple-history keeps ids of deleted rows) survive as they are."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in CREATED_BY_MIGRATE
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in CREATED_BY_MIGRATE
        super().handle_m2m_field(obj, field)


class _HashingWriter:
    """Text in, UTF-8 out to a zip member, counting bytes and hashing on the way."""

    def __init__(self, target: IO[bytes]):
        self.target, self.digest, self.size = target, hashlib.sha256(), 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(text)

    def entry(self) -> dict[str, Any]:
        return {"sha256": self.digest.hexdigest(), "size": self.size}


def _member(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    """A new member `name` of `archive` to write to, dated now (local time, as zip has it)."""
    info = zipfile.ZipInfo(name, date_time=datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return archive.open(info, "w", force_zip64=True)


def _copy(source: IO[bytes], target: IO[bytes] | None = None) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def media_files(storage: Storage = default_storage, directory: str = "") -> Iterator[str]:
    """The name of every file in `storage`, sorted, subdirectories walked."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        if directory:
            raise
        return  # no file was ever uploaded: MEDIA_ROOT does not exist yet
    for name in sorted(files):
        yield posixpath.join(directory, name)
    for name in sorted(directories):
        yield from media_files(storage, posixpath.join(directory, name))


# --- backup ------------------------------------------------------------------------------


def backup_write(target: Path) -> Summary:
    """Write a full backup to `target` (replaced as a whole, never left half-written)."""
    if not target.parent.is_dir():
        raise Refused(f"{target}: directory {target.parent} does not exist")
    if target.is_dir():
        raise Refused(f"{target}: is a directory")
    part: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
        ) as temporary:
            part = Path(temporary.name)
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
                summary = _backup_into(archive)
        part.replace(target)
    except BaseException as exc:
        if part is not None:
            part.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise Refused(f"{target}: the backup could not be written: {exc}") from exc
        raise
    return summary


def _backup_into(archive: zipfile.ZipFile) -> Summary:
    counts: Counter[str] = Counter()
    entries: dict[str, dict[str, Any]] = {}
    # One transaction, so the rows are one consistent state. PostgreSQL's default (read
    # committed) gives each query its own snapshot, hence repeatable read for this one.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        created_at = datetime.now(UTC)
        schema = schema_state()
        backed_up = backed_up_models()

        def rows() -> Iterable[models.Model]:
            for model in backed_up:
                counts[model._meta.label_lower] += 0
                queryset = model._base_manager.order_by("pk")
                many_to_many = [field.name for field in model._meta.many_to_many]
                if many_to_many:
                    queryset = queryset.prefetch_related(*many_to_many)
                for row in queryset.iterator(chunk_size=2000):
                    counts[model._meta.label_lower] += 1
                    yield row

        with _member(archive, DATA) as member:
            writer = _HashingWriter(member)
            _Serializer().serialize(rows(), stream=writer, cls=_Encoder)
            entries[DATA] = writer.entry()

    files = 0
    for name in media_files():
        with default_storage.open(name, "rb") as source, _member(archive, MEDIA + name) as member:
            entries[MEDIA + name] = _copy(source, member)
        files += 1

    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sectorplan_version": _sectorplan_version(),
        "created_at": created_at.isoformat().replace("+00:00", "Z"),
        "database": connection.vendor,
        "schema": schema,
        "rows": dict(counts),
        "files": entries,
    }
    archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return Summary(rows=sum(counts.values()), tables=len(counts), files=files)


# --- restore -----------------------------------------------------------------------------


def restore_read(source: Path) -> Summary:
    """Restore the backup `source` into this (empty) database and media storage."""
    archive = _open(source)
    with archive:
        manifest = _manifest(archive, source)
        _check_schema(manifest, source)
        media = _check_members(archive, manifest, source)
        _check_empty()
        to_write = _check_media(media)
        return _load(archive, manifest, to_write, source)


def _open(source: Path) -> zipfile.ZipFile:
    if not source.exists():
        raise Refused(f"{source}: no such file")
    if not source.is_file():
        raise Refused(f"{source}: not a file")
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise Refused(f"{source}: the file is damaged or not a zip file ({exc})") from exc
    try:
        bad = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        archive.close()
        raise Refused(f"{source}: the file is damaged ({exc})") from exc
    if bad is not None:
        archive.close()
        raise Refused(f"{source}: the file is damaged (checksum error in {bad})")
    return archive


def _manifest(archive: zipfile.ZipFile, source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise Refused(f"{source}: not a sectorplan backup (it holds no {MANIFEST})") from None
    except ValueError as exc:
        raise Refused(f"{source}: not a sectorplan backup ({MANIFEST}: {exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Refused(f"{source}: not a sectorplan backup ({MANIFEST} is of another format)")
    made = manifest.get("format_version")
    if made != FORMAT_VERSION:
        raise Refused(
            f"{source}: backup format version {made} (made by sectorplan "
            f"{manifest.get('sectorplan_version')}); this sectorplan reads version "
            f"{FORMAT_VERSION} only"
        )
    for key, kind in (("schema", dict), ("rows", dict), ("files", dict)):
        if not isinstance(manifest.get(key), kind):
            raise Refused(f"{source}: damaged manifest ({key!r} is missing)")
    return manifest


def _check_schema(manifest: dict[str, Any], source: Path) -> None:
    theirs, ours = manifest["schema"], schema_state()
    errors = []
    for app in sorted(set(theirs) | set(ours)):
        if sorted(theirs.get(app) or []) != sorted(ours.get(app) or []):
            made = " + ".join(theirs.get(app) or ["(none)"])
            have = " + ".join(ours.get(app) or ["(none)"])
            errors.append(
                f"{source}: made with schema {app} {made}, this installation has {app} {have}: "
                f"restore it with the sectorplan version that made it "
                f"({manifest.get('sectorplan_version')}), then migrate"
            )
    if errors:
        raise Refused(errors)


def _safe(name: str) -> bool:
    parts = name.split("/")
    return (
        bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and all(part not in {"", ".", ".."} for part in parts)
    )


def _check_members(
    archive: zipfile.ZipFile, manifest: dict[str, Any], source: Path
) -> dict[str, dict[str, Any]]:
    """Every member there, whole and as the manifest says; returns the media entries."""
    listed: dict[str, dict[str, Any]] = manifest["files"]
    present = set(archive.namelist())
    errors = []
    if DATA not in listed:
        errors.append(f"{source}: the manifest lists no {DATA}")
    for name in sorted(present - set(listed) - {MANIFEST}):
        errors.append(f"{source}: {name} is not listed in the manifest")
    for name, expected in sorted(listed.items()):
        if name != DATA and not (name.startswith(MEDIA) and _safe(name.removeprefix(MEDIA))):
            errors.append(f"{source}: the manifest lists {name!r}, which is not a media path")
        elif name not in present:
            errors.append(f"{source}: {name} is missing")
        else:
            with archive.open(name) as member:
                found = _copy(member)
            if found != {"sha256": expected.get("sha256"), "size": expected.get("size")}:
                errors.append(
                    f"{source}: {name} does not match its checksum in the manifest "
                    f"(sha256 {found['sha256']}, {found['size']} bytes; the manifest says "
                    f"sha256 {expected.get('sha256')}, {expected.get('size')} bytes)"
                )
    if errors:
        raise Refused(errors)
    return {
        name.removeprefix(MEDIA): entry for name, entry in listed.items() if name.startswith(MEDIA)
    }


def _check_empty() -> None:
    held = [
        (count, str(model._meta.verbose_name_plural))
        for model in backed_up_models()
        if (count := model._base_manager.count())
    ]
    if held:
        shown = ", ".join(f"{count} {name}" for count, name in held[:6])
        more = f" and {len(held) - 6} more kinds of rows" if len(held) > 6 else ""
        raise Refused(
            f"the database already holds data ({shown}{more}): restore only into an empty, "
            f"freshly migrated database"
        )


def _check_media(media: dict[str, dict[str, Any]]) -> list[str]:
    """The media files to write: those not there yet. Refuses to overwrite a different one."""
    to_write, errors = [], []
    for name, entry in sorted(media.items()):
        if not default_storage.exists(name):
            to_write.append(name)
            continue
        with default_storage.open(name, "rb") as existing:
            if _copy(existing)["sha256"] != entry["sha256"]:
                errors.append(
                    f"media file {name} already exists with other content: move it away "
                    f"or restore into an empty media directory"
                )
    if errors:
        raise Refused(errors)
    return to_write


def _load(
    archive: zipfile.ZipFile, manifest: dict[str, Any], to_write: list[str], source: Path
) -> Summary:
    written: list[str] = []
    try:
        with transaction.atomic():
            loaded = _load_rows(archive, manifest, source)
            # The files last, inside the transaction: if one cannot be written, the rows
            # roll back and the files written so far are removed (below).
            for name in to_write:
                with archive.open(MEDIA + name) as member:
                    content = File(member, name=name)
                    content.size = archive.getinfo(MEDIA + name).file_size
                    saved = default_storage.save(name, content)
                written.append(saved)
                if saved != name:
                    raise OSError(f"media file {name} was stored as {saved}")
    except (DeserializationError, DatabaseError) as exc:
        _remove(written)
        raise Refused(f"{source}: the data could not be loaded: {exc}") from exc
    except OSError as exc:
        _remove(written)
        raise Refused(f"{source}: the media files could not be written: {exc}") from exc
    except BaseException:
        _remove(written)
        raise
    files = len(manifest["files"]) - 1  # all but data.json
    return Summary(rows=sum(loaded.values()), tables=len(manifest["rows"]), files=files)


def _remove(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _load_rows(archive: zipfile.ZipFile, manifest: dict[str, Any], source: Path) -> Counter:
    loaded: Counter[str] = Counter()
    touched: set[type[models.Model]] = set()
    deferred = []
    # As `loaddata` does: rows in any order, references checked once all are in. The rows
    # keep the data versions the backup holds (many-to-many rows and forward references are
    # saved again, not as `raw`).
    with versions.unchanged(), connection.constraint_checks_disabled():
        with archive.open(DATA) as stream:
            for item in serializers.deserialize("json", stream, handle_forward_references=True):
                # Saving many-to-many rows sends m2m_changed, on which django-simple-history
                # writes a new history row; the backup holds the history as it was.
                item.object.skip_history_when_saving = True
                item.save()
                if item.deferred_fields:
                    deferred.append(item)
                model = type(item.object)
                touched.add(model)
                loaded[model._meta.label_lower] += 1
        for item in deferred:
            item.save_deferred_fields()
    connection.check_constraints(table_names=[model._meta.db_table for model in touched])
    # Rows came with their ids: move each sequence past them, so new rows get fresh ids.
    statements = connection.ops.sequence_reset_sql(no_style(), list(touched))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    # What the tables hold now, not what was saved: a signal handler may have added rows.
    held = {
        model._meta.label_lower: count
        for model in backed_up_models()
        if (count := model._base_manager.count())
    }
    expected = {label: count for label, count in manifest["rows"].items() if count}
    if held != expected:
        differ = sorted(
            f"{label} {held.get(label, 0)} (the manifest says {expected.get(label, 0)})"
            for label in set(held) | set(expected)
            if held.get(label) != expected.get(label)
        )
        raise Refused(
            f"{source}: the restored tables hold other rows than the manifest counts: "
            + ", ".join(differ)
        )
    return loaded
