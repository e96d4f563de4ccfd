# Two commands for a newcomer: `make lab` opens the course, `make test` runs every check.
# Each target creates .venv and installs the pinned requirements when needed, once.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The stamp's name carries a checksum of the pins, so editing them triggers a reinstall
# and an unchanged set-up installs nothing.
PINS := requirements.txt requirements-dev.txt pyproject.toml
STAMP := $(VENV)/.installed-$(shell cat $(PINS) | cksum | cut -d' ' -f1)
# Extra arguments, e.g. `make lab LAB_ARGS="--port=8899 --no-browser"` or `make test PYTEST_ARGS="-k data"`.
LAB_ARGS ?=
PYTEST_ARGS ?=
# `make lab MODE=lecture` opens the course with projector-sized figures.
MODE ?= notebook

.PHONY: install lab test figures bench clean

install: $(STAMP)

$(STAMP): $(PINS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement requirements-dev.txt --editable .
	@rm -f $(VENV)/.installed-*
	@touch $@

lab: install
	KETAMINE_COURSE_MODE=$(MODE) $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(LAB_ARGS) notebooks/00_start_here.ipynb

# pytest exits 5 when it collects nothing; here that always means a broken set-up.
test: install
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests; failing on purpose." >&2; exit 1; fi; \
	exit $$rc

figures: install
	$(BIN)/python -m ketamine_course.export figures

bench: install
	$(BIN)/python benchmarks/bench_setup.py

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis
