"""docs/api_client_example.py, run as a region would run it, against a running server."""

import subprocess
import sys
from pathlib import Path

import pytest

from sectorplan.monitoring.models import Answer
from sectorplan.workflow.history import step_history
from tests.api.conftest import token_for
from tests.monitoring.conftest import final_round, granted_plan, report

__all__ = ["final_round", "granted_plan", "report"]  # fixtures used here


@pytest.fixture
def demo(demo_committed):
    """The live server answers from another thread: it needs the demo committed."""
    return demo_committed


SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "api_client_example.py"


def _run_example(live_server):
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--base-url",
            live_server.url,
            "--token",
            token_for("regio-am01"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_example_client_reads_the_plan_and_fills_in_the_report(live_server, report):
    done = _run_example(live_server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Plan Groningen: Toegekend (granted)" in done.stdout
    assert "Van werk naar werk" in done.stdout
    assert "Answered" in done.stdout
    answer = Answer.objects.get(report=report)
    assert answer.code == "yes" and answer.updated_by.username == "regio-am01"


def test_the_example_client_starts_a_report_the_region_had_not_begun(
    live_server, final_round, granted_plan
):
    from sectorplan.monitoring.models import Report

    assert not Report.objects.filter(round=final_round).exists()
    done = _run_example(live_server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Report eindevaluatie started" in done.stdout
    report = Report.objects.get(round=final_round, region__code="AM01")
    assert [event.action for event in step_history(report)] == ["start"]
    assert "Answered" in done.stdout
    assert Answer.objects.filter(report=report).count() == 1
