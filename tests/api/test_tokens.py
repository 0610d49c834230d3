"""API tokens: made on the account page or with `sectorplan create-token`, kept as a hash,
refused once revoked; a token passes two-factor login, an unverified session gets JSON 403."""

import hashlib

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from sectorplan.accounts.models import ApiToken, AuditEvent
from sectorplan.accounts.tokens import token_revoke
from tests.api.conftest import api, token_for
from tests.conftest import log_in
from tests.plans.conftest import user

pytestmark = pytest.mark.django_db

PROGRAMMES = "/api/v1/programmes/"


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_anonymous_requests_get_401_with_the_scheme_named(demo):
    response = APIClient().get(PROGRAMMES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"]


def test_a_key_is_stored_only_as_its_hash_and_works(demo):
    key = token_for("regio-am01")
    token = ApiToken.objects.get()
    assert key not in {token.key_hash, token.prefix, token.name}
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(f"sp_{token.prefix}_")
    assert with_key(key).get(PROGRAMMES).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token sp_nonsense", "Token nonsense"])
def test_a_wrong_token_is_401(header, demo):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(PROGRAMMES).status_code == 401


def test_a_revoked_token_or_an_inactive_account_is_401(demo):
    key = token_for("regio-am01")
    token_revoke(token=ApiToken.objects.get(), by=user("regio-am01"))
    assert with_key(key).get(PROGRAMMES).status_code == 401
    other = token_for("regio-am02")
    account = user("regio-am02")
    account.is_active = False
    account.save()
    assert with_key(other).get(PROGRAMMES).status_code == 401


def test_a_token_of_a_national_user_passes_two_factor_login(demo, settings):
    settings.SECTORPLAN_TWO_FACTOR = True
    response = api("bureau").get(PROGRAMMES)
    assert response.status_code == 200


def test_an_unverified_session_gets_json_403_not_a_redirect(demo, settings):
    settings.SECTORPLAN_TWO_FACTOR = True
    client = Client()
    client.force_login(user("bureau"))  # password given, code not yet
    response = client.get(PROGRAMMES)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "authenticator" in response.json()["detail"] or response.json()["detail"]
    # The pages still send such a session to the code page.
    assert client.get(reverse("home")).status_code == 302
    # With a token beside the session, the token counts.
    client_with_token = Client(HTTP_AUTHORIZATION=f"Token {token_for('bureau')}")
    client_with_token.force_login(user("bureau"))
    assert client_with_token.get(PROGRAMMES).status_code == 200


def test_a_verified_session_reads_the_api(demo):
    client = log_in(Client(), user("szw"))
    assert client.get(PROGRAMMES).status_code == 200


def test_the_session_needs_csrf_for_writes(demo):
    client = log_in(Client(enforce_csrf_checks=True), user("regio-am01"))
    response = client.patch(
        "/api/v1/programmes/sw-2015/plans/AM01/", "{}", content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# --- The token page ---------------------------------------------------------------------------


def test_the_token_page_makes_lists_and_revokes_own_tokens(demo):
    client = log_in(Client(), user("regio-am01"))
    page = client.get(reverse("api-tokens"))
    assert page.status_code == 200
    assert reverse("api-tokens") in client.get(reverse("account")).content.decode()
    made = client.post(reverse("api-tokens"), {"name": "Regiosysteem"})
    assert made.status_code == 200
    token = ApiToken.objects.get(user__username="regio-am01")
    key = made.context["new_key"]
    assert key in made.content.decode()
    assert with_key(key).get(PROGRAMMES).status_code == 200
    # The key is shown once: the page does not show it again.
    assert key not in client.get(reverse("api-tokens")).content.decode()
    assert "Regiosysteem" in client.get(reverse("api-tokens")).content.decode()
    revoked = client.post(reverse("api-token-revoke", args=[token.pk]))
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert with_key(key).get(PROGRAMMES).status_code == 401
    actions = list(
        AuditEvent.objects.filter(object_id=token.pk, action__startswith="api_token").values_list(
            "action", flat=True
        )
    )
    assert actions == ["api_token.create", "api_token.revoke"]


def test_a_token_needs_a_name(demo):
    client = log_in(Client(), user("regio-am01"))
    response = client.post(reverse("api-tokens"), {"name": "   "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_users_token(demo):
    token_for("regio-am02")
    token = ApiToken.objects.get()
    client = log_in(Client(), user("bureau"))
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# --- The command line ---------------------------------------------------------------------------


def test_create_token_prints_a_working_key(demo, capsys):
    call_command("create-token", "regio-am01", "--name", "koppeling")
    out, err = capsys.readouterr()
    key = out.strip()
    assert "koppeling" in err and key not in err
    assert with_key(key).get(PROGRAMMES).status_code == 200
    assert ApiToken.objects.get().name == "koppeling"


@pytest.mark.parametrize("username", ["nobody", "regio-am02"])
def test_create_token_refuses_an_unknown_or_inactive_user(username, demo, capsys):
    account = user("regio-am02")
    account.is_active = False
    account.save()
    with pytest.raises(SystemExit) as exit_:
        call_command("create-token", username)
    assert exit_.value.code == 1
    assert username in capsys.readouterr().err
    assert not ApiToken.objects.exists()


def test_create_token_through_the_real_cli(cli):
    unknown = cli("create-token", "nobody")
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr.strip() == "unknown user 'nobody'"
    assert cli("create-token").returncode == 2
    made = cli("createsuperuser", "--noinput", "--username", "beheer", "--email", "b@example.org")
    assert made.returncode == 0, made.stderr
    result = cli("create-token", "beheer", "--name", "dashboard")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sp_") and len(result.stdout.strip()) > 40


def test_throttling_counts_per_token(demo, monkeypatch):
    from sectorplan.api.plumbing import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/hour"})
    first, second = with_key(token_for("szw")), with_key(token_for("szw", "tweede"))
    assert [first.get(PROGRAMMES).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert first.get(PROGRAMMES).json()["detail"]
    assert second.get(PROGRAMMES).status_code == 200
