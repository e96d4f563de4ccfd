"""Visible words and sourced constants live in data/: data/labels.csv (every coded value's
label, one vocabulary per kind), data/constants.csv and data/simulator_controls.csv. A
lecturer's mistake there gets one clear error; code holds no second copy of a label."""

from __future__ import annotations

import ast
import re

import pytest

from conftest import ROOT, rows_of, write_rows
from ketamine_course import data, evidence, pk
from ketamine_course.data import DataError, labels, load


def vocabulary_fields():
    """(table, field, vocabulary) for every field of datapackage.json that names one."""
    return [(resource["name"], field["name"], field["vocabulary"])
            for resource in data.package()["resources"]
            for field in resource["schema"]["fields"] if "vocabulary" in field]


def test_every_coded_value_a_field_allows_has_a_label():
    found = vocabulary_fields()
    assert len(found) >= 19, found
    for table, field, vocabulary in found:
        allowed = next(item for resource in data.package()["resources"]
                       if resource["name"] == table
                       for item in resource["schema"]["fields"] if item["name"] == field)
        words = labels(vocabulary)
        assert set(allowed["constraints"]["enum"]) <= set(words), (table, field)
        assert all(word.strip() for word in words.values()), vocabulary


def test_every_vocabulary_is_used_by_a_field_or_by_code():
    """A vocabulary no field names must be read by the package (plasma bands, say)."""
    named = {vocabulary for _, _, vocabulary in vocabulary_fields()}
    code = " ".join(path.read_text(encoding="utf-8")
                    for path in (ROOT / "ketamine_course").rglob("*.py"))
    for vocabulary in dict.fromkeys(load("labels")["vocabulary"]):
        assert vocabulary in named or f'"{vocabulary}"' in code, vocabulary


def test_notebooks_02_and_08_share_one_evidence_scale():
    """One spelling for each level: the evidence table of notebook 02 and the evidence map
    of notebook 08 both name the evidence_level vocabulary."""
    fields = {(table, field): vocabulary for table, field, vocabulary in vocabulary_fields()}
    assert fields[("evidence_strength", "level")] == fields[("evidence_status", "evidence")] \
        == "evidence_level"
    assert list(evidence.evidence_levels())[0] == "approved"  # strongest first


def test_a_missing_label_names_labels_csv_the_vocabulary_and_the_field(data_copy):
    rows = rows_of(data_copy / "labels.csv")
    kept = [row for row in rows if row[:2] != ["evidence_level", "small_rcts"]]
    assert len(kept) == len(rows) - 1
    write_rows(data_copy / "labels.csv", kept)
    with pytest.raises(DataError) as caught:
        labels("evidence_level", data_dir=data_copy)
    error = caught.value
    assert error.file.endswith("labels.csv") and error.column == "key"
    first = next(index for index, row in enumerate(kept) if row[0] == "evidence_level")
    assert error.line == first + 1  # rows_of includes the header, the first line
    assert "'small_rcts'" in str(error) and "evidence_status.evidence allows" in str(error)
    assert "every value a field allows has a label" in error.rule


def test_a_label_edit_reaches_the_reader(data_copy):
    rows = rows_of(data_copy / "labels.csv")
    for row in rows:
        if row[:2] == ["indication", "ptsd"]:
            row[2] = "Post-traumatic stress disorder"
    write_rows(data_copy / "labels.csv", rows)
    assert labels("indication", data_dir=data_copy)["ptsd"] == "Post-traumatic stress disorder"


def test_unknown_vocabulary_and_constant_are_clear_errors():
    with pytest.raises(ValueError, match="Unknown vocabulary 'colours'; the vocabularies are: "
                                         "indication"):
        labels("colours")
    with pytest.raises(ValueError, match="Unknown constant 'speed_of_light'"):
        data.constant("speed_of_light")


def word_maps(source: str):
    """(line, keys) of every dict literal in ``source`` that maps two or more string keys
    to two or more strings: the shape of a list of display words."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys = [key.value for key in node.keys
                    if isinstance(key, ast.Constant) and isinstance(key.value, str)]
            words = [value for value in node.values
                     if isinstance(value, ast.Constant) and isinstance(value.value, str)]
            if len(keys) >= 2 and len(words) >= 2:
                yield node.lineno, keys


def coded_values() -> set[str]:
    """Every value a field of datapackage.json allows, and every key of labels.csv."""
    values = set(load("labels")["key"])
    for resource in data.package()["resources"]:
        for field in resource["schema"]["fields"]:
            values |= set(field.get("constraints", {}).get("enum", []))
    return values


def copies_of_vocabularies(sources: dict[str, str]) -> list[str]:
    coded = coded_values()
    return [f"{name}:{line}" for name, source in sources.items()
            for line, keys in word_maps(source) if len(coded & set(keys)) >= 2]


def test_no_module_keeps_its_own_words_for_coded_values():
    """A dict in the package that gives words to coded values (keys a table stores) is a
    second vocabulary that would drift from data/labels.csv; it belongs there."""
    sources = {path.name: path.read_text(encoding="utf-8")
               for path in (ROOT / "ketamine_course").rglob("*.py")}
    assert copies_of_vocabularies(sources) == []


def test_the_guard_catches_a_drifted_copy():
    drifted = 'LEVELS = {"approved": "Approved by regulator", "small_rcts": "Few trials"}\n'
    assert copies_of_vocabularies({"review.py": drifted}) == ["review.py:1"]
    assert copies_of_vocabularies({"pk.py": 'HOURS = {"minutes": 1 / 60, "hours": 1.0}'}) == []


def test_simulator_ranges_come_from_the_data_and_are_checked(data_copy):
    settings = pk.simulator_controls()
    table = load("simulator_controls").set_index("control")
    assert settings["dose"] == {"min": table.loc["dose", "minimum"],
                                "max": table.loc["dose", "maximum"],
                                "step": table.loc["dose", "step"],
                                "value": table.loc["dose", "default"]}
    rows = rows_of(data_copy / "simulator_controls.csv")
    header = rows[0]
    line = next(index for index, row in enumerate(rows) if row[0] == "weight")
    rows[line][header.index("default")] = "200"
    write_rows(data_copy / "simulator_controls.csv", rows)
    with pytest.raises(DataError) as caught:
        pk.simulator_controls(data_copy)
    error = caught.value
    assert (error.line, error.column) == (line + 1, "maximum")
    assert "default = 200 is above maximum = 150" in str(error)
    assert "minimum <= default <= maximum" in error.rule


def test_the_reasons_state_the_slider_values_they_explain():
    """The why column repeats each slider's minimum, maximum and starting value in words;
    an edit to one of those numbers must be made in both places."""
    for row in load("simulator_controls").itertuples():
        for value in (row.minimum, row.maximum, row.default):
            assert re.search(rf"(?<![0-9.]){value:g}(?![0-9])", row.why), (row.control, value)


def test_plasma_band_labels_name_the_regimen_their_rows_describe():
    """A band's label repeats the dose of the pk_parameters rows it spans; each of those
    rows must describe that same dose."""
    table = load("pk_parameters")
    for parameter, label in labels("plasma_band").items():
        regimen = label.split(", ", 1)[1]  # "0.5 mg/kg IV over 40 min"
        populations = table.loc[table["parameter"] == parameter, "population"]
        assert len(populations) and all(regimen in text for text in populations), parameter


def test_every_sourced_slider_value_names_its_source():
    table = load("simulator_controls")
    for row in table.itertuples():
        if "not a sourced value" not in row.why:
            assert isinstance(row.sources, str) and row.sources, row.control
