"""The load client: a second process on 127.0.0.1 (with a worker process per connection)
that logs in like a browser and requests each page in turn with a bounded concurrency.

    python -m benchmarks.client BASE_URL PAGES.json --concurrency 2 --requests 40

PAGES.json is what `benchmarks.tasks discover` printed. Prints JSON: per page the latencies'
p50 and p95 in milliseconds, the throughput in requests per second, and any error status.
"""

import argparse
import json
import multiprocessing
import re
import statistics
import sys
import time

import httpx

WARMUP = 3


def log_in(client: httpx.Client, username: str, password: str) -> None:
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": str(client.base_url) + "/accounts/login/"},
    )
    if done.status_code != 302:
        raise SystemExit(f"login of {username} failed: {done.status_code}")


def worker(base: str, spec: dict, requests: int, barrier, queue) -> None:
    clients = {}
    for role, username in spec["users"].items():
        clients[role] = httpx.Client(base_url=base, timeout=60)
        log_in(clients[role], username, spec["password"])
    results = {}
    for page in spec["pages"]:
        if "path" not in page:
            continue
        client = clients[page["user"]]
        statuses = set()
        for _ in range(WARMUP):
            statuses.add(client.get(page["path"]).status_code)
        barrier.wait()
        latencies = []
        started = time.perf_counter()
        for _ in range(requests):
            before = time.perf_counter()
            response = client.get(page["path"])
            latencies.append(time.perf_counter() - before)
            statuses.add(response.status_code)
        results[page["name"]] = {
            "latencies": latencies,
            "started": started,
            "ended": time.perf_counter(),
            "statuses": sorted(statuses),
        }
        barrier.wait()
    queue.put(results)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(base: str, spec: dict, concurrency: int, requests: int) -> dict:
    barrier = multiprocessing.Barrier(concurrency)
    queue = multiprocessing.Queue()
    per_worker = max(1, requests // concurrency)
    workers = [
        multiprocessing.Process(target=worker, args=(base, spec, per_worker, barrier, queue))
        for _ in range(concurrency)
    ]
    for process in workers:
        process.start()
    outcomes = [queue.get() for _ in workers]
    for process in workers:
        process.join()
    summary = {}
    for page in spec["pages"]:
        name = page["name"]
        if "path" not in page:
            summary[name] = {"skipped": page["skipped"]}
            continue
        latencies = [t for outcome in outcomes for t in outcome[name]["latencies"]]
        span = max(o[name]["ended"] for o in outcomes) - min(o[name]["started"] for o in outcomes)
        statuses = sorted({s for o in outcomes for s in o[name]["statuses"]})
        summary[name] = {
            "path": page["path"],
            "requests": len(latencies),
            "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * percentile(latencies, 0.95),
            "throughput_rps": len(latencies) / span,
            "statuses": statuses,
        }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("pages")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--requests", type=int, default=40)
    options = parser.parse_args()
    with open(options.pages, encoding="utf-8") as handle:
        spec = json.load(handle)
    json.dump(measure(options.base, spec, options.concurrency, options.requests), sys.stdout)


if __name__ == "__main__":
    main()
