# sectorplan — see README.md. Needs only Python >= 3.11, git and make; installs uv with pip.
SHELL := /bin/bash
export UV_PYTHON_PREFERENCE := only-system
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
RUN := $(UV) run --frozen

.PHONY: install demo test lint fmt messages check-deploy vendor bench screenshots

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet uv || \
		python3 -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --frozen --quiet

demo: install
	$(RUN) sectorplan demo

# The user guide's pictures: the browser story in Dutch and in English (tests/browser/
# test_programme_story.py), into docs/screenshots/<language>/.
screenshots: install
	for language in nl en; do \
	  rm -f docs/screenshots/$$language/*.png; \
	  STORY_LANGUAGE=$$language STORY_SCREENSHOTS=docs/screenshots/$$language \
	    $(RUN) pytest -q -p no:cacheprovider tests/browser/test_programme_story.py -k first_euro || exit 1; \
	done

# The whole suite, one worker per core (pytest-xdist; a file's tests stay on one worker, so
# the data a module builds once is built once), then the 15 slowest tests.
# PYTEST_ARGS passes more, e.g. PYTEST_ARGS='-m "not browser"' or PYTEST_ARGS=tests/plans.
test: install
	$(RUN) pytest -n auto --dist loadfile --durations=15 $(PYTEST_ARGS)

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) lint-imports
	DEBUG=1 $(RUN) sectorplan makemigrations --check --dry-run

fmt: install
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

# Regenerate the catalogues after changing UI strings (needs gettext); commit the result.
messages: install
	cd src/sectorplan && DEBUG=1 $(RUN) sectorplan makemessages --locale nl --locale en --no-obsolete --add-location file
	cd src/sectorplan && DEBUG=1 $(RUN) sectorplan compilemessages

# Download the pinned third-party static files (axe-core for the accessibility test), check
# their checksum and copy them into src/sectorplan/static/vendor/; commit the result.
vendor:
	./scripts/vendor-static.sh

# Performance harness (not part of `make test`): PostgreSQL as in CI, then the scale dataset,
# gunicorn and the load client; prints a table and writes benchmarks/results/*.json.
# BENCH_SCALES=1,10 (default 1,10,100), BENCH_DATABASES=postgres (default postgres,sqlite).
bench: install
	.ci/postgres
	$(RUN) python -m benchmarks.run
