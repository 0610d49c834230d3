"""The API's PATCH and DELETE routes in the access matrix's world, as every role.

The access matrix (tests/test_access_matrix.py) calls each named URL with one method; these
are the other methods of the API's write routes. Both plans are granted and both reports
submitted, so no request here may change anything: the region's contact gets 409 (not
possible in this state), other roles 403, another region 404, no token 401. Each sends the
`If-Match` of what it reads, as a client must.
"""

import pytest

from tests.api.conftest import if_match
from tests.test_access_matrix import (
    NATIONAL,
    REGIONAL_404,
    ROLES,
    _state,
    client_for,
    world,
    world_kept,
)

__all__ = ["world", "world_kept"]  # the fixtures used here

OWN = {"anonymous": 401, **{role: 403 for role in ROLES[1:]}, "regio-am01": 409}
OTHER = {"anonymous": 401, **{role: 403 for role in NATIONAL}, **REGIONAL_404}

#: (method, path below the plan or report) → expected for AM01's object, AM02's object.
ROUTES = [
    ("patch", "plan", ""),
    ("patch", "report", ""),
    ("patch", "plan", "activities/{activity}/"),
    ("delete", "plan", "activities/{activity}/"),
]


@pytest.mark.django_db
def test_every_api_write_method_answers_each_role_and_changes_nothing(world):
    programme, round_, reports = world
    failures = []
    for role in ROLES:
        client = client_for(role)
        for code, expected in (("AM01", OWN), ("AM02", OTHER)):
            plan = reports[code].plan
            bases = {
                "plan": f"/api/v1/programmes/{programme.slug}/plans/{code}/",
                "report": f"/api/v1/programmes/{programme.slug}/rounds/{round_.code}/"
                f"reports/{code}/",
            }
            for method, base, rest in ROUTES:
                url = bases[base] + rest.format(activity=plan.activities.first().pk)
                before = _state(reports)
                response = getattr(client, method)(
                    url, "{}", content_type="application/json", **if_match(client, bases[base])
                )
                if response.status_code != expected[role]:
                    failures.append(
                        f"{role} {method} {url}: {response.status_code}, wanted {expected[role]}"
                    )
                if _state(reports) != before:
                    failures.append(f"{role} {method} {url}: changed something")
    assert failures == []
