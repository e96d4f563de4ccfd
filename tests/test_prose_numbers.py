"""Numbers in prose stay in step with data/ (tests/prose_numbers.py explains the registry)."""

from __future__ import annotations

import csv

import pytest

import prose_numbers as pn
from conftest import edit_cell, rows_of

BINDINGS = pn.read_registry()


def test_the_registry_covers_bindings_and_reasons():
    bound = [binding for binding in BINDINGS if binding.table]
    assert len(bound) >= 200, "most numbers in the prose repeat a value in data/"
    for binding in BINDINGS:
        assert bool(binding.table) != bool(binding.reason), binding.where()
        assert not binding.table or (binding.row and binding.value), binding.where()


def test_every_bound_number_matches_data():
    problems = pn.check_bindings(BINDINGS)
    assert not problems, "\n".join(problems)


def test_every_number_in_the_prose_is_bound_or_explained():
    missing = pn.uncovered(BINDINGS)
    assert not missing, "add these to tests/prose_numbers.csv:\n" + "\n".join(
        f"{mention.file}: {mention.number!r} in ...{context}..." for mention, context in missing)


def test_changing_one_csv_value_makes_the_prose_fail(data_copy):
    """The label's dissociation rate is repeated in notebook 05, the guide and a quiz: changing
    it in a copy of data/ must fail, naming each sentence that still says 41%."""
    path = data_copy / "side_effects.csv"
    line = next(number for number, row in enumerate(rows_of(path), start=1)
                if row[0] == "spravato_label_trd" and row[1] == "Dissociation")
    edit_cell(path, line, "active_pct", "43")
    edit_cell(path, line, "second_reading_active_pct", "43")
    problems = pn.check_bindings(BINDINGS, data_dir=data_copy)
    assert problems, "a changed value must make the prose fail"
    assert all("spravato_label_trd" in problem for problem in problems), problems
    stale = {problem.split("(")[1].split(":")[0] for problem in problems}
    assert {"notebooks/05_safety_and_side_effects.ipynb", "lecturer/guide_template.md"} <= stale
    assert any("the text says 41" in problem for problem in problems)


def test_changing_a_number_in_the_prose_fails():
    texts = pn.texts()
    notebook = "notebooks/05_safety_and_side_effects.ipynb"
    texts[notebook] = [segment.replace("41% against 9%", "40% against 9%")
                       for segment in texts[notebook]]
    problems = pn.check_bindings(BINDINGS, found=texts)
    assert any("41% against 9%" in problem and "not in the text any more" in problem
               for problem in problems), problems
    assert any(mention.number == "40" and "against 9%" in context
               for mention, context in pn.uncovered(BINDINGS, texts))


@pytest.mark.parametrize("text, numbers", [
    ("sedation in 48 to 61% of patients", ["48", "61"]),
    ("monitoring for at least 2 hours", ["2"]),
    ("TRANSFORM-1 was a phase 3 trial with n = 346", ["346"]),
    ("doses of 56 or 84 mg", ["56", "84"]),
    ("in 2019 the FDA approved it", []),
])
def test_mentions_are_numbers_with_a_unit(text, numbers):
    assert [mention.number for mention in pn.mentions("f", 0, text)] == numbers


def test_registry_rows_are_well_formed():
    with pn.REGISTRY.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["file", "text", "number", "table", "row", "value", "reason"]
