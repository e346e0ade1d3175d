# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Both create .venv when it is missing and install the project into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test test-quick lint typecheck bench bench-large docs eval clean

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== 1. build the graph of the bundled report (corpus/) into out/"
	$(BIN)/poa-kg build
	@echo "== 2. validate it against the SHACL shapes (shapes/)"
	$(BIN)/poa-kg validate
	@echo "== 3. which commitments cite Security Council resolution 2370 (2017)?"
	$(BIN)/poa-kg query commitments-citing --param instrument="S/RES/2370 (2017)"
	@echo "== 4. render the ontology's documentation"
	$(BIN)/poa-kg docs --out out/docs
	@echo "== done: the graph is in out/graph.ttl, the ontology's documentation in out/docs/ontology.html;"
	@echo "   the report in Akoma Ntoso (XML) is $$(ls out/akn/*.xml);"
	@echo "   try '$(BIN)/poa-kg query --list' for more questions, '$(BIN)/poa-kg serve' to browse it"

# The suite runs on TEST_WORKERS processes (pytest-xdist; each builds the bundled report once).
TEST_WORKERS ?= 2

test: $(STAMP)
	bash tools/install-chromium.sh
	bash tools/install-jre.sh
	bash tools/install-virtuoso.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# the quick tier: no process started, no test of more than a few seconds (the slow mark)
test-quick: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check builder tests
	$(BIN)/mypy

# times `poa-kg build` itself on 1, 10 and 100 reports with 1 and 2 workers (and one report stage by stage, the queries)
bench: $(STAMP)
	$(BIN)/python -m builder.bench --out out/bench.json

# the builder scored against the answer keys of the bundled report and of the family fixtures
eval: $(STAMP)
	$(BIN)/poa-kg eval corpus/*.ar.txt tests/fixtures/family/*.ar.txt

# the same with a corpus of 1,000 reports (about an hour on two cores)
bench-large: $(STAMP)
	$(BIN)/python -m builder.bench --copies 1000 --out out/bench-large.json

docs: $(STAMP)
	$(BIN)/poa-kg docs --out out/docs

clean:
	rm -rf out .out.* build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
