"""Notebook 06: the regulatory table's sourced facts, the status grid equals its data, the
dated table, and `make check-dates` (ketamine_course.dates) on temp copies. (Broken
regulatory.csv input: tests/test_data.py.)"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from conftest import ROOT, edit_cell, rows_of
from ketamine_course import dates, export, style
from ketamine_course.data import DataError, load
from ketamine_course.diagrams.regulatory import regulatory_alt, regulatory_chart
from ketamine_course.regulatory import (
    NOT_IN_TABLE,
    cell_text,
    regulatory_rows,
    regulatory_table,
    status_labels,
    status_words,
)


@pytest.fixture
def table():
    return load("regulatory")


@pytest.fixture
def chart():
    fig = regulatory_chart()
    yield fig
    plt.close(fig)


def row(table, jurisdiction, topic):
    chosen = table[(table["jurisdiction"] == jurisdiction) & (table["topic"] == topic)]
    assert len(chosen) == 1, f"no single row for {jurisdiction} / {topic}"
    return chosen.iloc[0]


# --- the sourced facts ----------------------------------------------------------------

def test_us_eu_and_uk_are_covered(table):
    assert {"US", "EU", "UK"} <= set(table["jurisdiction"])


def test_esketamine_spray_is_approved_for_trd_in_each_jurisdiction(table):
    for jurisdiction in ("US", "EU", "UK"):
        entry = row(table, jurisdiction, "Esketamine: TRD with antidepressant")
        assert entry["status"] == "approved"
        assert "esketamine" in entry["product"].lower()


def test_only_esketamine_is_approved_for_depression(table):
    """The course's first trap: racemic ketamine has no approval for depression anywhere."""
    depression = table[table["indication"].str.contains("depress", case=False)]
    approved = depression[depression["status"] == "approved"]
    assert not approved.empty
    assert approved["product"].str.contains("Esketamine").all(), approved[["jurisdiction",
                                                                           "product"]]
    racemic = table[table["topic"] == "Ketamine: depression"]
    assert set(racemic["jurisdiction"]) >= {"US", "EU", "UK"}
    assert (racemic["status"] == "not_approved").all()


def test_us_approval_conditions_name_the_rems_and_the_two_hour_monitoring(table):
    conditions = row(table, "US", "Esketamine: TRD with antidepressant")["conditions"]
    assert "REMS" in conditions and "at least 2 hours" in conditions


def test_drug_control_rows(table):
    us = row(table, "US", "Ketamine: drug control")
    uk_class = row(table, "UK", "Ketamine: drug class")
    uk_schedule = row(table, "UK", "Ketamine: regulations schedule")
    assert us["status"] == uk_class["status"] == uk_schedule["status"] == "controlled"
    assert "Schedule III" in us["conditions"] and us["date"] == "1999-08-12"
    assert "Class B" in uk_class["conditions"] and uk_class["date"] == "2014-06-10"
    # The 2015 move from Part 1 of Schedule 4 to Schedule 2 of the 2001 Regulations.
    assert uk_schedule["date"] == "2015-06-01" and "uk_si_2015_891" in uk_schedule["sources"]
    assert "Schedule 2" in uk_schedule["conditions"] and "Schedule 4" in uk_schedule["conditions"]
    # Class C came from the 2005 Order under the Act, not from the 2005 Regulations.
    assert "uk_si_2005_3178" in uk_class["sources"]


def test_every_row_is_dated_by_its_check(table):
    checked = pd.to_datetime(table["as_of"], format="%Y-%m-%d")
    assert checked.notna().all()
    # A status cannot have been checked before it took effect.
    started = table["date"].dropna()
    assert all(str(table.loc[index, "as_of"]) >= date[:4] for index, date in started.items())


# --- the status grid equals its data -----------------------------------------------------

def test_each_row_is_a_marker_in_its_cell_with_its_status(chart, table):
    ax = chart.axes[0]
    rows = regulatory_rows(table)
    by_label = {collection.get_label(): collection for collection in ax.collections}
    for status, label in status_labels().items():
        expected = sorted(zip(rows.loc[rows["status"] == status, "column"],
                              rows.loc[rows["status"] == status, "row"], strict=True))
        if not expected:
            assert label not in by_label
            continue
        plotted = sorted((round(x), round(y)) for x, y in by_label[label].get_offsets())
        assert plotted == expected, status


