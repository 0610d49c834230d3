"""Screenshots of every page of the demo as every role, at 1280 and 390 px, in Dutch: the
pictures a person looks at before calling the look finished (issue 22).

Not a test (nothing is asserted): run it against a served demo, with the demo's data
directory, so that it can read the pages' arguments and the authenticator codes:

    DEBUG=1 SECTORPLAN_DATA_DIR=/tmp/demo-look ALLOWED_HOSTS='*' \
        .venv/bin/sectorplan demo --addr 127.0.0.1:8322 &
    SECTORPLAN_DATA_DIR=/tmp/demo-look .venv/bin/python -m tests.browser.screenshot_pages \
        --site http://127.0.0.1:8322 --out /tmp/look [--roles bureau,regio-am01] [--only plan]

It writes <out>/<role>/<width>/<nn>-<path>.png (the whole page) and <out>/index.txt with the
status of each page per role. The page list is the accessibility walk's (test_accessibility).
"""

import argparse
import os
import re
import sys
from pathlib import Path

WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}
#: Every role of the demo (CONTRACTS §7); "anonymous" is nobody logged in.
ROLES = ["anonymous", "regio-am01", "gemeente-am01", "bureau", "szw", "vng"]
ANONYMOUS = ["/accounts/login/", "/accounts/wachtwoord/vergeten/", "/open-data/", "/bestaat-niet/"]


def file_name(number: int, path: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "start"
    return f"{number:02d}-{slug[:90]}.png"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="http://127.0.0.1:8322")
    parser.add_argument("--out", type=Path, default=Path("/tmp/look"))
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--only", default="", help="only paths containing this text")
    parser.add_argument("--widths", default="390,1280")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplan.conf.settings")
    # Playwright's sync API runs an event loop in this thread; the database reads here are
    # plain sync code between its calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from .conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD, give_code, prepare_two_factor
    from .test_accessibility import pages_for

    paths = [p for p in pages_for() if args.only in p]
    index = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for role in args.roles.split(","):
            for width in args.widths.split(","):
                context = browser.new_context(locale="nl-NL", viewport=WIDTHS[width])
                context.set_default_timeout(20_000)
                page = context.new_page()
                walk = ANONYMOUS
                if role != "anonymous":
                    page.goto(args.site + "/accounts/login/")
                    page.fill("#id_username", role)
                    page.fill("#id_password", PASSWORD)
                    prepare_two_factor(role)
                    page.locator("main form button[type=submit]").click()
                    page.wait_for_load_state()
                    if "/tweestapsverificatie/" in page.url:  # a demo may not ask for it
                        give_code(page, role)
                    page.wait_for_url(re.compile(re.escape(args.site) + r"/(#main)?$"))
                    walk = ["/", *paths]
                folder = args.out / role / width
                folder.mkdir(parents=True, exist_ok=True)
                for number, path in enumerate(walk):
                    response = page.goto(args.site + path)
                    status = response.status if response else 0
                    index.append(f"{role} {width} {status} {path}")
                    if status in (403, 404) and role != "anonymous":
                        continue
                    page.screenshot(path=folder / file_name(number, path), full_page=True)
                context.close()
                print(role, width, "done", file=sys.stderr)
        browser.close()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "index.txt").write_text("\n".join(index) + "\n")


if __name__ == "__main__":
    main()
