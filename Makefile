# The two commands a new user needs: `make run` and `make test`.
# Everything else here is the set-up those two do for themselves.

# Python 3.12: the embedded PostgreSQL has no wheel for later versions. Take
# the first 3.12 found (pyenv's shim may refuse python3.12 unless selected).
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 \
	/usr/local/bin/python3.12 /usr/bin/python3.12; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null && echo $$p && break; \
	done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast serve setup lint format clean-var benchmark benchmark-opportunities \
	bench-pages loadtest

## Run the portal with demo data at http://$(HOST):$(PORT)/, and beside it the
## task worker that sends its email; Ctrl-C stops both.
run: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py load_demo_data
	export DJANGO_DEBUG=$${DJANGO_DEBUG:-true} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}; \
	$(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' INT TERM EXIT; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run every check and the whole test suite against real PostgreSQL.
# Two pytest workers (pytest-xdist), each with its own test database: the
# machine has two cores, and the browser tests spend much of their time waiting.
PYTEST_WORKERS ?= 2
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=true $(BIN)/python manage.py check
	DJANGO_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=true $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## The test suite without the browser tests, while working (CI runs `make test`).
test-fast: setup
	DJANGO_DEBUG=true $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

## Production-style: collect and compress static files, migrate, serve with gunicorn.
## Email is sent by the task worker, which runs as its own process (one or more
## copies, kept running by systemd or the container platform):
##   .venv/bin/python manage.py db_worker
serve: setup
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/python manage.py migrate --no-input
	@echo "Email is sent by the task worker: run '$(BIN)/python manage.py db_worker' as its own process."
	$(BIN)/gunicorn learning_network.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3}

setup: $(VENV)/.installed node_modules/.installed build/.built

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 is needed: install it, or set PYTHON=/path/to/python3.12"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/.built: node_modules/.installed scripts/build-assets.mjs $(wildcard static/scss/*.scss)
	npm run --silent build
	touch $@

## Time the practice database search on a seeded database (see README: Practice search).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ln_bench
benchmark: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=true $(BIN)/python manage.py bench_search $(BENCH_ARGS)

## Time the calendar of learning opportunities, a session's page, My bookings,
## the feed and the home page on a seeded database (see README: Learning opportunities).
benchmark-opportunities: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=true $(BIN)/python manage.py bench_opportunities $(BENCH_ARGS)
## Time every page a reader opens on a seeded database (see README: Speed).
bench-pages: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=true $(BIN)/python manage.py bench_pages $(BENCH_ARGS)

## Load-test a running portal (`make serve` on a seeded database, see README:
## Speed): the health check alone, then signed-in readers in the usual mix.
LOADTEST_HOST ?= http://$(HOST):$(PORT)
loadtest: setup
	$(BIN)/python locustfile.py --host $(LOADTEST_HOST) $(LOADTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Back up the database and the uploaded documents to backups/ (see README: Backups).
.PHONY: backup restore
backup: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py backup

## Bring a backup back into an empty database: make restore FILE=backups/<file>.tar.gz
restore: setup
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/<file>.tar.gz"; exit 2; }
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py restore "$(FILE)"

## Remove the embedded database and other local state (asks nothing: be sure).
clean-var:
	rm -rf var
