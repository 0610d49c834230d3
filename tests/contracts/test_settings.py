"""CONTRACTS §2: settings from the environment; production refuses to start unsafely."""

import secrets


def test_check_deploy_passes_with_production_settings(cli):
    result = cli(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="sectorplan.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_refuses_to_start_without_secret_key_when_debug_is_off(cli):
    result = cli("check", SECRET_KEY="")
    assert result.returncode == 1
    assert "SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_settings_run_without_secret_key(cli):
    result = cli("check", SECRET_KEY="", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_after_the_demo_other_commands_run_in_demo_mode(cli):
    """CONTRACTS §1/§2: after `make demo`, `sectorplan allocate sw-2015` just works there."""
    assert cli("demo", "--no-serve", DEBUG="1").returncode == 0
    result = cli("allocate", "sw-2015", SECRET_KEY="")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 36
    assert (cli.workdir / "DEMO").is_file()
