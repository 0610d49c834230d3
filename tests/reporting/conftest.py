"""`answered`: the demo programme with final-round answers to two SER functions from eight
regions (yes, no, don't know and empty), and a ninth region whose report is a draft."""

import pytest

from sectorplan.core.tabular import Row
from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.imports import responses_import
from sectorplan.monitoring.models import Report

# Answers to the final round: per region, (present, contribution) per function; "" = empty.
SER = {
    "werknemersvaardigheden": ["JJ", "JN", "NN", "WN", "-J", "JJ", "JJ", "NN"],
    "detachering": ["JJ", "NN", "NN", "NN", "NN", "NN", "NN", "NN"],
}
LETTER = {"J": "ja", "N": "nee", "W": "weet niet", "-": ""}
REGIONS = [f"AM0{n}" for n in range(1, 9)]


def rows(values: list[tuple[str, str, str]]) -> list[Row]:
    return [
        Row(line, dict(zip(("region_code", "question_code", "answer"), v, strict=True)))
        for line, v in enumerate(values, 2)
    ]


@pytest.fixture
def answered(demo):
    final = demo.rounds.order_by("-position").first()
    values = []
    for function, cells in SER.items():
        for region, (present, contribution) in zip(REGIONS, cells, strict=True):
            values.append((region, f"ser_{function}_aanwezig", LETTER[present]))
            values.append((region, f"ser_{function}_bijdrage", LETTER[contribution]))
    # AM09 answers yes everywhere but its report is a draft: not counted.
    values += [("AM09", f"ser_{f}_{p}", "ja") for f in SER for p in ("aanwezig", "bijdrage")]
    responses_import(round_=final, rows=rows(values))
    Report.objects.filter(round=final, region__code="AM09").update(state=ReportState.DRAFT)
    return demo


@pytest.fixture
def granted_and_reported(demo):
    """AM01's plan granted, and its final report submitted with what it spent."""
    from sectorplan.monitoring import filling, report_flow, rounds
    from sectorplan.monitoring.report_input import from_form
    from sectorplan.programmes.constants import RoundState
    from tests.monitoring.conftest import complete_answers
    from tests.plans.conftest import draft_plan_granted, user

    plan, _decision = draft_plan_granted(demo)
    final = demo.rounds.order_by("-position").first()
    rounds.round_set_state(round_=final, state=RoundState.OPEN, by=user("bureau"))
    region = user("regio-am01")
    report = report_flow.report_start(round_=final, region=plan.region, by=region)
    filling.report_save(
        report=report,
        by=region,
        lock_version=report.lock_version,
        given=from_form(report, complete_answers(report)),
    )
    report.refresh_from_db()
    report_flow.report_transition(report=report, action="submit", by=region)
    return demo
