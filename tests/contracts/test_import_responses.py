"""`sectorplan import-responses SLUG ROUND FILE [--state submitted|accepted]` (CONTRACTS §3;
issue 5) and `sectorplan send-reminders`, through the real console script on programme p1."""

from decimal import Decimal

from sectorplan.monitoring.models import Report
from sectorplan.workflow.history import step_history
from tests.contracts.helpers import dump, objects, ok, refused, write_csv, write_xlsx

HEADER = ["region_code", "question_code", "answer"]
ROWS = [
    ["am01", "plan_afgerond", "Nee"],
    ["AM01", "verwachte_afronding", "Medio 2017"],
    ["AM01", "besteding_pct", "62,5"],
    ["AM01", "ser_detachering_aanwezig", "weet niet"],
    ["AM01", "trajecten.bereikt", "Veertig mensen van werk naar werk"],
    ["AM01", "vormen", "ssc, joint_venture"],
    ["AM02", "plan_afgerond", "yes"],
    ["AM02", "besteding_pct", "100"],
]
LABELS = ("monitoring", "programmes.question", "programmes.region", "programmes.theme")


def responses_file(directory, rows=ROWS, name="answers.csv"):
    return write_csv(directory / name, [HEADER, *rows], delimiter=";", bom=True, crlf=True)


def stored(cli) -> dict:
    dumped = dump(cli, *LABELS)
    questions = {q["pk"]: q["fields"]["code"] for q in objects(dumped, "programmes.question")}
    regions = {r["pk"]: r["fields"]["code"] for r in objects(dumped, "programmes.region")}
    themes = {t["pk"]: t["fields"]["code"] for t in objects(dumped, "programmes.theme")}
    reports = {r["pk"]: r["fields"] for r in objects(dumped, "monitoring.report")}
    answers = {}
    for answer in objects(dumped, "monitoring.answer"):
        fields = answer["fields"]
        region = regions[reports[fields["report"]]["region"]]
        code = questions[fields["question"]]
        if fields["theme"]:
            code = f"{themes[fields['theme']]}.{code}"
        answers[(region, code)] = (
            fields["code"],
            None if fields["number"] is None else Decimal(fields["number"]),
            fields["text"],
            len(fields["choices"]),
            fields["source"],
        )
    states = {regions[r["region"]]: r["state"] for r in reports.values()}
    return {
        "answers": answers,
        "states": states,
        "events": [
            {"fields": {"action": event.action}}
            for report in Report.objects.filter(round__programme__slug="p1")
            for event in step_history(report)
        ],
    }


def test_answers_are_imported_typed_and_the_reports_submitted(cli_p1, tmp_path):
    result = ok(cli_p1("import-responses", "p1", "eindevaluatie", responses_file(tmp_path)))
    assert "imported 8 answers for 2 regions" in result.stdout
    state = stored(cli_p1)
    answers = state["answers"]
    assert answers[("AM01", "plan_afgerond")][0] == "no"
    assert answers[("AM01", "besteding_pct")][1] == Decimal("62.5")
    assert answers[("AM01", "ser_detachering_aanwezig")][0] == "unknown"
    assert answers[("AM01", "trajecten.bereikt")][2] == "Veertig mensen van werk naar werk"
    assert answers[("AM01", "vormen")][3] == 2
    assert {value[4] for value in answers.values()} == {"import"}
    assert state["states"] == {"AM01": "submitted", "AM02": "submitted"}
    assert [e["fields"]["action"] for e in state["events"]].count("import") == 2


def test_importing_the_same_file_again_changes_nothing(cli_p1, tmp_path):
    path = responses_file(tmp_path)
    ok(cli_p1("import-responses", "p1", "eindevaluatie", path))
    before = dump(cli_p1, "monitoring")
    again = ok(cli_p1("import-responses", "p1", "eindevaluatie", path))
    assert "(0 changed)" in again.stdout and "'submitted': 0" in again.stdout
    assert dump(cli_p1, "monitoring") == before


def test_accepted_state_and_xlsx(cli_p1, tmp_path):
    path = write_xlsx(tmp_path / "answers.xlsx", [HEADER, *ROWS[:3]])
    ok(cli_p1("import-responses", "p1", "eindevaluatie", path, "--state", "accepted"))
    assert stored(cli_p1)["states"] == {"AM01": "accepted"}


def test_a_file_with_bad_rows_changes_nothing_and_names_each_row(cli_p1, tmp_path):
    rows = [
        *ROWS[:2],
        ["AM36", "plan_afgerond", "ja"],
        ["AM03", "bestaat_niet", "ja"],
        ["AM03", "besteding_pct", "honderd"],
        ["AM03", "plan_afgerond", "misschien"],
        ["AM04", "besteding_pct", "120"],
        ["AM04", "vormen", "ssc,iets_anders"],
        ["AM01", "plan_afgerond", "ja"],
        ["AM05", "eindverslag", "verslag.pdf"],
    ]
    before = dump(cli_p1, "monitoring")
    errors = refused(
        cli_p1("import-responses", "p1", "eindevaluatie", responses_file(tmp_path, rows))
    )
    assert errors == [
        "line 4: region_code 'AM36' is not a region of programme 'p1'",
        "line 5: question_code 'bestaat_niet' is not a question of round 'eindevaluatie'",
        "line 6: answer 'honderd' is not a number",
        "line 7: answer 'misschien' is not an answer to a yes/no question (ja, nee or weet niet)",
        "line 8: answer '120' is more than 100%",
        "line 9: answer 'iets_anders' is not one of the choices (ssc, joint_venture, "
        "werkgeversservicepunt, geen)",
        "line 10: AM01 plan_afgerond is answered on line 2 already",
        "line 11: question 'eindverslag' takes a file; upload it on the report page",
    ]
    assert dump(cli_p1, "monitoring") == before


def test_unknown_round_is_refused(cli_p1, tmp_path):
    errors = refused(cli_p1("import-responses", "p1", "slotmeting", responses_file(tmp_path)))
    assert errors == [
        "unknown round 'slotmeting' of programme 'p1' "
        "(rounds: tussenevaluatie-1, tussenevaluatie-2, eindevaluatie)"
    ]


def test_send_reminders_runs_and_reports_what_it_sent(cli_p1):
    result = ok(cli_p1("send-reminders", "--date", "2017-01-24"))
    # No round of p1 is open and p1 has no users: nothing to send, and it says so.
    assert result.stdout.strip() == "sent 0 reminders for 2017-01-24"
