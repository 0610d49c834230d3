"""Region sets as data: shipped ones (a TOML file naming the set plus a CSV of its regions),
and CSV files a programme office brings (`code,name`, more columns allowed), next to a
template or in `<data dir>/region-sets/`.
"""

import csv
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

REGION_SET_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class RegionData:
    code: str
    name: str
    centrumgemeente: str
    province: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass(frozen=True)
class RegionSetData:
    code: str
    name: str
    regions: list[RegionData]
    #: (longitude, latitude) points of a schematic outline for maps.
    outline: list[list[float]]


class RegionSetError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


#: Most regions a region-set file may hold (bounded input).
MAX_REGIONS = 2000


def data_dir() -> Path:
    return Path(settings.DATA_DIR) / "region-sets"


def shipped() -> list[str]:
    return sorted(path.stem for path in REGION_SET_DIR.glob("*.toml"))


def load_region_set(code: str) -> RegionSetData:
    """A shipped region set by its code (LookupError when there is none)."""
    meta_path = REGION_SET_DIR / f"{code}.toml"
    if not meta_path.is_file():
        raise LookupError(f"unknown region set '{code}'")
    meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    regions = _read_csv(REGION_SET_DIR / meta["regions"])
    return RegionSetData(
        code=meta["code"], name=meta["name"], regions=regions, outline=meta.get("outline", [])
    )


def find_region_set(name: str, *, base: Path | None = None) -> RegionSetData:
    """The region set a template names: a shipped one by code, or a CSV file by a path
    relative to the template's folder (`base`) or by its name in `<data dir>/region-sets/`.
    RegionSetError with a clear message when there is none or the file is wrong."""
    if (REGION_SET_DIR / f"{name}.toml").is_file():
        return load_region_set(name)
    candidates = []
    if base is not None:
        candidates.append(base / name)
    candidates += [data_dir() / name, data_dir() / f"{name}.csv"]
    path = next((c for c in candidates if c.suffix == ".csv" and c.is_file()), None)
    if path is None:
        known = shipped() + sorted(p.name for p in data_dir().glob("*.csv"))
        raise RegionSetError(
            [
                _(
                    "unknown region set '%(name)s': not a shipped one (%(known)s) and no CSV "
                    "file next to the template or in %(folder)s"
                )
                % {"name": name, "known": ", ".join(known), "folder": data_dir()}
            ]
        )
    regions = _read_csv(path)
    return RegionSetData(code=path.stem, name=path.stem, regions=regions, outline=[])


def _read_csv(path: Path) -> list[RegionData]:
    errors: list[str] = []
    regions: list[RegionData] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
            reader = csv.DictReader(handle, delimiter=delimiter)
            header = [(name or "").strip().lower() for name in reader.fieldnames or []]
            missing = [column for column in ("code", "name") if column not in header]
            if missing:
                raise RegionSetError(
                    [
                        _("%(file)s: the header needs the columns %(columns)s")
                        % {"file": path.name, "columns": ", ".join(missing)}
                    ]
                )
            reader.fieldnames = header
            seen: set[str] = set()
            for line, row in enumerate(reader, start=2):
                if line - 1 > MAX_REGIONS:
                    raise RegionSetError(
                        [
                            _("%(file)s: more than %(max)d regions")
                            % {"file": path.name, "max": MAX_REGIONS}
                        ]
                    )
                code = (row.get("code") or "").strip().upper()
                name = (row.get("name") or "").strip()
                if not code or not name:
                    errors.append(
                        _("%(file)s line %(line)d: code and name are required")
                        % {"file": path.name, "line": line}
                    )
                    continue
                if code in seen:
                    errors.append(
                        _("%(file)s line %(line)d: region code '%(code)s' appears twice")
                        % {"file": path.name, "line": line, "code": code}
                    )
                seen.add(code)
                try:
                    latitude = Decimal(row["latitude"]) if row.get("latitude") else None
                    longitude = Decimal(row["longitude"]) if row.get("longitude") else None
                except ArithmeticError:
                    errors.append(
                        _("%(file)s line %(line)d: latitude and longitude must be numbers")
                        % {"file": path.name, "line": line}
                    )
                    continue
                regions.append(
                    RegionData(
                        code=code,
                        name=name,
                        centrumgemeente=(row.get("centrumgemeente") or "").strip(),
                        province=(row.get("province") or "").strip(),
                        latitude=latitude,
                        longitude=longitude,
                    )
                )
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RegionSetError([f"{path.name}: {exc}"]) from exc
    if not regions and not errors:
        errors.append(_("%(file)s: the region set has no regions") % {"file": path.name})
    if errors:
        raise RegionSetError(errors)
    return regions
