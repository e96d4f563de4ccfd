"""The data contract: valid tables load; every kind of broken input gives one clear
DataError naming file, line, column and rule. All breakage happens in temp copies."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest

from conftest import ROOT, edit_cell, expect_error, rows_of, write_rows
from ketamine_course import data
from ketamine_course.data import DataError, load

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


def test_required_routes_are_present():
    required = {"iv", "im", "intranasal_esketamine", "intranasal_racemic", "oral", "sublingual"}
    assert required <= set(load("routes")["route_id"])


def test_iv_bioavailability_is_complete():
    iv = load("routes").set_index("route_id").loc["iv"]
    assert iv["bioavailability_pct_low"] == iv["bioavailability_pct_high"] == 100


def test_each_side_effect_population_has_one_n_per_arm():
    table = load("side_effects")
    per_population = table.groupby("population")[["n_active", "n_placebo"]].nunique()
    assert (per_population == 1).all().all(), per_population


def test_every_reference_is_used_and_traceable():
    used = set()
    for name in data.table_names():
        used |= set(data.sources_of(load(name)))
    bib = data.references()
    assert used <= set(bib)
    for key, fields in bib.items():
        assert any(fields.get(name) for name in ("doi", "pmid", "url")), key


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


def test_an_edit_is_seen_on_the_next_load(data_copy):
    assert load("timeline", data_copy)["event"].iloc[0] != "An edited event"
    edit_cell(data_copy / "timeline.csv", 2, "event", "An edited event")
    assert load("timeline", data_copy)["event"].iloc[0] == "An edited event"


# --- broken input: at least 15 kinds ---------------------------------------------------

def test_missing_column(data_copy):
    path = data_copy / "routes.csv"
    write_rows(path, [row[:-1] for row in rows_of(path)])
    expect_error(data_copy, "routes", file="routes.csv", line=1, column="sources",
                 rule_part="every column")


def test_unknown_extra_column(data_copy):
    path = data_copy / "routes.csv"
    rows = rows_of(path)
    write_rows(path, [rows[0] + ["comment"]] + [row + ["x"] for row in rows[1:]])
    expect_error(data_copy, "routes", file="routes.csv", line=1, column="comment",
                 rule_part="only the columns")


def test_column_name_with_stray_spaces(data_copy):
    path = data_copy / "timeline.csv"
    rows = rows_of(path)
    rows[0][1] = " event "
    write_rows(path, rows)
    error = expect_error(data_copy, "timeline", file="timeline.csv", line=1, column="event",
                         rule_part="exactly")
    assert "stray spaces" in str(error)


def test_wrong_type(data_copy):
    edit_cell(data_copy / "routes.csv", 3, "tmax_min_low", "about ten")
    expect_error(data_copy, "routes", file="routes.csv", line=3, column="tmax_min_low",
                 rule_part="type number")


def test_integer_column_with_a_decimal(data_copy):
    edit_cell(data_copy / "side_effects.csv", 2, "n_active", "12.5")
    expect_error(data_copy, "side_effects", file="side_effects.csv", line=2,
                 column="n_active", rule_part="type integer")


def test_value_out_of_range(data_copy):
    edit_cell(data_copy / "side_effects.csv", 4, "active_pct", "140")
    expect_error(data_copy, "side_effects", file="side_effects.csv", line=4,
                 column="active_pct", rule_part="at most 100")


def test_negative_value(data_copy):
    edit_cell(data_copy / "pk_parameters.csv", 2, "value_low", "-1")
    expect_error(data_copy, "pk_parameters", file="pk_parameters.csv", line=2,
                 column="value_low", rule_part="at least 0")


def test_low_above_high(data_copy):
    path = data_copy / "routes.csv"
    edit_cell(path, 2, "bioavailability_pct_low", "90")
    edit_cell(path, 2, "bioavailability_pct_high", "80")
    expect_error(data_copy, "routes", file="routes.csv", line=2,
                 column="bioavailability_pct_low", rule_part="<= bioavailability_pct_high")


def test_duplicate_key(data_copy):
    path = data_copy / "routes.csv"
    rows = rows_of(path)
    write_rows(path, rows + [rows[1]])
    expect_error(data_copy, "routes", file="routes.csv", line=len(rows) + 1, column="route_id",
                 rule_part="unique")


def test_key_with_stray_spaces(data_copy):
    edit_cell(data_copy / "routes.csv", 2, "route_id", "iv ")
    expect_error(data_copy, "routes", file="routes.csv", line=2, column="route_id",
                 rule_part="pattern")


def test_value_not_in_the_allowed_list(data_copy):
    edit_cell(data_copy / "timeline.csv", 3, "category", "aproval")
    error = expect_error(data_copy, "timeline", file="timeline.csv", line=3, column="category",
                         rule_part="one of")
    assert "approval" in str(error)


def test_required_cell_left_empty(data_copy):
    edit_cell(data_copy / "timeline.csv", 2, "event", "")
    expect_error(data_copy, "timeline", file="timeline.csv", line=2, column="event",
                 rule_part="required")


def test_badly_formed_date(data_copy):
    edit_cell(data_copy / "timeline.csv", 2, "date", "13/07/1999")
    expect_error(data_copy, "timeline", file="timeline.csv", line=2, column="date",
                 rule_part="pattern")


def test_unknown_source_key(data_copy):
    edit_cell(data_copy / "timeline.csv", 3, "sources", "nobody2099")
    error = expect_error(data_copy, "timeline", file="timeline.csv", line=3, column="sources",
                         rule_part="references.bib")
    assert "nobody2099" in str(error)


def test_source_keys_separated_with_spaces(data_copy):
    edit_cell(data_copy / "timeline.csv", 2, "sources", "a2010; b2011")
    expect_error(data_copy, "timeline", file="timeline.csv", line=2, column="sources",
                 rule_part="pattern")


def test_row_with_too_many_cells(data_copy):
    path = data_copy / "timeline.csv"
    rows = rows_of(path)
    rows[2].append("surplus")
    write_rows(path, rows)
    expect_error(data_copy, "timeline", file="timeline.csv", line=3, column=None,
                 rule_part="one cell per column")


def test_empty_file(data_copy):
    (data_copy / "timeline.csv").write_bytes(b"")
    expect_error(data_copy, "timeline", file="timeline.csv", line=None, column=None,
                 rule_part="a header row")


def test_header_only(data_copy):
    path = data_copy / "timeline.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    expect_error(data_copy, "timeline", file="timeline.csv", line=2, column=None,
                 rule_part="at least one data row")


def test_non_utf8_bytes(data_copy):
    path = data_copy / "timeline.csv"
    rows = rows_of(path)
    rows[3][rows[0].index("event")] = "Caf\udce9"  # a lone Latin-1 byte, as from a Windows editor
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogateescape"))
    expect_error(data_copy, "timeline", file="timeline.csv", line=4, column="event",
                 rule_part="UTF-8")


def test_byte_order_mark(data_copy):
    path = data_copy / "routes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    error = expect_error(data_copy, "routes", file="routes.csv", line=1, column=None,
                         rule_part="without BOM")
    assert "CSV UTF-8" in str(error)


def test_missing_file(data_copy):
    (data_copy / "side_effects.csv").unlink()
    expect_error(data_copy, "side_effects", file="side_effects.csv", line=None, column=None,
                 rule_part="exists")


def test_bib_entry_without_identifier(data_copy):
    bib = data_copy / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") +
                   "\n@article{orphan2020,\n  title = {No identifier},\n  year = {2020}\n}\n",
                   encoding="utf-8")
    with pytest.raises(DataError) as caught:
        data.references(data_copy)
    assert "orphan2020" in str(caught.value) and "references.bib" in str(caught.value)
    assert "doi, pmid or url" in caught.value.rule


def test_malformed_bib(data_copy):
    bib = data_copy / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text + "\n@article{broken2020,\n  title = {Unclosed brace,\n  year = 2020\n",
                   encoding="utf-8")
    broken_line = text.count("\n") + 2
    with pytest.raises(DataError) as caught:
        load("timeline", data_copy)
    assert caught.value.file.endswith("references.bib")
    assert caught.value.line == broken_line, str(caught.value)
    assert "valid BibTeX" in caught.value.rule


def test_duplicate_bib_key(data_copy):
    bib = data_copy / "references.bib"
    text = bib.read_text(encoding="utf-8")
    first_entry = text[text.index("@"): text.index("\n}", text.index("@")) + 2]
    bib.write_text(text + "\n" + first_entry + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        data.references(data_copy)
    assert "appears twice" in str(caught.value)


def test_malformed_datapackage(data_copy):
    descriptor = data_copy / "datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load("routes", data_copy)
    assert caught.value.file.endswith("datapackage.json") and "valid JSON" in caught.value.rule


def test_unknown_table_name():
    with pytest.raises(ValueError, match="Unknown table 'route'.*routes"):
        load("route")
