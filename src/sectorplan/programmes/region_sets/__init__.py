"""Region sets shipped as data: a TOML file naming the set plus a CSV of its regions."""

import csv
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

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


def load_region_set(code: str) -> RegionSetData:
    meta_path = REGION_SET_DIR / f"{code}.toml"
    if not meta_path.is_file():
        raise LookupError(f"unknown region set '{code}'")
    meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    with (REGION_SET_DIR / meta["regions"]).open(encoding="utf-8-sig", newline="") as handle:
        regions = [
            RegionData(
                code=row["code"].strip().upper(),
                name=row["name"].strip(),
                centrumgemeente=row.get("centrumgemeente", "").strip(),
                province=row.get("province", "").strip(),
                latitude=Decimal(row["latitude"]) if row.get("latitude") else None,
                longitude=Decimal(row["longitude"]) if row.get("longitude") else None,
            )
            for row in csv.DictReader(handle)
        ]
    return RegionSetData(
        code=meta["code"], name=meta["name"], regions=regions, outline=meta.get("outline", [])
    )
