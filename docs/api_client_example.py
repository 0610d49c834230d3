"""A region reads its plan and its report through the sectorplan API and fills in an answer.

    python docs/api_client_example.py --base-url http://127.0.0.1:8000 --token sp_… \\
        --programme sw-2015 --region AM01 --round eindevaluatie

Make the token on your account page ("API tokens") or with `sectorplan create-token`. Needs
only httpx (`pip install httpx`).
"""

import argparse
import sys

import httpx


def run(base_url: str, token: str, programme: str, region: str, round_: str, out=sys.stdout):
    api = httpx.Client(
        base_url=base_url.rstrip("/") + "/api/v1/",
        headers={"Authorization": f"Token {token}", "Accept-Language": "nl"},
        timeout=30,
    )
    # 1. The plan: state, activities with their budget lines.
    plan = api.get(f"programmes/{programme}/plans/{region}/")
    plan.raise_for_status()
    body = plan.json()
    print(f"Plan {body['region_name']}: {body['state_label']} ({body['state']})", file=out)
    for activity in body["activities"]:
        subsidy = sum(float(line["subsidy"]) for line in activity["budget_lines"])
        print(f"  - {activity['title']} [{activity['activity_type']}]: € {subsidy:,.2f}", file=out)

    # 2. The report of the round, started if the region has not begun it yet (as the
    #    page's "Start filling in the report"): what is still missing.
    url = f"programmes/{programme}/rounds/{round_}/reports/{region}/"
    report = api.get(url)
    if report.status_code == 404:
        report = api.post(url + "start/")
        report.raise_for_status()
        print(f"Report {round_} started", file=out)
    report.raise_for_status()
    body, etag = report.json(), report.headers["ETag"]
    print(f"Report {round_}: {body['state_label']}; {len(body['missing'])} parts missing", file=out)

    # 3. Answer the first open yes/no question, sending the ETag back (every change to a plan
    #    or report needs it: without it the API answers 428): when someone else saved the
    #    report in between, the API answers 412 and nothing is changed.
    question = next(
        (a for a in body["answers"] if a["kind"] == "yes_no" and a["shown"] and not a["answered"]),
        None,
    )
    if question is None or not any(a["action"] == "submit" for a in body["actions"]):
        print("Nothing to fill in.", file=out)
        return 0
    saved = api.patch(
        url,
        json={
            "answers": [
                {"question": question["question"], "theme": question["theme"], "value": "ja"}
            ]
        },
        headers={"If-Match": etag},
    )
    if saved.status_code == 412:
        print("The report changed in the meantime; read it again.", file=out)
        return 1
    if saved.status_code == 400:
        print(f"Refused: {saved.json()}", file=out)
        return 1
    saved.raise_for_status()
    print(f"Answered {question['question']}: ja; new version {saved.headers['ETag']}", file=out)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True)
    parser.add_argument("--programme", default="sw-2015")
    parser.add_argument("--region", default="AM01")
    parser.add_argument("--round", default="eindevaluatie")
    args = parser.parse_args(argv)
    return run(args.base_url, args.token, args.programme, args.region, args.round)


if __name__ == "__main__":
    sys.exit(main())
