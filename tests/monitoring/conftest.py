"""A granted plan for AM01 and the final evaluation round opened by the office."""

import pytest
from django.http import QueryDict

from sectorplan.monitoring import report_flow, rounds
from sectorplan.programmes.constants import RoundState
from tests.plans.conftest import draft_plan_granted, user


def form(**fields) -> QueryDict:
    """What a browser posts: every value a string, lists for repeated fields."""
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


@pytest.fixture
def granted_plan(demo):
    plan, _decision = draft_plan_granted(demo)
    return plan


@pytest.fixture
def final_round(demo, granted_plan):
    round_ = demo.rounds.get(position=demo.rounds.count() - 1)
    return rounds.round_set_state(round_=round_, state=RoundState.OPEN, by=user("bureau"))


@pytest.fixture
def report(final_round, granted_plan):
    return report_flow.report_start(
        round_=final_round, region=granted_plan.region, by=user("regio-am01")
    )


def item_key(report, code: str, theme=None) -> str:
    question = report.questionnaire.questions.get(code=code)
    return f"q{question.pk}" + (f"_{theme.pk}" if theme else "")


def complete_answers(report) -> QueryDict:
    """A valid answer to every question of the report, a status for every activity and a
    value for every indicator with a target: what a diligent region posts."""
    from sectorplan.monitoring.selectors import contents_of

    contents = contents_of(report)
    fields = {}
    for block in contents.blocks:
        for item in block.items:
            kind = item.question.kind
            if kind == "file":
                continue
            fields[item.key] = {
                "yes_no": "yes",
                "choice": (item.choice_codes or [""])[0],
                "multiple_choice": item.choice_codes[:1],
                "number": "12",
                "amount": "1.234,50",
                "percentage": "80",
                "short_text": "Kort antwoord",
            }.get(kind, "Een antwoord in woorden.")
    for activity in contents.activities:
        fields[f"a{activity.pk}_status"] = "afgerond"
        fields[f"a{activity.pk}_people"] = "35"
        fields[f"a{activity.pk}_spent"] = "90000"
    for indicator_id in contents.targets:
        fields[f"i{indicator_id}"] = "10"
    return form(**fields)
