"""Notebook 07's data and figures: the cost chart equals data/costs.csv, the misuse table
and the case studies follow their CSV files, and broken input gives one clear error."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, rows_of, write_rows
from ketamine_course import ethics, export
from ketamine_course.data import DataError, load, references
from ketamine_course.diagrams.ethics import confidence_style, cost_alt, cost_chart
from ketamine_course.ethics import confidence_labels, cost_range_text, cost_table
from ketamine_course.formats import money
from ketamine_course.references import format_reference


@pytest.fixture
def chart():
    fig = cost_chart()
    yield fig
    plt.close(fig)


def panels(fig, table):
    """(axes, the rows drawn in it) per currency, in drawing order."""
    rows = cost_table(table)
    currencies = list(dict.fromkeys(rows["currency"]))
    return [(ax, rows[rows["currency"] == currency].reset_index(drop=True))
            for ax, currency in zip(fig.axes, currencies, strict=True)]


# --- the table ---------------------------------------------------------------------------

def test_costs_hold_the_sourced_rows():
    costs = load("costs").set_index("cost_id")
    uk = costs.loc["uk_session_list_price"]
    # NICE TA854: £163 per 28 mg device, one to three devices per session.
    assert (uk["currency"], uk["cost_low"], uk["cost_high"]) == ("GBP", 163, 3 * 163)
    assert uk["confidence"] == "high" and "nice_ta854" in uk["sources"]
    us = costs[costs["sources"] == "ross2020"]
    assert set(us["currency"]) == {"USD"}
    assert us.loc["us_value_based_price", "cost_low"] < us.loc["us_price_per_dose", "cost_low"]
    assert set(costs["confidence"]) <= set(confidence_labels())


def test_costs_carry_a_year_and_a_check_date():
    costs = load("costs")
    assert costs["year"].between(1990, 2100).all()
    assert costs["as_of"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


# --- the chart equals its data ------------------------------------------------------------

def test_one_panel_per_currency_named_in_its_title(chart):
    table = load("costs")
    currencies = list(dict.fromkeys(table["currency"]))
    assert len(chart.axes) == len(currencies)
    for ax, currency in zip(chart.axes, currencies, strict=True):
        assert ax.get_title(loc="left").startswith(f"{currency}:")
        assert currency in ax.get_xlabel() and ax.get_xscale() == "log"


def test_each_bar_spans_low_to_high(chart):
    for ax, rows in panels(chart, load("costs")):
        bars = ax.patches
        assert len(bars) == len(rows)
        for bar, (_, row) in zip(bars, rows.iterrows(), strict=True):
            assert bar.get_x() == pytest.approx(row["cost_low"])
            assert bar.get_x() + bar.get_width() == pytest.approx(row["cost_high"])


def test_markers_sit_at_both_ends(chart):
    for ax, rows in panels(chart, load("costs")):
        lines = [line for line in ax.lines if line.get_marker() not in ("None", None, "")]
        assert len(lines) == len(rows)
        for line, (index, row) in zip(lines, rows.iterrows(), strict=True):
            assert list(line.get_xdata()) == pytest.approx([row["cost_low"], row["cost_high"]])
            assert list(line.get_ydata()) == [index, index]


def test_row_labels_and_value_labels_follow_the_rows(chart):
    for ax, rows in panels(chart, load("costs")):
        assert [label.get_text() for label in ax.get_yticklabels()] == list(rows["item"])
        texts = [text.get_text() for text in ax.texts]
        for (_, row), text in zip(rows.iterrows(), texts, strict=True):
            assert cost_range_text(row["cost_low"], row["cost_high"], row["currency"]) in text
            assert f"{row['confidence']} confidence" in text


def test_confidence_is_not_shown_by_colour_alone(chart):
    looks = {}
    for ax, rows in panels(chart, load("costs")):
        markers = [line.get_marker() for line in ax.lines]
        for bar, marker, level in zip(ax.patches, markers, rows["confidence"], strict=True):
            looks.setdefault(level, set()).add((bar.get_hatch(), marker))
    assert all(len(pairs) == 1 for pairs in looks.values()), looks
    pairs = [next(iter(pairs)) for pairs in looks.values()]
    assert len({hatch for hatch, _ in pairs}) == len(pairs)
    assert len({marker for _, marker in pairs}) == len(pairs)
    legend = [text.get_text() for text in chart.legends[0].get_texts()]
    assert legend == [label for level, label in confidence_labels().items() if level in looks]


def test_an_edited_table_changes_the_chart():
    table = load("costs")
    extra = table.iloc[[0]].copy()
    extra[["cost_id", "item", "jurisdiction", "currency"]] = ["x", "A new item", "Sweden", "SEK"]
    extra[["cost_low", "cost_high", "confidence"]] = [1000.0, 2500.0, "low"]
    edited = pd.concat([table, extra], ignore_index=True)
    fig = cost_chart(edited)
    try:
        assert len(fig.axes) == len(set(table["currency"])) + 1
        last = fig.axes[-1]
        assert last.get_title(loc="left") == "SEK: Sweden"
        assert last.patches[0].get_x() == 1000 and last.patches[0].get_width() == 1500
        assert "1,000 SEK to 2,500 SEK" in last.texts[0].get_text()
    finally:
        plt.close(fig)
    assert "A new item: 1,000 SEK to 2,500 SEK · low confidence" in cost_alt(edited)


def test_alt_text_reads_out_every_row():
    table = load("costs")
    alt = cost_alt(table)
    assert f"Chart of {len(table)} cost figures in {table['currency'].nunique()} currencies" in alt
    for _, row in table.iterrows():
        assert f"{row['item']}: " in alt


def test_lecture_mode_enlarges_the_chart_text():
    sizes = {}
    for mode in ("notebook", "lecture"):
        fig = cost_chart(mode=mode)
        sizes[mode] = min(text.get_fontsize() for ax in fig.axes for text in ax.texts)
        plt.close(fig)
    assert sizes["lecture"] > sizes["notebook"]


@pytest.mark.parametrize("low, high, currency, expected", [
    (163, 489, "GBP", "£163 to £489"),
    (5572, 5572, "USD", "US$5,572"),
    (1200, 1200, "SEK", "1,200 SEK"),
])
def test_cost_text(low, high, currency, expected):
    assert cost_range_text(low, high, currency) == expected
    assert money(low, currency) in expected


def test_unknown_confidence_level_is_refused():
    with pytest.raises(ValueError, match="level must be one of high, moderate, low"):
        confidence_style("sure")


def test_cost_chart_is_exported():
    names = [spec.name for spec in export.figure_specs()]
    assert "costs" in names
    assert (ROOT / "figures" / "costs.png").is_file() and (ROOT / "figures" / "costs.svg").is_file()


# --- misuse ------------------------------------------------------------------------------

def test_misuse_rows_keep_their_units():
    misuse = load("misuse")
    survey = misuse[misuse["indicator"] == "Past-year nonmedical ketamine use"]
    assert set(survey["unit"]) == {"percent"} and (survey["value_high"] < 1).all()
    deaths = misuse[misuse["indicator"] == "Deaths in which ketamine was implicated"]
    assert set(deaths["country"]) == {"England"} and set(deaths["unit"]) == {"deaths"}


def test_misuse_table_formats_each_value_from_the_csv():
    misuse = load("misuse")
    shown = ethics.misuse_table(misuse)
    assert len(shown) == len(misuse)
    for value, (_, row) in zip(shown["Value"], misuse.iterrows(), strict=True):
        number = f"{row['value_low']:g}"
        assert value.startswith(number)
        assert ("%" in value) == row["unit"].startswith("percent")


@pytest.mark.parametrize("low, high, unit, expected", [
    (0.19, 0.19, "percent", "0.19%"),
    (39.5, 39.5, "percent of exposures", "39.5% of exposures"),
    (0.76, 1.54, "per million people", "0.76 to 1.54 per million people"),
    (283, 283, "deaths", "283 deaths"),
])
def test_indicator_format(low, high, unit, expected):
    assert ethics.format_indicator(low, high, unit) == expected


# --- case studies ------------------------------------------------------------------------

def test_cases_are_complete_and_sourced():
    table = load("case_studies")
    cases = ethics.case_studies(table)
    assert 2 <= len(cases) <= 3
    assert [case.case_id for case in cases] == list(dict.fromkeys(table["case_id"]))
    bib = references()
    for case in cases:
        assert case.title and case.scenario and "fictional" in case.scenario
        assert len(case.prompts) >= 2 and len(case.points) >= 2
        assert set(case.sources) <= set(bib)


def test_case_markdown_shows_prompts_and_folds_the_points():
    case = ethics.case_studies()[0]
    text = ethics.case_markdown(case, 1)
    assert text.startswith(f"### Case 1: {case.title}")
    for number, prompt in enumerate(case.prompts, start=1):
        assert f"{number}. {prompt}" in text
    assert "<details>" in text and text.count("<li>") == len(case.points)
    assert "<details>" not in ethics.case_markdown(case, 1, show_points=False)
    assert "$" not in text  # Jupyter would read a pair of dollar signs as mathematics


def test_a_case_with_two_titles_is_refused(data_copy):
    path = data_copy / "case_studies.csv"
    rows = rows_of(path)
    duplicate = next(row for row in rows if row[1] == "title")
    write_rows(path, rows + [[duplicate[0], "title", "2", "Another title", duplicate[4]]])
    with pytest.raises(DataError) as caught:
        ethics.case_studies(load("case_studies", data_copy))
    assert caught.value.line == len(rows) + 1 and caught.value.column == "part"
    assert "exactly one title" in caught.value.rule and "case_studies.csv" in str(caught.value)


def test_a_gap_in_the_numbering_is_refused(data_copy):
    path = data_copy / "case_studies.csv"
    rows = rows_of(path)
    line = next(index for index, row in enumerate(rows) if row[1] == "prompt" and row[2] == "2")
    rows[line][2] = "5"
    write_rows(path, rows)
    with pytest.raises(DataError) as caught:
        ethics.case_studies(load("case_studies", data_copy))
    assert caught.value.line == line + 1 and caught.value.column == "number"
    assert "without gaps" in caught.value.rule


def test_a_case_without_points_is_refused(data_copy):
    path = data_copy / "case_studies.csv"
    rows = rows_of(path)
    first_case = rows[1][0]
    write_rows(path, [row for row in rows if not (row[0] == first_case and row[1] == "point")])
    with pytest.raises(DataError, match="at least one point"):
        ethics.case_studies(load("case_studies", data_copy))


# --- references used here ----------------------------------------------------------------

def test_corporate_authors_stay_whole():
    bib = references()
    line = format_reference("icer_esketamine_2019", bib["icer_esketamine_2019"])
    assert line.startswith("Institute for Clinical and Economic Review (2019).")
    assert "et al." not in line.split("(")[0]
    assert format_reference("ross2020", bib["ross2020"]).startswith("Ross et al. (2020).")


def test_every_number_row_is_traceable():
    bib = references()
    for name in ("costs", "misuse", "case_studies"):
        for cell in load(name)["sources"]:
            for key in cell.split(";"):
                assert any(bib[key].get(field) for field in ("doi", "pmid", "url")), key
    assert np.isfinite(load("costs")[["cost_low", "cost_high"]].to_numpy(dtype=float)).all()


# --- readable tables ---------------------------------------------------------------------

def test_readable_table_shows_long_text_in_full_with_a_fixed_id():
    from ketamine_course.tables import readable

    costs = load("costs")
    html = readable(costs[["item", "basis", "cost_low"]], "costs",
                    formats={"cost_low": "{:,.0f}"}).to_html()
    for basis in costs["basis"]:
        assert basis in html  # never cut short
    assert 'id="T_costs"' in html and "10,554" in html
    assert html == readable(costs[["item", "basis", "cost_low"]], "costs",
                            formats={"cost_low": "{:,.0f}"}).to_html()  # same on every run


@pytest.mark.parametrize("table_id, formats, message", [
    ("", None, "table_id must be"),
    ("two words", None, "table_id must be"),
    ("costs", {"price": "{:.0f}"}, "name columns the table does not have: price"),
])
def test_readable_table_refuses_bad_arguments(table_id, formats, message):
    from ketamine_course.tables import readable

    with pytest.raises(ValueError, match=message):
        readable(load("costs"), table_id, formats)
    with pytest.raises(ValueError, match="name columns the table does not have: when"):
        readable(load("costs"), "costs", nowrap=("when",))


def test_readable_table_keeps_short_columns_on_one_line():
    from ketamine_course.tables import readable

    html = readable(load("costs")[["year", "basis"]], "costs", nowrap=("year",)).to_html()
    assert "white-space: nowrap" in html
    assert html.count("white-space: nowrap") == 1, "only the column asked for"


def test_a_shown_dataframe_reads_from_the_left_without_pandas_row_numbers():
    """After the set-up cell's show_text_in_full, a DataFrame a cell shows keeps pandas'
    formatting of values, drops the 0, 1, 2... row numbers (a real index stays) and every
    cell is aligned left, whatever JupyterLab's own table style says."""
    import re

    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell

    from ketamine_course.tables import show_text_in_full

    shell = InteractiveShell.instance()
    try:
        show_text_in_full()
        frame = pd.DataFrame({"treatment": ["infusion", "spray"], "mg": [17.5, 40.0]})
        html = shell.display_formatter.format(frame)[0]["text/html"]
        cells = re.findall(r"<(td|th)( style=\"[^\"]*\")?>([^<]*)<", html)
        assert [text for _, _, text in cells] == ["treatment", "mg", "infusion", "17.5",
                                                  "spray", "40.0"]
        assert all("text-align: left" in style for _, style, _ in cells)
        indexed = shell.display_formatter.format(frame.set_index("treatment"))[0]["text/html"]
        assert ">infusion</th>" in indexed  # a real index is kept, as a row heading
    finally:
        InteractiveShell.clear_instance()
        pd.reset_option("display.max_colwidth")
