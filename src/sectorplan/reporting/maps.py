"""The regions on a map, drawn on the server as SVG: each region a dot at its central
municipality over a schematic outline of the country, coloured by a measure the user picks.
The page shows the same values as a table for screen readers."""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sectorplan.monitoring.constants import NOT_STARTED, NOT_STARTED_LABEL, ReportState
from sectorplan.programmes.constants import YesNo
from sectorplan.programmes.models import Programme, Round
from sectorplan.reporting.selectors import NO_ANSWER, regions_by_answer
from sectorplan.reporting.tables import regions_table, round_of

WIDTH = 480
MARGIN = 12
STATUS, SPENT = "status", "spent"


@dataclass
class Dot:
    region: object
    x: float
    y: float
    category: int  # index into the measure's categories
    value: str
    tone: str = ""

    # SVG wants a decimal point whatever the page's language.
    @property
    def cx(self) -> str:
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"


@dataclass
class Map:
    measure: str
    title: str
    categories: list[tuple[str, str]]  # (label, tone); tones are CSS class suffixes
    dots: list[Dot]
    unplaced: list[Dot]
    outline: str
    width: int
    height: int


def measures(programme: Programme) -> list[tuple[str, str]]:
    """(key, label) of every measure a map can show."""
    options = [(STATUS, _("State of the report")), (SPENT, _("Budget spent"))]
    for table in programme.report_tables.prefetch_related("rows"):
        for row in table.rows.all():
            for column in table.columns:
                options.append(
                    (
                        f"answer:{table.code}.{row.code}.{column['code']}",
                        f"{row.label_nl}: {column['label_nl']}",
                    )
                )
    return options


def region_map(programme: Programme, measure: str, round_: Round | None) -> Map:
    regions = programme.region_set
    points = [(Decimal(str(lon)), Decimal(str(lat))) for lon, lat in regions.outline]
    placed = [
        p.region
        for p in programme.participations.select_related("region")
        if p.region.latitude is not None
    ]
    coordinates = points + [(r.longitude, r.latitude) for r in placed]
    project = _projection(coordinates)
    title, categories, value_of = _measure(programme, measure, round_)
    dots, unplaced = [], []
    for participation in programme.participations.select_related("region").order_by("region__code"):
        region = participation.region
        category, value = value_of(region)
        tone = categories[category][1]
        if region.latitude is None or project is None:
            unplaced.append(Dot(region, 0, 0, category, value, tone))
            continue
        x, y = project(region.longitude, region.latitude)
        dots.append(Dot(region, x, y, category, value, tone))
    outline = " ".join("{:.1f},{:.1f}".format(*project(*p)) for p in points) if project else ""
    height = int(project.height) if project else MARGIN * 2
    return Map(measure, title, categories, dots, unplaced, outline, WIDTH, height)


class _Projection:
    """Longitude/latitude to SVG units: equirectangular, corrected for the latitude."""

    def __init__(self, coordinates):
        lons = [float(lon) for lon, _lat in coordinates]
        lats = [float(lat) for _lon, lat in coordinates]
        self.west, self.north = min(lons), max(lats)
        middle = math.radians((max(lats) + min(lats)) / 2)
        self.stretch = math.cos(middle)
        span_x = (max(lons) - self.west) * self.stretch or 1
        self.scale = (WIDTH - 2 * MARGIN) / span_x
        self.height = (self.north - min(lats)) * self.scale + 2 * MARGIN

    def __call__(self, lon, lat) -> tuple[float, float]:
        x = MARGIN + (float(lon) - self.west) * self.stretch * self.scale
        y = MARGIN + (self.north - float(lat)) * self.scale
        return x, y


def _projection(coordinates):
    return _Projection(coordinates) if coordinates else None


def _measure(programme: Programme, measure: str, round_: Round | None):
    """(title, category labels, region → (category index, value text))."""
    if measure.startswith("answer:"):
        code, _sep, cell = measure.removeprefix("answer:").partition(".")
        row_code, _sep, column = cell.partition(".")
        table = programme.report_tables.filter(code=code).first()
        row = table.rows.filter(code=row_code).first() if table else None
        answered_in = round_of(table, round_) if table else None
        if row is None or answered_in is None:
            return _measure(programme, STATUS, round_)
        groups = regions_by_answer(table, row_code, column, answered_in)
        order = [YesNo.YES, YesNo.NO, YesNo.UNKNOWN, NO_ANSWER]
        labels = [*(str(label) for label in YesNo.labels), _("no answer"), _("no report")]
        tones = ["good", "bad", "warn", "empty", "none"]
        found = {region.pk: order.index(code) for code, rs in groups.items() for region in rs}
        column_label = next((c["label_nl"] for c in table.columns if c["code"] == column), column)

        def answer(region):
            index = found.get(region.pk, len(order))
            return index, labels[index]

        return f"{row.label_nl}: {column_label}", list(zip(labels, tones, strict=True)), answer

    table = regions_table(programme, round_)
    by_code = {row[0]: dict(zip(table.columns, row, strict=True)) for row in table.rows}
    if measure == SPENT:
        labels = [_("under 25%"), _("25–50%"), _("50–75%"), _("75% or more"), _("no data")]
        tones = ["scale-1", "scale-2", "scale-3", "scale-4", "none"]

        def spent(region):
            row = by_code.get(region.code, {})
            budget = (row.get("subsidy") or 0) + (row.get("cofinancing") or 0)
            if row.get("spent") is None or not budget:
                return 4, labels[4]
            share = row["spent"] / budget
            return min(3, int(share * 4)), f"{round(share * 100)}%"

        title = _("Budget spent (reported, as a share of the plan's budget)")
        return title, list(zip(labels, tones, strict=True)), spent

    states = [
        NOT_STARTED,
        ReportState.DRAFT,
        ReportState.RETURNED,
        ReportState.SUBMITTED,
        ReportState.ACCEPTED,
    ]
    labels = [str(NOT_STARTED_LABEL)] + [str(ReportState(s).label) for s in states[1:]]
    tones = ["none", "warn", "bad", "info", "good"]

    def status(region):
        index = states.index(by_code.get(region.code, {}).get("round_status", NOT_STARTED))
        return index, labels[index]

    return _("State of the report"), list(zip(labels, tones, strict=True)), status
