"""docs/api_client_example.py, run as a region would run it, against a running server."""

import subprocess
import sys
from pathlib import Path

from sectorplan.monitoring.models import Answer
from tests.api.conftest import token_for
from tests.monitoring.conftest import final_round, granted_plan, report

__all__ = ["final_round", "granted_plan", "report"]  # fixtures used here

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "api_client_example.py"


def test_the_example_client_reads_the_plan_and_fills_in_the_report(live_server, report):
    done = subprocess.run(
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
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Plan Groningen: Toegekend (granted)" in done.stdout
    assert "Van werk naar werk" in done.stdout
    assert "Answered" in done.stdout
    answer = Answer.objects.get(report=report)
    assert answer.code == "yes" and answer.updated_by.username == "regio-am01"
