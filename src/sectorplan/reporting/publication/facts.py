"""Everything the report says, read once, in a fixed number of queries whatever the number of
regions: the tables of CONTRACTS §5, the key figures, the plans and the counted reports of the
round with their contents."""

from dataclasses import dataclass
from datetime import datetime

from sectorplan.accounts.constants import Role
from sectorplan.accounts.models import Membership
from sectorplan.monitoring.constants import COUNTED_STATES
from sectorplan.monitoring.models import Report
from sectorplan.monitoring.selectors import Contents, IndicatorTotal, contents_of_many
from sectorplan.monitoring.selectors import indicator_totals as indicator_totals_of
from sectorplan.plans.models import Plan
from sectorplan.programmes.models import Programme, Region, Round
from sectorplan.reporting import selectors
from sectorplan.reporting.models import NarrativePick, ReportText
from sectorplan.reporting.services import report_texts
from sectorplan.reporting.tables import (
    Table,
    answers_table,
    coverage_table,
    current_round,
    regions_table,
    round_of,
)


@dataclass
class AnswerTable:
    report_table: object
    table: Table
    round: Round | None


@dataclass
class Facts:
    programme: Programme
    round: Round | None
    read_at: datetime
    office: str
    regions: list[Region]
    plans: dict[int, Plan]
    coverage: Table
    regions_table: Table
    answer_tables: list[AnswerTable]
    figures: selectors.KeyFigures
    spending: dict[int, selectors.Spending]
    theme_plans: dict[int, int]
    indicators: list[IndicatorTotal]
    reports: list[Report]
    contents: dict[int, Contents]
    texts: dict[str, ReportText]
    #: ids of the answers the office picked for the theme chapters
    picks: set[int]

    @property
    def counted_plans(self) -> int:
        return self.coverage.rows[0][4] if self.coverage.rows else 0


def read_facts(programme: Programme, round_: Round | None, read_at: datetime) -> Facts:
    shown = round_ or current_round(programme)
    reports = (
        list(
            Report.objects.filter(round=shown, state__in=COUNTED_STATES)
            .select_related("region", "round", "plan")
            .order_by("region__code")
        )
        if shown
        else []
    )
    office = (
        Membership.objects.filter(role=Role.PROGRAMME_OFFICE, is_active=True)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return Facts(
        programme=programme,
        round=shown,
        read_at=read_at,
        office=office.organisation.name if office else "",
        regions=[
            p.region
            for p in programme.participations.select_related("region").order_by("region__code")
        ],
        plans=selectors.report_plans(programme),
        coverage=coverage_table(programme),
        regions_table=regions_table(programme, round_),
        answer_tables=[
            AnswerTable(t, answers_table(t, round_), round_of(t, round_))
            for t in programme.report_tables.prefetch_related("rows")
        ],
        figures=selectors.key_figures(programme, shown),
        spending=selectors.spending_by_activity_type(programme, shown),
        theme_plans=selectors.plans_per_theme(programme),
        indicators=indicator_totals_of(programme),
        reports=reports,
        contents=contents_of_many(reports),
        texts=report_texts(programme),
        picks=set(
            NarrativePick.objects.filter(programme=programme).values_list("answer_id", flat=True)
        ),
    )
