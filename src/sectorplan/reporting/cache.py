"""The national tables, cached under the programme's data version (`core.page_cache`)."""

from sectorplan.core.page_cache import cached
from sectorplan.programmes.models import Programme


def national_table(programme: Programme, code: str, round_=None):
    """`tables.table_for`, cached: the table pages, their CSV and the API read it."""
    from sectorplan.reporting.tables import table_for

    return cached(
        programme,
        "table",
        code,
        round_.pk if round_ else "",
        compute=lambda: table_for(programme, code, round_),
    )
