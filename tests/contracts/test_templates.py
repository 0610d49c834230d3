"""`sectorplan templates` and `sectorplan templates validate FILE`; templates found by code in
`<data dir>/templates/`, region sets as CSV files (README "Command line"; issue 24)."""

import textwrap

from sectorplan.programmes.models import Programme

GOOD = textwrap.dedent(
    """
    code = "groen-2030"
    name = "Groen werk 2030"
    region_set = "groen"
    basis_label_nl = "Inwoners"

    [[themes]]
    code = "natuur"
    label_nl = "Natuur"
    activity_types = [{ code = "bosbeheer", label_nl = "Bosbeheer" }]
    """
)

BAD = textwrap.dedent(
    """
    code = "kapot"
    name = "Kapot"
    region_set = "nergens"
    basis_label_nl = "Inwoners"

    [[themes]]
    code = "a"
    label_nl = "A"

    [[workflows.plan]]
    from = "draft"
    action = "submit"
    to = "submitted"
    who = ["provincie"]
    label_nl = "Indienen"
    guards = ["bestaat_niet"]

    [[workflows.plan]]
    from = "granted"
    action = "register_payment"
    who = ["programmabureau"]
    label_nl = "Betalen"
    deadline = "eergisteren"
    """
)


def test_a_template_in_the_data_dir_is_listed_and_found_by_its_code(cli):
    (cli.workdir / "templates").mkdir()
    (cli.workdir / "templates" / "mijn-bestand.toml").write_text(GOOD, encoding="utf-8")
    (cli.workdir / "region-sets").mkdir()
    (cli.workdir / "region-sets" / "groen.csv").write_text(
        "code;name\nGR;Groenland\nBL;Blauwland\n", encoding="utf-8"
    )
    listed = cli("templates")
    assert listed.returncode == 0, listed.stderr
    codes = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert codes == ["groen-2030", "provinciaal-voorbeeld", "sw-sectorplannen-2015"]
    assert "templates/mijn-bestand.toml" in listed.stdout
    created = cli(
        "create-programme",
        "groen",
        "--name",
        "Groen",
        "--budget",
        "1000",
        "--template",
        "groen-2030",
    )
    assert created.returncode == 0, created.stderr
    assert "with 2 regions" in created.stdout
    programme = Programme.objects.get(slug="groen")
    assert programme.template == "groen-2030"
    assert sorted(programme.region_set.regions.values_list("code", flat=True)) == ["BL", "GR"]


def test_validate_lists_every_problem_and_exits_1(cli):
    path = cli.workdir / "kapot.toml"
    path.write_text(BAD, encoding="utf-8")
    result = cli("templates", "validate", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = result.stderr.splitlines()
    assert len(problems) == 5, problems
    assert problems[0].startswith("unknown region set 'nergens'")
    assert "workflows.plan.submit: unknown role 'provincie'" in problems[1]
    assert "workflows.plan.submit: unknown guard 'bestaat_niet'" in problems[2]
    assert "workflows.plan.register_payment: unknown deadline 'eergisteren'" in problems[3]
    assert problems[4].startswith(
        "workflows.plan.register_payment: the step can never be taken: state 'granted'"
    )


def test_a_template_of_the_wrong_shape_gives_no_traceback(cli):
    path = cli.workdir / "vorm.toml"
    path.write_text('code = "x"\nname = "X"\nregion_set = "provincies"\nthemes = "geen lijst"\n')
    result = cli("templates", "validate", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.strip()
    broken = cli.workdir / "kapot.toml"
    broken.write_text("code = \n")
    result = cli("templates", "validate", broken)
    assert result.returncode == 1 and "kapot.toml" in result.stderr


def test_the_shipped_templates_are_valid(cli):
    for code in ("sw-sectorplannen-2015", "provinciaal-voorbeeld"):
        from sectorplan.programmes.programme_templates import TEMPLATE_DIR

        result = cli("templates", "validate", TEMPLATE_DIR / f"{code}.toml")
        assert (result.returncode, result.stdout.strip()) == (
            0,
            f"{TEMPLATE_DIR / code}.toml: valid",
        )


def test_an_unknown_region_set_refuses_the_programme_without_a_traceback(cli):
    path = cli.workdir / "kapot.toml"
    path.write_text(BAD, encoding="utf-8")
    result = cli("create-programme", "kapot", "--name", "K", "--budget", "1", "--template", path)
    assert result.returncode == 1
    assert "unknown region set 'nergens'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not Programme.objects.filter(slug="kapot").exists()