def test_each_cell_says_its_status_and_date_in_words(chart, table):
    ax = chart.axes[0]
    rows = regulatory_rows(table)
    texts = {(round(text.get_position()[0] - 0.1), round(text.get_position()[1])):
             text.get_text() for text in ax.texts}
    for entry in rows.itertuples(index=False):
        said = texts[(entry.column, entry.row)]
        assert said.startswith(status_words()[entry.status])
        if isinstance(entry.date, str):
            assert entry.date in said


def test_axes_are_labelled_with_jurisdictions_and_topics(chart, table):
    ax = chart.axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == \
        list(dict.fromkeys(table["jurisdiction"]))
    assert [label.get_text() for label in ax.get_yticklabels()] == \
        list(dict.fromkeys(table["topic"]))


def test_missing_combinations_say_not_in_table(chart, table):
    ax = chart.axes[0]
    cells = table["jurisdiction"].nunique() * table["topic"].nunique()
    assert sum(text.get_text() == NOT_IN_TABLE for text in ax.texts) == cells - len(table)


def test_status_is_shown_by_marker_shape_not_colour_alone(chart):
    collections = chart.axes[0].collections
    shapes = {tuple(map(tuple, c.get_paths()[0].vertices.round(3))) for c in collections}
    assert len(shapes) == len(collections)
    colours = [to_hex(c.get_facecolor()[0]) for c in collections]
    assert all(colour.upper() in style.PALETTE.values() for colour in colours)


def test_legend_names_each_status_present_once(chart, table):
    legend = [text.get_text() for text in chart.legends[0].get_texts()]
    assert legend == [label for status, label in status_labels().items()
                      if status in set(table["status"])]


def test_chart_states_when_rows_were_checked(table):
    edited = table.copy()
    edited.loc[0, "as_of"] = "2025-01-31"
    fig = regulatory_chart(edited)
    footnote = " ".join(text.get_text() for text in fig.texts)
    plt.close(fig)
    assert f"between 2025-01-31 and {max(table['as_of'])}" in footnote


def test_an_edited_row_changes_the_chart_and_its_alt_text(table):
    edited = table.copy()
    edited.loc[0, "status"] = "not_approved"
    edited.loc[0, "date"] = pd.NA
    fig = regulatory_chart(edited)
    texts = [text.get_text() for text in fig.axes[0].texts]
    plt.close(fig)
    assert cell_text("not_approved", pd.NA) in texts
    counts = table["status"].value_counts()
    assert f"{counts['approved'] - 1} approved" in regulatory_alt(edited)
    assert f"{counts['approved']} approved" in regulatory_alt(table)


def test_cell_text_distinguishes_no_start_date_from_a_date_not_found():
    assert cell_text("not_approved", pd.NA) == "Off-label\nno start date"
    assert cell_text("approved", pd.NA) == "Approved\ndate not found"
    assert cell_text("controlled", "1999-08-12") == "Controlled\n1999-08-12"


def test_lecture_mode_enlarges_the_grid_text():
    sizes = {}
    for mode in ("notebook", "lecture"):
        fig = regulatory_chart(mode=mode)
        sizes[mode] = min(text.get_fontsize() for text in fig.axes[0].texts)
        plt.close(fig)
    assert sizes["lecture"] > sizes["notebook"]


def test_the_grid_is_exported_to_figures():
    assert "regulatory_status" in [spec.name for spec in export.figure_specs()]
    readme = (ROOT / "figures" / "README.md").read_text(encoding="utf-8")
    assert regulatory_alt() in readme
    assert (ROOT / "figures" / "regulatory_status.svg").is_file()


# --- the dated table ---------------------------------------------------------------------

def test_dated_table_shows_every_row_with_its_as_of(table):
    shown = regulatory_table(table)
    assert len(shown) == len(table)
    assert list(shown.columns) == ["Jurisdiction", "Topic", "Status", "Since", "Conditions",
                                   "As of", "Sources"]
    merged = shown.merge(table, left_on=["Jurisdiction", "Topic"],
                         right_on=["jurisdiction", "topic"])
    assert (merged["As of"] == merged["as_of"]).all()
    assert (merged["Status"] == merged["status"].map(status_labels())).all()
    assert ((merged["Since"] == "–") == merged["date"].isna()).all()


