# Two commands for a newcomer: `make lab` opens the course, `make test` runs every check.
# Each target creates .venv and installs the pinned requirements when needed, once:
# `make lab` only what a learner needs (requirements.txt), `make test` the test tools too.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Two stamps, one per set of pins. A stamp's name carries a checksum of its pins, so editing
# them triggers a reinstall and an unchanged set-up installs nothing. The dev install
# (requirements-dev.txt includes requirements.txt) satisfies the runtime stamp too.
RUNTIME_PINS := requirements.txt pyproject.toml
DEV_PINS := $(RUNTIME_PINS) requirements-dev.txt deploy/requirements-hub.txt
checksum = $(shell cat $(1) | cksum | cut -d' ' -f1)
RUNTIME_STAMP := $(VENV)/.installed-runtime-$(call checksum,$(RUNTIME_PINS))
DEV_STAMP := $(VENV)/.installed-dev-$(call checksum,$(DEV_PINS))
# uv installs the same exact pins as pip in a fraction of the time (parallel downloads and
# byte-compiling): from a clean clone with no cache, `make lab` served notebook 00 after a
# median 29 s, against 49 s with pip (2 busy cores; issue #14 asks for 45 s). uv is installed
# into .venv by pip at a pinned version. It trusts the system's certificates (as behind a
# TLS-inspecting proxy) but reads its own settings, not pip's: `make lab INSTALLER=pip`
# uses pip alone (say, where only pip knows a private index).
INSTALLER ?= uv
UV := uv==0.13.8
ifeq ($(INSTALLER),uv)
PIP_INSTALL = $(BIN)/python -m pip install --quiet $(UV) && \
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode --system-certs
else
PIP_INSTALL = $(BIN)/python -m pip install --quiet
endif
# Extra arguments, e.g. `make lab LAB_ARGS="--port=8899 --no-browser"` or `make test PYTEST_ARGS="-k data"`.
LAB_ARGS ?=
PYTEST_ARGS ?=
# `make test` runs test files in parallel, one process per CPU (pytest-xdist); a file's
# tests stay together in one process (nbval runs a notebook's cells in order in one
# kernel, and module fixtures start one server per file). `make test JOBS=0`: one process.
JOBS ?= auto
# `make lab MODE=lecture` opens the course with projector-sized figures.
MODE ?= notebook

.PHONY: install install-runtime lab test notebooks new-notebook figures slides handouts guide bench check-dates hub-link quiz-export pdf clean

# The course's JupyterLab settings (deploy/overrides.json, which the hub kit and Binder
# install too): arrow keys work inside widgets (a quiz's choices, a dropdown) instead of
# moving to the next cell, and no first-run question about news.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

# Everything: the runtime pins, the test and maintenance tools, the package (editable).
install: $(DEV_STAMP) $(LAB_SETTINGS)
# What a learner needs to open the course: the runtime pins and the package.
install-runtime: $(RUNTIME_STAMP) $(LAB_SETTINGS)

$(LAB_SETTINGS): deploy/overrides.json
	@mkdir -p $(@D)
	cp $< $@

# Front-end files for offline slides and handouts, and axe-core for the accessibility
# test, pinned in lecturer/package-lock.json (npm writes the hidden lockfile last).
JS_STAMP := lecturer/node_modules/.package-lock.json
$(JS_STAMP): lecturer/package.json lecturer/package-lock.json
	npm ci --prefix lecturer --no-audit --no-fund --loglevel=error

$(RUNTIME_STAMP): $(RUNTIME_PINS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --requirement requirements.txt --editable .
	@rm -f $(VENV)/.installed-*
	@touch $@

$(DEV_STAMP): $(DEV_PINS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --requirement requirements-dev.txt --editable .
	@rm -f $(VENV)/.installed-*
	@touch $(RUNTIME_STAMP) $@

# Jupyter refuses to run as root unless told; containers and CI often are root.
# root_dir=. shows the whole course (data/, figures/) in the file browser.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: install-runtime
	KETAMINE_COURSE_MODE=$(MODE) $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. $(ALLOW_ROOT) \
		$(LAB_ARGS) notebooks/00_start_here.ipynb

# Tests and stored outputs use the notebook preset, whatever mode the shell is in.
# pytest exits 5 when it collects nothing; here that always means a broken set-up.
test: install $(JS_STAMP)
	@env -u KETAMINE_COURSE_MODE $(BIN)/python -m pytest -n $(JOBS) --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests; failing on purpose." >&2; exit 1; fi; \
	exit $$rc

# Re-run notebooks top to bottom in a fresh kernel and store their outputs (without
# widget state or execution timestamps, which change on every run and are not needed to
# read them, so a re-run changes only what the data changed).
# One notebook: `make notebooks NOTEBOOKS=notebooks/04_routes_of_administration.ipynb`.
NOTEBOOKS ?= notebooks/*.ipynb
notebooks: install
	env -u KETAMINE_COURSE_MODE $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.record_timing=False \
		$(NOTEBOOKS)

# A new notebook from the course template, added to data/course.csv:
# make new-notebook NAME=09_new_topic TITLE="A new topic" MINUTES=30
new-notebook: install
	$(BIN)/python -m ketamine_course.new_notebook "$(NAME)" "$(TITLE)" "$(MINUTES)"

figures: install
	$(BIN)/python -m ketamine_course.export figures

# Offline reveal.js slides and accessible HTML handouts, in build/ (ignored by git).
slides: install $(JS_STAMP)
	$(BIN)/python lecturer/build.py slides build/slides

handouts: install $(JS_STAMP)
	$(BIN)/python lecturer/build.py handouts build/handouts
	$(BIN)/python lecturer/build.py lecturer-handouts build/lecturer-handouts

# Slides and handouts as PDF in build/pdf (`make pdf NOTES=1`: also build/pdf/lecturer-slides,
# with a page of speaker notes after each slide).
NOTES ?=
pdf: slides handouts
	$(BIN)/python lecturer/pdf.py build/pdf $(if $(NOTES),--notes)

# Every self-check and the review quiz for learning platforms (Moodle XML, QTI 1.2 for
# Canvas and others), in build/quizzes.
quiz-export: install
	$(BIN)/python lecturer/quiz_export.py build/quizzes

# The nbgitpuller link for a class on a JupyterHub (deploy/README.md):
#     make hub-link HUB=https://hub.example.edu REPO=https://github.com/OWNER/REPO
BRANCH ?= main
hub-link:
	@python3 deploy/hub_link.py "$(HUB)" "$(REPO)" "$(BRANCH)"

# lecturer/GUIDE.md from lecturer/guide_template.md plus parts generated from the
# notebooks' stored outputs and data/ (answer key, case studies, course map).
guide: install
	$(BIN)/python lecturer/guide.py

# Every timing script in turn (a few minutes; bench_setup clones and tests from nothing).
bench: install $(JS_STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Rows whose as_of date (when the fact was last checked) is older than DAYS days, and rows
# that cite only an older edition of a drug label than the newest in references.bib:
# a to-do list for maintainers. `make check-dates DAYS=180` tightens the threshold.
DAYS ?= 365
check-dates: install
	$(BIN)/python -m ketamine_course.dates --older-than $(DAYS)

clean:
	rm -rf $(VENV) build lecturer/node_modules .pytest_cache .ruff_cache .hypothesis
