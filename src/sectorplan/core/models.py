"""core's one model: the data version of a programme (see versions.py)."""

from sectorplan.core.versions import DataVersion

__all__ = ["DataVersion"]