def test_dated_table_for_one_jurisdiction(table):
    shown = regulatory_table(table, jurisdiction="UK")
    assert set(shown["Jurisdiction"]) == {"UK"}
    assert len(shown) == (table["jurisdiction"] == "UK").sum()
    with pytest.raises(ValueError, match="jurisdiction must be one of US, EU, UK"):
        regulatory_table(table, jurisdiction="Mars")


# --- make check-dates --------------------------------------------------------------------

def set_as_of(data_dir, table_name, line, value):
    edit_cell(data_dir / f"{table_name}.csv", line, "as_of", value)


def test_dated_tables_are_found_from_the_schema(data_copy):
    found = dates.dated_tables(data_copy)
    assert {"regulatory", "enantiomers"} <= set(found)
    assert "timeline" not in found


def test_stale_rows_lists_exactly_the_rows_checked_too_long_ago(data_copy):
    set_as_of(data_copy, "regulatory", 3, "2020-01-01")
    set_as_of(data_copy, "regulatory", 5, "2024-06-30")
    set_as_of(data_copy, "enantiomers", 2, "2023-03-01")
    today = dt.date(2026, 12, 1)
    stale = dates.stale_rows(365, today=today, data_dir=data_copy)
    assert list(zip(stale["table"], stale["line"], strict=True)) == \
        [("regulatory", 3), ("enantiomers", 2), ("regulatory", 5)]  # oldest first
    assert stale["age_days"].tolist() == [(today - dt.date(2020, 1, 1)).days,
                                          (today - dt.date(2023, 3, 1)).days,
                                          (today - dt.date(2024, 6, 30)).days]
    regulatory = load("regulatory", data_copy)
    first = regulatory.loc[1]  # file line 3
    assert stale.loc[0, "key"] == f"{first['jurisdiction']} / {first['topic']}"


def test_the_threshold_is_exclusive(data_copy):
    set_as_of(data_copy, "regulatory", 2, "2026-01-01")
    exactly = (dt.date(2026, 12, 1) - dt.date(2026, 1, 1)).days
    assert dates.stale_rows(exactly, today="2026-12-01", data_dir=data_copy,
                            tables=["regulatory"]).empty
    assert len(dates.stale_rows(exactly - 1, today="2026-12-01", data_dir=data_copy,
                                tables=["regulatory"])) == 1


def test_a_date_in_the_future_is_listed_as_a_probable_typo(data_copy):
    set_as_of(data_copy, "enantiomers", 3, "2062-11-27")
    stale = dates.stale_rows(365, today="2026-12-01", data_dir=data_copy,
                             tables=["enantiomers"])
    assert stale["line"].tolist() == [3] and "typing mistake" in stale.loc[0, "reason"]


def test_report_text(data_copy):
    set_as_of(data_copy, "regulatory", 4, "2020-05-05")
    stale = dates.stale_rows(365, today="2026-12-01", data_dir=data_copy)
    text = dates.format_report(stale, 365, "2026-12-01")
    assert text.startswith("1 row(s) to re-check")
    assert "data/regulatory.csv, line 4" in text and "as_of 2020-05-05" in text
    assert "Nothing to re-check" in dates.format_report(stale.iloc[0:0], 365, "2026-12-01")


@pytest.mark.parametrize("value", [-1, 1.5, "365", True])
def test_threshold_must_be_a_whole_number_of_days(value):
    with pytest.raises(ValueError, match="older_than_days must be a whole number of days"):
        dates.stale_rows(value, today="2026-12-01")


def test_bad_reference_date_and_unknown_table():
    with pytest.raises(ValueError, match="today must be a date written YYYY-MM-DD"):
        dates.stale_rows(365, today="1 Dec 2026")
    with pytest.raises(ValueError, match="tables must name tables with an as_of column"):
        dates.stale_rows(365, today="2026-12-01", tables=["timeline"])


