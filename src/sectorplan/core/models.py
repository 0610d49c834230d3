"""core's models: the data version of a programme (versions.py) and the background job
(jobs.py)."""

from sectorplan.core.jobs import Job
from sectorplan.core.versions import DataVersion

__all__ = ["DataVersion", "Job"]
