"""`sectorplan create-programme SLUG --name NAME --budget EUR [--cofinancing-ratio R]
[--template T]` (CONTRACTS §3, §4)."""

from decimal import Decimal
from pathlib import Path

import pytest

import sectorplan
from tests.contracts.helpers import REGION_CODES, dump, objects, ok, refused

SHIPPED_TEMPLATE = (
    Path(sectorplan.__file__).parent / "programmes/programme_templates/sw-sectorplannen-2015.toml"
)

TAXONOMY_2015 = {
    "trajecten": ["werk_naar_werk", "passend_werk", "werkfit"],
    "expertise": ["kennisdeling", "jobcoaching", "functiecreatie", "overige_expertise"],
    "infrastructuur": [
        "werkgeversdienstverlening",
        "detacheringsfaciliteit",
        "joint_venture",
        "beschut_werk",
        "overige_infrastructuur",
    ],
}


def create(cli, slug="p1", *, name="Test", budget="1000000", more=()):
    return cli("create-programme", slug, "--name", name, "--budget", budget, *more)


def programmes(cli) -> dict[str, dict]:
    """The stored programmes' fields by slug."""
    return {p["fields"]["slug"]: p["fields"] for p in dump(cli, "programmes.programme")}


def taxonomy(dumped: list[dict]) -> dict[str, list[str]]:
    """{theme code: [activity type codes]} in their stored order."""
    themes = sorted(objects(dumped, "programmes.theme"), key=lambda t: t["fields"]["position"])
    types = sorted(
        objects(dumped, "programmes.activitytype"), key=lambda a: a["fields"]["position"]
    )
    return {
        theme["fields"]["code"]: [
            a["fields"]["code"] for a in types if a["fields"]["theme"] == theme["pk"]
        ]
        for theme in themes
    }


def custom_template(path: Path) -> Path:
    """The shipped template with another code and one theme of two activity types."""
    text = SHIPPED_TEMPLATE.read_text(encoding="utf-8")
    head, rest = text.split("[[themes]]", 1)
    tail = rest[rest.index("[[tables]]") :]
    # Indicators name a theme of the shipped template; here they belong to no theme.
    tail = "\n".join(line for line in tail.splitlines() if not line.startswith("theme = ")) + "\n"
    assert head.count('code = "sw-sectorplannen-2015"') == 1
    head = head.replace('code = "sw-sectorplannen-2015"', 'code = "eigen-sjabloon"')
    themes = (
        "[[themes]]\n"
        'code = "scholing"\n'
        'label_nl = "Scholing"\n'
        "activity_types = [\n"
        '  { code = "cursus", label_nl = "Cursus" },\n'
        '  { code = "stage", label_nl = "Stage" },\n'
        "]\n\n"
    )
    path.write_text(head + themes + tail, encoding="utf-8")
    # A copied template takes the files it names (its letter) along.
    letter = SHIPPED_TEMPLATE.with_name("sw-sectorplannen-2015-beschikking.txt")
    path.with_name(letter.name).write_text(letter.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_create_programme_then_allocate_asks_for_the_basis(cli):
    created = ok(create(cli, more=["--cofinancing-ratio", "0.5"]))
    assert created.stdout.strip() == "created programme 'p1' with 35 regions"

    (error,) = refused(cli("allocate", "p1"))
    assert "no basis" in error
    assert all(code in error for code in REGION_CODES), error

    dumped = dump(cli, "programmes.programme", "programmes.participation")
    (programme,) = objects(dumped, "programmes.programme")
    assert programme["fields"]["slug"] == "p1"
    assert programme["fields"]["name"] == "Test"
    assert Decimal(programme["fields"]["budget"]) == Decimal("1000000")
    assert Decimal(programme["fields"]["cofinancing_ratio"]) == Decimal("0.5")
    participations = objects(dumped, "programmes.participation")
    assert len(participations) == 35
    assert {p["fields"]["basis"] for p in participations} == {None}


def test_default_template_and_ratio(cli):
    ok(create(cli, budget="500"))
    dumped = dump(cli, "programmes.programme", "programmes.theme", "programmes.activitytype")
    (programme,) = objects(dumped, "programmes.programme")
    assert programme["fields"]["template"] == "sw-sectorplannen-2015"
    assert Decimal(programme["fields"]["cofinancing_ratio"]) == 1
    assert taxonomy(dumped) == TAXONOMY_2015


def test_template_from_a_file(cli, tmp_path):
    template = custom_template(tmp_path / "eigen.toml")
    ok(create(cli, more=["--template", template]))
    dumped = dump(cli, "programmes.programme", "programmes.theme", "programmes.activitytype")
    (programme,) = objects(dumped, "programmes.programme")
    assert programme["fields"]["template"] == "eigen-sjabloon"
    assert taxonomy(dumped) == {"scholing": ["cursus", "stage"]}


def test_dutch_formatted_budget_is_accepted(cli):
    ok(create(cli, budget="1.000.000,00"))
    assert Decimal(programmes(cli)["p1"]["budget"]) == Decimal("1000000.00")


@pytest.mark.parametrize(
    ("budget", "reason"),
    [
        ("0", "more than 0"),
        ("-5", "more than 0"),
        ("1000.001", "two decimals"),
        ("abc", "not a number"),
    ],
)
def test_bad_budget_is_refused(cli, budget, reason):
    (error,) = refused(create(cli, budget=budget))
    assert "budget" in error
    assert budget in error
    assert reason in error
    assert programmes(cli) == {}


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["--budget", "10000000000000"], "budget"),  # 10^13 €: more than the database holds
        (["--budget", "1000", "--cofinancing-ratio", "1000"], "ratio"),
    ],
    ids=["budget", "ratio"],
)
def test_number_too_large_to_store_is_refused(cli, options, field):
    result = cli("create-programme", "p1", "--name", "Test", *options)
    (error,) = refused(result)
    assert field in error
    assert programmes(cli) == {}


