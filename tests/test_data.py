"""The data contract: valid tables load; every kind of broken input gives one clear
DataError naming file, line, column and rule. All breakage happens in temp copies."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import ROOT, edit_cell, expect_error, rows_of, write_rows
from ketamine_course import data
from ketamine_course.data import load

# --- the real tables ------------------------------------------------------------------

def test_frictionless_validates_the_whole_package():
    from frictionless import Package

    report = Package(str(ROOT / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_table_loads_with_rows():
    counts = data.validate_all()
    # Every table in datapackage.json loads (validate_all); these four must be among them.
    assert {"routes", "side_effects", "timeline", "pk_parameters"} <= set(counts)
    assert all(count > 0 for count in counts.values()), counts


def test_loaded_types_follow_the_schema():
    routes = load("routes")
    assert str(routes["bioavailability_pct_low"].dtype) == "Float64"
    assert str(load("side_effects")["n_active"].dtype) == "Int64"
    assert routes["route_id"].is_unique


def test_iv_bioavailability_is_complete():
    iv = load("routes").set_index("route_id").loc["iv"]
    assert iv["bioavailability_pct_low"] == iv["bioavailability_pct_high"] == 100


def test_each_side_effect_population_has_one_n_per_arm():
    table = load("side_effects")
    per_population = table.groupby("population")[["n_active", "n_placebo"]].nunique()
    assert (per_population == 1).all().all(), per_population


def test_every_reference_is_cited_somewhere_a_reader_sees():
    """An entry of references.bib that no table, notebook reference list, figure caption
    or lecturer guide cites is dead weight a maintainer would keep checking for nothing."""
    cited = set()
    for name in data.table_names():
        cited |= set(data.sources_of(load(name)))
    for path in [*ROOT.glob("notebooks/*.ipynb"), ROOT / "figures" / "README.md",
                 ROOT / "lecturer" / "GUIDE.md"]:
        cited |= set(re.findall(r"\[([A-Za-z0-9_:-]+)\]", path.read_text(encoding="utf-8")))
    assert sorted(set(data.references()) - cited) == []


def test_loading_never_modifies_data():
    def digest():
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
                for path in sorted((ROOT / "data").iterdir())}

    before = digest()
    data.validate_all()
    assert digest() == before


def test_load_returns_a_copy():
    first = load("routes")
    first.loc[0, "route"] = "changed"
    assert load("routes").loc[0, "route"] != "changed"


def test_a_table_that_passed_is_checked_again_only_after_an_edit(data_copy, tmp_path,
                                                                  monkeypatch):
    """The schema check is remembered across kernels by the table's exact text: a second
    kernel skips frictionless, and an edited table is checked (and rejected) again."""
    from frictionless import Resource

    monkeypatch.setenv(data.CACHE_ENV_VAR, str(tmp_path / "cache"))
    load("routes", data_copy)
    assert len(list((tmp_path / "cache").iterdir())) == 1

    def checked_again(*args, **kwargs):
        raise AssertionError("frictionless ran for a table that already passed")

    data._load.cache_clear()  # as a new kernel would start
    with monkeypatch.context() as patched:
        patched.setattr(Resource, "validate", checked_again)
        assert len(load("routes", data_copy)) == len(rows_of(data_copy / "routes.csv")) - 1

    edit_cell(data_copy / "routes.csv", 2, "bioavailability_pct_low", "about half")
    expect_error(data_copy, "routes", file="routes.csv", line=2,
                 column="bioavailability_pct_low", rule_part="type number")
    assert len(list((tmp_path / "cache").iterdir())) == 1  # nothing remembered for it


def test_an_edit_is_seen_on_the_next_load(data_copy):
    assert load("timeline", data_copy)["event"].iloc[0] != "An edited event"
    edit_cell(data_copy / "timeline.csv", 2, "event", "An edited event")
    assert load("timeline", data_copy)["event"].iloc[0] == "An edited event"


# --- broken input: one table of cases, one test ------------------------------------------
#
# Each case breaks a temp copy of data/ in one way and names the one DataError that loading
# the table must raise: its file, its line (header = 1), its column, a part of its rule, and
# any other words the message must hold. The table holds every rule data.load enforces
# itself (the header, the encoding, the Table Schema in datapackage.json, low <= high, known
# source keys, references.bib, datapackage.json), for every table; rules that a topic
# module adds after loading are tested beside that topic.

AT_EDIT = "the line the edit returns"  # for a line found in the data, not fixed in the case


class Broken(NamedTuple):
    id: str
    edit: Callable[[Path], int | None]  # breaks the copy of data/ it is given
    table: str
    file: str
    line: int | str | None  # None: the error names no line; AT_EDIT: the line the edit broke
    column: str | None
    rule: str | tuple[str, ...]  # every part must be in the error's rule
    message: tuple[str, ...] = ()  # further parts the whole message must hold


def cells(name, line, **values):
    """Set cells of file line ``line`` (header = 1) of data/<name>."""
    def edit(data_dir):
        for column, value in values.items():
            edit_cell(data_dir / name, line, column, value)
    return edit


def cells_where(name, where, **values):
    """Set cells of the row of data/<name> whose cells match ``where``; returns its line."""
    def edit(data_dir):
        rows = rows_of(data_dir / name)
        line = next(number for number, row in enumerate(rows, start=1)
                    if all(row[rows[0].index(column)] == value
                           for column, value in where.items()))
        cells(name, line, **values)(data_dir)
        return line
    return edit


def repeat_first_row(name):
    """Append a copy of the first data row of data/<name>; returns the copy's line."""
    def edit(data_dir):
        rows = rows_of(data_dir / name)
        write_rows(data_dir / name, rows + [rows[1]])
        return len(rows) + 1
    return edit