def test_a_broken_dated_table_stops_with_its_data_error(data_copy):
    set_as_of(data_copy, "regulatory", 2, "yesterday")
    with pytest.raises(DataError, match="regulatory.csv, line 2, column 'as_of'"):
        dates.stale_rows(365, today="2026-12-01", data_dir=data_copy)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "ketamine_course.dates", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_command_line_lists_rows_and_exits_0(data_copy):
    set_as_of(data_copy, "regulatory", 6, "2021-07-01")
    result = run_cli("--older-than", "365", "--today", "2026-12-01", "--data-dir",
                     str(data_copy))
    assert result.returncode == 0, result.stderr
    assert "1 row(s) to re-check" in result.stdout
    assert "data/regulatory.csv, line 6" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--older-than", "-5"], "--older-than must be 0 or more days"),
    (["--today", "2026-13-01"], "today must be a date written YYYY-MM-DD"),
])
def test_command_line_refuses_bad_arguments_with_one_message(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_make_check_dates_runs_the_module():
    result = subprocess.run(["make", "-n", "check-dates", "DAYS=90"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "-m ketamine_course.dates --older-than 90" in result.stdout


# --- notebook 06 shows every changing fact with its as-of date -----------------------------

NOTEBOOK = ROOT / "notebooks" / "06_regulatory_status.ipynb"


def notebook_cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_every_row_is_shown_in_the_notebook_with_its_as_of_date(table):
    html = "\n".join("".join(output.get("data", {}).get("text/html", ""))
                      for cell in notebook_cells() if cell["cell_type"] == "code"
                      for output in cell["outputs"])
    assert len(re.findall(r"<th[^>]*>As of</th>", html)) >= 3
    for entry in table.itertuples(index=False):
        assert entry.conditions in html, entry.topic
        block = html[html.index(entry.conditions):]
        assert block.split("</tr>")[0].count(str(entry.as_of)) == 1, entry.topic


def test_as_of_dates_written_in_the_text_are_dates_of_the_table(table):
    text = "\n".join("".join(cell["source"]) for cell in notebook_cells()
                      if cell["cell_type"] == "markdown")
    stated = re.findall(r"as of (\d{4}-\d{2}-\d{2})", text)
    assert stated, "the notebook states no as-of date"
    assert set(stated) <= set(table["as_of"])


# --- label editions: check-dates lists facts read in an older edition ----------------------

def test_label_editions_are_recorded_with_their_effective_dates():
    versions = dates.label_versions().set_index("source")
    current = versions.loc["spravato_label_us_2026"]
    assert current["newest"] and current["version"] == "18" and current["effective"] == "2026-03-13"
    assert not versions.loc["spravato_label_us_2019", "newest"]
    assert not versions.loc["spravato_label_us_2021", "newest"]


def test_rows_citing_only_an_older_edition_are_listed(data_copy):
    before = dates.outdated_label_rows(data_copy)
    assert "bp_thresholds" in set(before["table"])  # read in the July 2020 edition only
    # A row that cites the newest edition, even beside an older one, is current.
    listed = set(zip(before["table"], before["key"], strict=True))
    assert ("safety_facts", "sedation_moaas") not in listed  # cites 2026 and 2021
    assert ("safety_facts", "dissociation_cadss") not in listed
    # Cite an older edition only, and the row appears in the list.
    line = next(number for number, row in enumerate(rows_of(data_copy / "safety_facts.csv"),
                                                    start=1) if row[0] == "dissociation_cadss")
    edit_cell(data_copy / "safety_facts.csv", line, "sources", "spravato_label_us_2019")
    after = dates.outdated_label_rows(data_copy)
    added = after[(after["table"] == "safety_facts") & (after["key"] == "dissociation_cadss")]
    assert len(added) == 1 and added.iloc[0]["line"] == line
    assert added.iloc[0]["newest_source"] == "spravato_label_us_2026"
    assert added.iloc[0]["effective"] == "2019-03"


def test_a_label_entry_without_an_effective_date_is_refused(data_copy):
    bib = data_copy / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("  effective = {2019-03},\n", ""),
                   encoding="utf-8")
    with pytest.raises(ValueError, match="spravato_label_us_2019.*no effective date"):
        dates.label_versions(data_copy)


def test_command_line_lists_outdated_label_rows(data_copy):
    result = run_cli("--today", "2026-12-01", "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    outdated = dates.outdated_label_rows(data_copy)
    assert f"{len(outdated)} row(s) cite an older label version" in result.stdout
    first = outdated.iloc[0]
    assert f"data/{first['table']}.csv, line {first['line']}" in result.stdout


def test_notebook_06_shows_the_edition_of_every_label_fact():
    html = "\n".join("".join(output.get("data", {}).get("text/html", ""))
                     for cell in notebook_cells() if cell["cell_type"] == "code"
                     for output in cell["outputs"])
    editions = dates.label_edition_table()
    for entry in editions.itertuples(index=False):
        assert entry[editions.columns.get_loc("Row keys")] in html, entry
    for row in dates.outdated_label_rows().itertuples(index=False):
        assert row.key in html
