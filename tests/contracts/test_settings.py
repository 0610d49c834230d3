"""CONTRACTS §2: settings from the environment; production refuses to start unsafely."""

import secrets


def test_check_deploy_passes_with_production_settings(cli_process):
    result = cli_process(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="sectorplan.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing silenced either: django-axes', django-otp's and django-csp's checks ran clean.
    assert "no issues (0 silenced)" in result.stdout


def test_production_settings_lock_out_ask_a_second_step_and_send_a_policy(cli_process):
    result = cli_process(
        "diffsettings",
        "--all",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="sectorplan.example.org",
    )
    assert result.returncode == 0, result.stderr
    settings = result.stdout
    for line in [
        "SECTORPLAN_TWO_FACTOR = True",
        "AXES_FAILURE_LIMIT = 5",
        "AXES_LOCKOUT_PARAMETERS = ['username', 'ip_address']",
        "SESSION_COOKIE_AGE = 3600",
        "SESSION_COOKIE_SECURE = True",
        "CSRF_COOKIE_HTTPONLY = True",
    ]:
        assert line in settings, line
    for name in [
        "'axes.backends.AxesStandaloneBackend'",
        "'axes.middleware.AxesMiddleware'",
        "'django_otp.middleware.OTPMiddleware'",
        "'sectorplan.accounts.two_factor.TwoFactorMiddleware'",
        "'csp.middleware.CSPMiddleware'",
        "'script-src': [\"'self'\"]",
    ]:
        assert name in settings, name


def test_the_demo_runs_without_two_factor_login(cli_process):
    result = cli_process("diffsettings", "--all", SECRET_KEY="", DEBUG="1")
    assert "SECTORPLAN_TWO_FACTOR = False" in result.stdout


def test_refuses_to_start_without_secret_key_when_debug_is_off(cli_process):
    result = cli_process("check", SECRET_KEY="")
    assert result.returncode == 1
    assert "SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_settings_run_without_secret_key(cli_process):
    result = cli_process("check", SECRET_KEY="", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_after_the_demo_other_commands_run_in_demo_mode(cli_process):
    """CONTRACTS §1/§2: after `make demo`, `sectorplan allocate sw-2015` just works there."""
    assert cli_process("demo", "--no-serve", DEBUG="1").returncode == 0
    result = cli_process("allocate", "sw-2015", SECRET_KEY="")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 36
    assert (cli_process.workdir / "DEMO").is_file()