def drop_last_column(data_dir):
    path = data_dir / "routes.csv"
    write_rows(path, [row[:-1] for row in rows_of(path)])


def add_comment_column(data_dir):
    path = data_dir / "routes.csv"
    rows = rows_of(path)
    write_rows(path, [rows[0] + ["comment"]] + [row + ["x"] for row in rows[1:]])


def pad_event_header(data_dir):
    path = data_dir / "timeline.csv"
    rows = rows_of(path)
    rows[0][1] = " event "
    write_rows(path, rows)


def add_surplus_cell(data_dir):
    path = data_dir / "timeline.csv"
    rows = rows_of(path)
    rows[2].append("surplus")
    write_rows(path, rows)


def empty_file(data_dir):
    (data_dir / "timeline.csv").write_bytes(b"")


def keep_header_only(data_dir):
    path = data_dir / "timeline.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def add_latin1_byte(data_dir):
    path = data_dir / "timeline.csv"
    rows = rows_of(path)
    rows[3][rows[0].index("event")] = "Caf\udce9"  # a lone Latin-1 byte, as from a Windows editor
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogateescape"))


def add_byte_order_mark(data_dir):
    path = data_dir / "routes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def delete_side_effects(data_dir):
    (data_dir / "side_effects.csv").unlink()


def append_to_bib(entry):
    """Append ``entry`` (text, or a function of the file's text) to references.bib; returns
    the line it starts on."""
    def edit(data_dir):
        bib = data_dir / "references.bib"
        text = bib.read_text(encoding="utf-8")
        assert text.endswith("\n")
        added = entry(text) if callable(entry) else entry
        bib.write_text(text + "\n" + added + "\n", encoding="utf-8")
        return text.count("\n") + 2
    return edit


def first_bib_entry(text):
    return text[text.index("@"): text.index("\n}", text.index("@")) + 2]


def cut_datapackage_short(data_dir):
    """Drop the last 20 characters of datapackage.json; returns its last line left."""
    descriptor = data_dir / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")[:-20]
    descriptor.write_text(text, encoding="utf-8")
    return text.count("\n") + 1


