"""The route comparison: routes.csv's sourced facts, the table's cells against the CSV, and
the slide figure's artists against the CSV. (Broken routes.csv input: tests/test_data.py.)"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from ketamine_course.data import load
from ketamine_course.diagrams.routes import (
    route_comparison_alt,
    route_comparison_chart,
    route_table_styled,
)
from ketamine_course.formats import DASH as MISSING
from ketamine_course.routes import route_table

REQUIRED_ROUTES = {"iv", "im", "intranasal_esketamine", "intranasal_racemic", "oral",
                   "sublingual"}


@pytest.fixture
def routes():
    return load("routes")


@pytest.fixture
def chart():
    fig = route_comparison_chart()
    yield fig
    plt.close(fig)


# --- the data ------------------------------------------------------------------------------

def test_required_routes_are_present_with_sources(routes):
    assert REQUIRED_ROUTES <= set(routes["route_id"])
    assert routes["sources"].str.len().gt(0).all()


def test_only_esketamine_nasal_spray_is_approved_for_depression(routes):
    approved = routes[routes["approved_for_depression"] == "yes"]
    assert list(approved["route_id"]) == ["intranasal_esketamine"]
    assert list(approved["product"]) == ["esketamine"]
    assert routes["as_of"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_racemic_nasal_bioavailability_is_kept_apart_from_esketamine(routes):
    by_id = routes.set_index("route_id")
    racemic, esketamine = by_id.loc["intranasal_racemic"], by_id.loc["intranasal_esketamine"]
    assert racemic["product"] == "racemic ketamine" and esketamine["product"] == "esketamine"
    assert set(racemic["sources"].split(";")).isdisjoint({"spravato_label_us", "perezruixo2021"})
    assert (racemic["bioavailability_pct_low"], racemic["bioavailability_pct_high"]) != (
        esketamine["bioavailability_pct_low"], esketamine["bioavailability_pct_high"])


def test_label_doses_only_where_the_label_fixes_them(routes):
    with_doses = routes[routes["label_doses_mg"].notna()]
    assert list(with_doses["route_id"]) == ["intranasal_esketamine"]


# --- the table -----------------------------------------------------------------------------

def expected_range(low, high):
    """The cell the table must show for a CSV low/high pair."""
    if pd.isna(low) and pd.isna(high):
        return MISSING
    if pd.isna(low):
        return f"up to {high:g}"
    if pd.isna(high):
        return f"from {low:g}"
    return f"{low:g}" if low == high else f"{low:g}–{high:g}"


def test_table_cells_equal_the_csv_values(routes):
    table = route_table(routes)
    assert len(table) == len(routes)
    pairs = {"Bioavailability (%)": "bioavailability_pct", "Time to peak (min)": "tmax_min",
             "Onset of acute effects (min)": "onset_min",
             "Duration of acute effects (min)": "effect_duration_min"}
    texts = {"Route": "route", "Product": "product",
             "Dose in studies or on the label": "dose_studied",
             "Setting and monitoring": "setting", "Approval status": "approval_status",
             "Approved for depression": "approved_for_depression"}
    for (_, row), (_, cells) in zip(routes.iterrows(), table.iterrows(), strict=True):
        for title, stem in pairs.items():
            assert cells[title] == expected_range(row[f"{stem}_low"], row[f"{stem}_high"])
        for title, column in texts.items():
            assert cells[title] == row[column]
        assert cells["Sources"].split(", ") == row["sources"].split(";")


def test_styled_table_is_html_with_every_route_and_a_fixed_id(routes):
    html = route_table_styled(routes).to_html()
    assert html == route_table_styled(routes).to_html(), "the HTML must repeat exactly"
    assert 'id="T_route-comparison"' in html and "<caption" in html
    for route in routes["route"]:
        assert route in html
    assert "index" not in html.split("<tbody>")[1].split("</tbody>")[0].lower()
    assert html.count("font-weight: bold") >= 1  # the approved row stands out in text


# --- the figure for slides -------------------------------------------------------------------

def plotted_ranges(ax):
    """{row position: (low, high)} read from the thick range lines of one panel."""
    found = {}
    for line in ax.lines:
        if line.get_linestyle() == "None":
            continue
        xs, ys = line.get_xdata(), line.get_ydata()
        found[int(ys[0])] = (min(xs), max(xs))
    return found


def test_chart_bars_span_the_csv_ranges(chart, routes):
    bio_ax, tmax_ax, _ = chart.axes
    for ax, stem in ((bio_ax, "bioavailability_pct"), (tmax_ax, "tmax_min")):
        drawn = plotted_ranges(ax)
        for position, (_, row) in enumerate(routes.iterrows()):
            low, high = row[f"{stem}_low"], row[f"{stem}_high"]
            if pd.isna(low) and pd.isna(high):
                assert position not in drawn
                continue
            assert drawn[position] == (low, high)


def test_chart_writes_each_range_and_marks_missing_values(chart, routes):
    bio_ax, tmax_ax, status_ax = chart.axes
    bio_texts = {text.get_text() for text in bio_ax.texts}
    for _, row in routes.iterrows():
        assert expected_range(row["bioavailability_pct_low"],
                              row["bioavailability_pct_high"]) + "%" in bio_texts
    missing = routes["tmax_min_low"].isna().sum()
    assert [text.get_text() for text in tmax_ax.texts].count("no value in sources") == missing


def test_chart_states_approval_in_words_not_colour(chart, routes):
    status = [text.get_text().replace("\n", " ") for text in chart.axes[2].texts]
    expected = ["Approved for depression" if value == "yes" else "Not approved for depression"
                for value in routes["approved_for_depression"]]
    assert status == expected


def test_chart_routes_differ_by_marker(chart):
    markers = {line.get_marker() for line in chart.axes[0].lines
               if line.get_linestyle() == "None"}
    assert len(markers) == len(chart.axes[0].get_yticks())


def test_chart_labels_every_route(chart, routes):
    labels = [label.get_text() for label in chart.axes[0].get_yticklabels()]
    assert labels == [f"{row['route']}\n{row['product']}" for _, row in routes.iterrows()]


def test_lecture_mode_enlarges_the_chart_text():
    sizes = {}
    for mode in ("notebook", "lecture"):
        fig = route_comparison_chart(mode=mode)
        sizes[mode] = min(text.get_fontsize() for text in fig.axes[0].texts)
        plt.close(fig)
    assert sizes["lecture"] > sizes["notebook"]


def test_alt_text_follows_the_data(routes):
    alt = route_comparison_alt(routes)
    assert f"{len(routes)} routes" in alt
    assert "Approved for depression: Intranasal (nasal spray device) (esketamine)" in alt
    edited = routes.copy()
    edited.loc[edited["route_id"] == "oral", "bioavailability_pct_high"] = 30
    low = routes.set_index("route_id").loc["oral", "bioavailability_pct_low"]
    assert f"Oral (racemic ketamine): bioavailability {low:g}–30%" in route_comparison_alt(edited)
