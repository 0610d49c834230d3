"""Two app servers side by side on one database and one media folder, as in production.

Two gunicorn processes with the production settings, on different ports, share the suite's
database server (their own database on PostgreSQL; one SQLite file on SQLite: two processes,
one store) and a MEDIA_ROOT. A session made on one is used on the other; a file uploaded on
one is downloaded from the other; saves sent to both at once lose nothing: of two saves made
from the same page one wins and the other is refused (the plan's lock_version), and saves that
do not collide all land. The requests say they came through a TLS proxy
(X-Forwarded-Proto: https), as they do behind the load balancer of deploy/compose.yaml.
"""

import json
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
#: What the TLS-terminating proxy in front of the servers adds.
PROXIED = {"X-Forwarded-Proto": "https"}
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

#: Run inside `sectorplan shell`: the demo's programme, regions and users (no plans), and a
#: draft plan for the first two regions. Prints what the test needs as JSON.
SETUP = """
import json
from sectorplan.accounts.constants import Role
from sectorplan.accounts.models import Membership
from sectorplan.cli.demo import PASSWORD, demo_load
from sectorplan.plans.services import plan_for_region
programme = demo_load(plans=False)
regions = []
for region in programme.region_set.regions.order_by("code")[:2]:
    plan_for_region(programme=programme, region=region)
    contact = Membership.objects.filter(region=region, role=Role.REGION_CONTACT).first()
    regions.append({"code": region.code, "user": contact.user.username})
print("SETUP " + json.dumps({"slug": programme.slug, "regions": regions, "password": PASSWORD}))
"""


class Forms(HTMLParser):
    """The fields of the POST forms of a page: [(action, {name: value})]."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append((attrs.get("action") or "", {}))
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "file"}:
                self.forms[-1][1][attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.forms[-1][1][self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1][1][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def post_form(html: str) -> dict:
    """The page's form that carries a lock_version."""
    parser = Forms()
    parser.feed(html)
    return next(fields for _action, fields in parser.forms if "lock_version" in fields)


class Browser:
    """One person's cookies, carried by hand to whichever server: the session cookie is
    marked Secure (production), so a client library would not send it over plain HTTP."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, server: "Server", method: str, path: str, **kwargs) -> httpx.Response:
        headers = {
            **PROXIED,
            "Origin": server.origin,
            "Referer": server.origin + path,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        response = httpx.request(method, server.base + path, headers=headers, timeout=60, **kwargs)
        for key, value in response.cookies.items():
            self.cookies[key] = value
        return response

    def get(self, server, path):
        return self.request(server, "GET", path)

    def post(self, server, path, **kwargs):
        return self.request(server, "POST", path, **kwargs)


class Server:
    def __init__(self, env: dict, workdir: Path, name: str):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.origin = f"https://127.0.0.1:{self.port}"
        self.log = (workdir / f"{name}.log").open("w")
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "sectorplan.conf.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
            ],
            cwd=workdir,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> None:
        for _ in range(120):
            try:
                health = httpx.get(self.base + "/healthz", headers=PROXIED, timeout=2)
                if health.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert self.process.poll() is None, (self.log.name, Path(self.log.name).read_text())
            time.sleep(0.25)
        raise AssertionError(f"{self.base} did not answer")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture
def servers(cli_process, tmp_path):
    result = cli_process("shell", "-c", SETUP)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("SETUP "))
    data = json.loads(line.removeprefix("SETUP "))
    result = cli_process("collectstatic", "--noinput", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    env = {**cli_process.env, "MEDIA_ROOT": str(tmp_path / "shared-media")}
    pair = [Server(env, tmp_path, "a"), Server(env, tmp_path, "b")]
    try:
        for server in pair:
            server.wait()
        yield pair, data
    finally:
        for server in pair:
            server.stop()


def log_in(browser: Browser, server: Server, username: str, password: str) -> None:
    page = browser.get(server, "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = browser.post(
        server,
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
    )
    assert done.status_code == 302, done.text[:500]


def test_two_servers_share_sessions_files_and_saves(servers):
    (a, b), data = servers
    slug, password = data["slug"], data["password"]
    first, second = data["regions"]
    edit = f"/programmas/{slug}/plannen/{first['code']}/bewerken/"
    detail = f"/programmas/{slug}/plannen/{first['code']}/"

    # Logged in on A, the same session cookie carries on on B.
    browser = Browser()
    log_in(browser, a, first["user"], password)
    assert browser.get(b, edit).status_code == 200
    assert browser.get(a, edit).status_code == 200

    # Uploaded on A, downloaded from B (the shared media storage).
    page = browser.get(a, detail).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    uploaded = browser.post(
        a,
        f"{detail}bijlagen/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("begroting.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    links = re.findall(rf'href="({re.escape(detail)}bijlagen/\d+/)"', browser.get(b, detail).text)
    assert len(links) == 1
    downloaded = browser.get(b, links[0])
    assert downloaded.status_code == 200
    assert downloaded.content == PDF

    # Two saves from the same page, one on each server at once: one wins, one is refused.
    for attempt in range(4):
        form = post_form(browser.get(a, edit).text)
        titles = {a: f"Titel A{attempt}", b: f"Titel B{attempt}"}

        def save(server, form=form, titles=titles):
            return browser.post(server, edit, data={**form, "title": titles[server]})

        with ThreadPoolExecutor(2) as pool:
            responses = dict(zip((a, b), pool.map(save, (a, b)), strict=True))
        won = [server for server, response in responses.items() if response.status_code == 302]
        assert len(won) == 1, {s.port: r.status_code for s, r in responses.items()}
        (lost,) = set(responses) - set(won)
        assert responses[lost].status_code == 200  # the form again, with the refusal
        after = post_form(browser.get(b, edit).text)
        assert after["title"] == titles[won[0]]
        assert int(after["lock_version"]) == int(form["lock_version"]) + 1

    # Saves that do not collide (two regions, each on alternating servers) all land.
    other = Browser()
    log_in(other, b, second["user"], password)
    other_edit = f"/programmas/{slug}/plannen/{second['code']}/bewerken/"
    start = {
        "first": int(post_form(browser.get(a, edit).text)["lock_version"]),
        "second": int(post_form(other.get(a, other_edit).text)["lock_version"]),
    }

    def saves(who: str, person: Browser, path: str, times: int = 6) -> list[int]:
        statuses = []
        for number in range(times):
            server = (a, b)[number % 2]
            form = post_form(person.get(server, path).text)
            response = person.post(server, path, data={**form, "title": f"{who} {number}"})
            statuses.append(response.status_code)
        return statuses

    with ThreadPoolExecutor(2) as pool:
        one = pool.submit(saves, "first", browser, edit)
        two = pool.submit(saves, "second", other, other_edit)
        assert one.result() == [302] * 6
        assert two.result() == [302] * 6
    final_first = post_form(browser.get(b, edit).text)
    final_second = post_form(other.get(a, other_edit).text)
    assert (final_first["title"], int(final_first["lock_version"])) == (
        "first 5",
        start["first"] + 6,
    )
    assert (final_second["title"], int(final_second["lock_version"])) == (
        "second 5",
        start["second"] + 6,
    )
