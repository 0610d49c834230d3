"""API clients per demo user, authenticated with a token made by the token service."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from sectorplan.accounts.tokens import token_create
from tests.plans.conftest import user


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The throttle counts in the cache; every test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


def token_for(username: str, name: str = "test") -> str:
    account = user(username)
    _token, key = token_create(user=account, name=name, by=account)
    return key


def api(username: str | None = None) -> APIClient:
    """An API client with a token of `username`; anonymous without one."""
    client = APIClient()
    if username is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(username)}")
    return client


def if_match(client: Client, url: str) -> dict:
    """The `If-Match` a write by `client` sends: the ETag it reads at `url` (the plan or the
    report the write changes); none when it may not read it (its write gets 401 or 404)."""
    response = client.get(url)
    return {"HTTP_IF_MATCH": response["ETag"]} if response.status_code == 200 else {}


def write_as(username: str | None, method: str, url: str, payload, *, guarding: str):
    """`method` ("post", "patch", "delete") of the JSON `payload` to `url` as `username`
    (anonymous for None), with the If-Match that user reads at `guarding`: the plan or report
    the write changes."""
    client = api(username)
    return getattr(client, method)(url, payload, format="json", **if_match(client, guarding))