BROKEN = [
    # the header
    Broken("routes-column-missing", drop_last_column, "routes", "routes.csv", 1, "sources",
           "every column"),
    Broken("routes-unknown-extra-column", add_comment_column, "routes", "routes.csv", 1,
           "comment", "only the columns"),
    Broken("timeline-column-name-with-stray-spaces", pad_event_header, "timeline",
           "timeline.csv", 1, "event", "exactly", message=("stray spaces",)),
    # the file as a whole
    Broken("timeline-empty-file", empty_file, "timeline", "timeline.csv", None, None,
           "a header row"),
    Broken("timeline-header-only", keep_header_only, "timeline", "timeline.csv", 2, None,
           "at least one data row"),
    Broken("timeline-non-utf8-byte", add_latin1_byte, "timeline", "timeline.csv", 4, "event",
           "UTF-8"),
    Broken("routes-byte-order-mark", add_byte_order_mark, "routes", "routes.csv", 1, None,
           "without BOM", message=("CSV UTF-8",)),
    Broken("side-effects-file-missing", delete_side_effects, "side_effects", "side_effects.csv",
           None, None, "exists"),
    Broken("timeline-row-with-too-many-cells", add_surplus_cell, "timeline", "timeline.csv", 3,
           None, "one cell per column"),
    # types
    Broken("routes-text-in-a-number-column", cells("routes.csv", 3, tmax_min_low="about ten"),
           "routes", "routes.csv", 3, "tmax_min_low", "type number"),
    Broken("side-effects-decimal-in-an-integer-column",
           cells("side_effects.csv", 2, n_active="12.5"), "side_effects", "side_effects.csv", 2,
           "n_active", "type integer"),
    Broken("regulatory-as-of-not-a-real-date", cells("regulatory.csv", 3, as_of="2026-02-30"),
           "regulatory", "regulatory.csv", 3, "as_of", "type date"),
    Broken("costs-as-of-not-a-date", cells("costs.csv", 4, as_of="last week"), "costs",
           "costs.csv", 4, "as_of", "type date"),
    # required cells
    Broken("timeline-required-cell-empty", cells("timeline.csv", 2, event=""), "timeline",
           "timeline.csv", 2, "event", "required"),
    Broken("regulatory-as-of-empty", cells("regulatory.csv", 2, as_of=""), "regulatory",
           "regulatory.csv", 2, "as_of", "required"),
    Broken("trials-sample-size-empty", cells("trials.csv", 2, n=""), "trials", "trials.csv", 2,
           "n", "required"),
    Broken("routes-approved-for-depression-empty",
           cells_where("routes.csv", {"route_id": "oral"}, approved_for_depression=""),
           "routes", "routes.csv", AT_EDIT, "approved_for_depression", "required"),
    # minimum, maximum and length
    Broken("side-effects-percent-above-100", cells("side_effects.csv", 4, active_pct="140"),
           "side_effects", "side_effects.csv", 4, "active_pct", "at most 100"),
    Broken("review-quiz-answer-number-above-4", cells("review_quiz.csv", 2, answer="5"),
           "review_quiz", "review_quiz.csv", 2, "answer", "at most 4"),
    Broken("pk-parameters-negative-value", cells("pk_parameters.csv", 2, value_low="-1"),
           "pk_parameters", "pk_parameters.csv", 2, "value_low", "at least 0"),
    Broken("enantiomers-negative-ki", cells("enantiomers.csv", 4, nmda_ki_umol_high="-1.4"),
           "enantiomers", "enantiomers.csv", 4, "nmda_ki_umol_high", "at least 0"),
    Broken("regulatory-topic-too-long-for-the-chart", cells("regulatory.csv", 2, topic="x" * 41),
           "regulatory", "regulatory.csv", 2, "topic", "maxLength"),
    Broken("mechanism-stages-caption-too-long-for-one-line",
           cells("mechanism_stages.csv", 2, caption="x" * 85), "mechanism_stages",
           "mechanism_stages.csv", 2, "caption", "maxLength"),
    # allowed values
    Broken("timeline-category-not-allowed", cells("timeline.csv", 3, category="aproval"),
           "timeline", "timeline.csv", 3, "category", "one of", message=("approval",)),
    Broken("costs-confidence-not-allowed", cells("costs.csv", 2, confidence="certain"),
           "costs", "costs.csv", 2, "confidence", "one of", message=("moderate",)),
    Broken("trials-comparator-not-allowed", cells("trials.csv", 3, comparator_type="salinee"),
           "trials", "trials.csv", 3, "comparator_type", "one of",
           message=("inactive_placebo",)),
    Broken("antidepressant-onset-time-unit-not-allowed",
           cells("antidepressant_onset.csv", 2, time_unit="fortnights"), "antidepressant_onset",
           "antidepressant_onset.csv", 2, "time_unit", "one of"),
    Broken("regulatory-status-not-allowed", cells("regulatory.csv", 4, status="aproved"),
           "regulatory", "regulatory.csv", 4, "status", "one of", message=("not_approved",)),
    Broken("evidence-status-level-not-allowed",
           cells("evidence_status.csv", 2, evidence="anecdote"), "evidence_status",
           "evidence_status.csv", 2, "evidence", "one of"),
    Broken("acute-course-evidence-type-not-allowed",
           cells("acute_course.csv", 2, evidence_type="anecdote"), "acute_course",
           "acute_course.csv", 2, "evidence_type", ("one of", "case_report")),
    Broken("pk-parameters-in-simulator-not-yes-or-no",
           cells("pk_parameters.csv", 2, in_simulator="maybe"), "pk_parameters",
           "pk_parameters.csv", 2, "in_simulator", "one of: yes, no"),
    Broken("routes-approved-for-depression-not-yes-or-no",
           cells_where("routes.csv", {"route_id": "oral"}, approved_for_depression="maybe"),
           "routes", "routes.csv", AT_EDIT, "approved_for_depression", "one of: yes, no"),
    # patterns
    Broken("routes-key-with-stray-spaces", cells("routes.csv", 2, route_id="iv "), "routes",
           "routes.csv", 2, "route_id", "pattern"),
    Broken("timeline-badly-formed-date", cells("timeline.csv", 2, date="13/07/1999"),
           "timeline", "timeline.csv", 2, "date", "pattern"),
    Broken("timeline-source-keys-separated-with-spaces",
           cells("timeline.csv", 2, sources="a2010; b2011"), "timeline", "timeline.csv", 2,
           "sources", "pattern"),
    Broken("costs-currency-not-an-iso-code", cells("costs.csv", 3, currency="£"), "costs",
           "costs.csv", 3, "currency", "pattern"),
    Broken("misuse-period-not-a-year-or-span", cells("misuse.csv", 2, period="2021 to 2023"),
           "misuse", "misuse.csv", 2, "period", "pattern"),
    Broken("routes-label-doses-separated-with-a-comma",
           cells_where("routes.csv", {"route_id": "oral"}, label_doses_mg="56, 84"), "routes",
           "routes.csv", AT_EDIT, "label_doses_mg", "pattern"),
    Broken("routes-as-of-written-day-first",
           cells_where("routes.csv", {"route_id": "oral"}, as_of="27/11/2026"), "routes",
           "routes.csv", AT_EDIT, "as_of", "pattern"),
    # unique keys
    Broken("routes-duplicate-key", repeat_first_row("routes.csv"), "routes", "routes.csv",
           AT_EDIT, "route_id", "unique"),
    Broken("regulatory-same-jurisdiction-and-topic-twice", repeat_first_row("regulatory.csv"),
           "regulatory", "regulatory.csv", AT_EDIT, None, "unique"),
    # low <= high
    Broken("routes-low-above-high",
           cells("routes.csv", 2, bioavailability_pct_low="90", bioavailability_pct_high="80"),
           "routes", "routes.csv", 2, "bioavailability_pct_low", "<= bioavailability_pct_high"),
    Broken("costs-low-above-high", cells("costs.csv", 2, cost_low="900"), "costs", "costs.csv",
           2, "cost_low", "cost_low <= cost_high"),
    Broken("trials-ci-in-the-wrong-order",
           cells_where("trials.csv", {"trial_id": "popova2019"}, effect_ci_low="1.5"), "trials",
           "trials.csv", AT_EDIT, "effect_ci_low", "effect_ci_low <= effect_ci_high"),
    Broken("enantiomers-ki-range-in-the-wrong-order",
           cells("enantiomers.csv", 3, nmda_ki_umol_low="2"), "enantiomers", "enantiomers.csv",
           3, "nmda_ki_umol_low", "<= nmda_ki_umol_high"),
    Broken("pk-parameters-ci-low-above-high",
           cells_where("pk_parameters.csv", {"sources": "kamp2020", "parameter": "clearance"},
                       ci95_low="90", ci95_high="69"),
           "pk_parameters", "pk_parameters.csv", AT_EDIT, "ci95_low", "ci95_low <= ci95_high",
           message=("ci95_low = 90 is above ci95_high = 69",)),
    # sources and references.bib
    Broken("timeline-unknown-source-key", cells("timeline.csv", 3, sources="nobody2099"),
           "timeline", "timeline.csv", 3, "sources", "references.bib",
           message=("nobody2099",)),
    Broken("bib-entry-without-identifier",
           append_to_bib("@article{orphan2020,\n  title = {No identifier},\n  year = {2020}\n}"),
           "timeline", "references.bib", AT_EDIT, None, "doi, pmid or url",
           message=("orphan2020",)),
    Broken("bib-malformed-entry",
           append_to_bib("@article{broken2020,\n  title = {Unclosed brace,\n  year = 2020"),
           "timeline", "references.bib", AT_EDIT, None, "valid BibTeX"),
    Broken("bib-duplicate-key", append_to_bib(first_bib_entry), "timeline", "references.bib",
           AT_EDIT, None, "one entry per key", message=("appears twice",)),
    # datapackage.json
    Broken("datapackage-malformed-json", cut_datapackage_short, "routes", "datapackage.json",
           AT_EDIT, None, "valid JSON"),
]


@pytest.mark.parametrize("case", BROKEN, ids=[case.id for case in BROKEN])
def test_broken_input_gets_one_clear_error(data_copy, case):
    edited_line = case.edit(data_copy)
    if case.line is AT_EDIT:
        assert isinstance(edited_line, int), "the edit must return the line it broke"
    line = edited_line if case.line is AT_EDIT else case.line
    rules = (case.rule,) if isinstance(case.rule, str) else case.rule
    error = expect_error(data_copy, case.table, file=case.file, line=line, column=case.column,
                         rule_part=rules[0])
    message = str(error)
    where = [error.file, *([f"line {line}"] if line is not None else []),
             *([f"column '{case.column}'"] if case.column is not None else [])]
    assert message.startswith(", ".join(where) + ": "), message
    assert f"(rule: {error.rule})" in message
    for part in rules:
        assert part in error.rule, message
    for part in case.message:
        assert part in message, message


# Not in the table: an unknown table name is a ValueError naming the tables, not a DataError
# about a file (there is no file, line or column to name).
def test_unknown_table_name():
    with pytest.raises(ValueError, match="Unknown table 'route'.*routes"):
        load("route")