def test_duplicate_slug_is_refused(cli):
    ok(create(cli, name="First"))
    (error,) = refused(create(cli, name="Second"))
    assert error == "programme 'p1' already exists"
    dumped = dump(cli, "programmes.programme", "programmes.participation")
    assert [p["fields"]["name"] for p in objects(dumped, "programmes.programme")] == ["First"]
    assert len(objects(dumped, "programmes.participation")) == 35


def _broken_toml(directory: Path) -> Path:
    path = directory / "kapot.toml"
    path.write_text('code = "kapot"\nthemes = [\n', encoding="utf-8")
    return path


def _template_without_themes(directory: Path) -> Path:
    path = directory / "leeg.toml"
    text = SHIPPED_TEMPLATE.read_text(encoding="utf-8")
    path.write_text(text[: text.index("[[themes]]")], encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make_template", "message"),
    [
        (lambda directory: "bestaat-niet", "unknown template 'bestaat-niet'"),
        (lambda directory: str(directory / "missing.toml"), "unknown template"),
        (_broken_toml, "kapot.toml"),
        (_template_without_themes, "at least one theme is required"),
    ],
    ids=["unknown-code", "missing-file", "broken-toml", "no-themes"],
)
def test_bad_template_is_refused(cli, tmp_path, make_template, message):
    template = make_template(tmp_path)
    errors = refused(create(cli, more=["--template", template]))
    assert any(message in error for error in errors), errors
    assert programmes(cli) == {}


def test_bad_slug_is_refused(cli):
    (error,) = refused(create(cli, "Mijn Programma"))
    assert "slug 'Mijn Programma'" in error
    assert programmes(cli) == {}


def test_every_problem_is_listed_on_its_own_line(cli):
    errors = refused(
        create(
            cli,
            "Mijn Programma",
            budget="0",
            more=["--template", "bestaat-niet", "--cofinancing-ratio", "-1"],
        )
    )
    assert len(errors) == 4, errors
    for problem in ("slug 'Mijn Programma'", "budget", "unknown template", "co-financing ratio"):
        assert sum(problem in error for error in errors) == 1, (problem, errors)


def test_missing_name_is_a_usage_error(cli):
    result = cli("create-programme", "p1", "--budget", "1000")
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "--name" in result.stderr.splitlines()[-1]
