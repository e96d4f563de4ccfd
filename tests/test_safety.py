"""Notebook 05: the safety tables, the side-effect chart and its explorer, the acute-course
figure, the monitoring checklist. Expected values come from the CSV files (read here with
the csv module, not through the code under test) or from arithmetic on them."""

from __future__ import annotations

import csv
import io
import re

import matplotlib.pyplot as plt
import pytest

from conftest import ROOT, edit_cell, rows_of, stored_image, write_rows
from ketamine_course import data, safety
from ketamine_course.data import DataError, load
from ketamine_course.diagrams import safety as safety_figures
from ketamine_course.diagrams.safety import SideEffectChart
from ketamine_course.widgets.safety import side_effect_explorer

MINUS = "\N{MINUS SIGN}"


def csv_rows(name):
    with open(ROOT / "data" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def population_ids():
    rows = sorted(csv_rows("side_effect_populations"), key=lambda row: int(row["display_order"]))
    return [row["population"] for row in rows]


def expected_order(population):
    """The population's effects, largest drug-minus-placebo difference first (ties: by name)."""
    rows = [row for row in csv_rows("side_effects") if row["population"] == population]
    return sorted(rows, key=lambda row: (-round(float(row["active_pct"]) -
                                                float(row["placebo_pct"]), 1), row["effect"]))


def visible(texts):
    """Visible texts of a chart, top row first (rows run down the y axis)."""
    shown = [text for text in texts if text.get_visible()]
    return sorted(shown, key=lambda text: text.get_position()[1])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def broken(data_copy, monkeypatch):
    """A private copy of data/ that the safety module reads instead of data/."""
    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    return data_copy


# --- the tables ---------------------------------------------------------------------------

def test_safety_tables_load_with_the_sourced_rows():
    assert set(population_ids()) == {"spravato_label_trd", "transform1_fedgchin2019",
                                     "aspire_pooled_canuso2021", "sustain1_daly2019"}
    assert set(load("side_effects")["population"]) == set(population_ids())
    facts = load("safety_facts").set_index("fact_id")
    assert {"ci_vascular", "ci_haemorrhage", "ci_hypersensitivity"} <= set(facts.index)
    assert set(facts.loc[facts["topic"] == "contraindication", "evidence_type"]) == {"label"}
    for key in ("winstock2012", "morgan2010"):
        chosen = facts[facts["sources"].str.contains(key)]
        assert len(chosen) and set(chosen["evidence_type"]) == {"observational"}, key
    assert {"bladder", "cognition", "abuse_dependence"} <= set(facts["topic"])
    acute = load("acute_course")
    assert "minimum_monitoring" in set(acute["kind"])
    assert set(acute["evidence_type"]) == {"label", "trial", "observational", "case_report"}
    thresholds = load("bp_thresholds")
    assert len(thresholds) == 8 and set(thresholds["age_group"]) == {"under_65", "65_and_over"}


def test_default_population_is_the_lowest_display_order():
    # The US label's own table for treatment-resistant depression opens the chart.
    assert safety.default_population() == population_ids()[0] == "spravato_label_trd"
    assert safety.population_info("spravato_label_trd")["evidence_type"] == "label"


def test_printed_blood_pressure_percentages_match_their_counts():
    """The label prints rounded percentages; each must round from its count over the arm."""
    for row in csv_rows("bp_thresholds"):
        for arm, total in (("esketamine", "n_esketamine"), ("placebo", "n_placebo")):
            if row[f"{arm}_events"] == "":
                assert row[f"{arm}_pct"] == ""
                continue
            exact = 100 * int(row[f"{arm}_events"]) / int(row[total])
            assert abs(exact - float(row[f"{arm}_pct"])) <= 0.5, (row, arm, exact)


def test_acute_plasma_peak_agrees_with_the_routes_table():
    route = load("routes").set_index("route_id").loc["intranasal_esketamine"]
    peak = load("acute_course").set_index("fact_id").loc["esk_plasma_peak"]
    assert (peak["time_min_low"], peak["time_min_high"]) == (route["tmax_min_low"],
                                                             route["tmax_min_high"])


# --- broken input -------------------------------------------------------------------------

def test_population_without_a_description_is_named(broken):
    path = broken / "side_effects.csv"
    rows = rows_of(path)
    line = next(number for number, row in enumerate(rows, start=1)
                if row[0] == "aspire_pooled_canuso2021")
    edit_cell(path, line, "population", "aspire_typo")
    with pytest.raises(DataError) as caught:
        safety.populations()
    error = caught.value
    assert error.file == "data/side_effects.csv" and error.line == line
    assert error.column == "population" and "aspire_typo" in str(error)


def test_described_population_without_events_is_named(broken):
    path = broken / "side_effect_populations.csv"
    rows = rows_of(path)
    write_rows(path, rows + [["nobody_2099", "Nobody", "a", "b", "c", "trial", "9", "daly2019"]])
    with pytest.raises(DataError) as caught:
        safety.populations()
    assert caught.value.file == "data/side_effect_populations.csv"
    assert caught.value.line == len(rows) + 1 and "nobody_2099" in str(caught.value)


def test_two_default_candidates_are_refused(broken):
    edit_cell(broken / "side_effect_populations.csv", 3, "display_order", "0")
    with pytest.raises(DataError) as caught:
        safety.populations()
    assert caught.value.column == "display_order" and "unique" in caught.value.rule


def test_value_without_unit_is_refused(broken):
    path = broken / "safety_facts.csv"
    line = next(number for number, row in enumerate(rows_of(path), start=1)
                if row[0] == "sedation_moaas")
    edit_cell(path, line, "unit", "")
    with pytest.raises(DataError) as caught:
        safety.safety_facts()
    error = caught.value
    assert (error.line, error.column) == (line, "unit")
    assert "filled together" in error.rule and "safety_facts.csv" in str(error)


def test_checklist_stage_without_item_is_refused(broken):
    path = broken / "safety_facts.csv"
    line = next(number for number, row in enumerate(rows_of(path), start=1)
                if row[0] == "driving")
    edit_cell(path, line, "checklist_item", "")
    with pytest.raises(DataError) as caught:
        safety_figures.monitoring_checklist()
    assert (caught.value.line, caught.value.column) == (line, "checklist_item")


def test_a_peak_needs_its_start_time(broken):
    path = broken / "acute_course.csv"
    line = next(number for number, row in enumerate(rows_of(path), start=1)
                if row[0] == "esk_bp_peak")
    edit_cell(path, line, "time_min_low", "")
    with pytest.raises(DataError) as caught:
        safety_figures.acute_course_chart()
    assert (caught.value.line, caught.value.column) == (line, "time_min_low")
    assert "resolved_by" in caught.value.rule


# --- the side-effect chart ----------------------------------------------------------------

@pytest.mark.parametrize("population", population_ids())
def test_chart_shows_exactly_the_rows_of_the_population_sorted(population):
    chart = SideEffectChart()
    chart.show(population)
    expected = [row["effect"] for row in expected_order(population)]
    assert [text.get_text() for text in visible(chart.names)] == expected
    assert len(visible(chart.differences)) == len(expected)
    assert len(chart.points["active"].get_xdata()) == len(expected)


@pytest.mark.parametrize("population", population_ids())
def test_numbers_on_the_chart_equal_the_csv(population):
    chart = SideEffectChart()
    chart.show(population)
    names, differences = visible(chart.names), visible(chart.differences)
    active_x = chart.points["active"].get_xdata()
    placebo_x = chart.points["placebo"].get_xdata()
    segments = chart.links.get_segments()
    for index, row in enumerate(expected_order(population)):
        active, placebo = float(row["active_pct"]), float(row["placebo_pct"])
        assert names[index].get_text() == row["effect"]
        label = differences[index].get_text().replace(MINUS, "-")
        assert float(label) == pytest.approx(round(active - placebo, 1), abs=1e-9), row
        assert names[index].get_position()[1] == pytest.approx(differences[index].get_position()[1])
        assert (active_x[index], placebo_x[index]) == (active, placebo)
        assert sorted(segments[index][:, 0]) == sorted([active, placebo])


def test_title_names_the_population_and_the_n_per_arm():
    for population in population_ids():
        chart = SideEffectChart()
        chart.show(population)
        row = next(row for row in csv_rows("side_effects") if row["population"] == population)
        label = next(item["label"] for item in csv_rows("side_effect_populations")
                     if item["population"] == population)
        title = chart.title.get_text()
        assert label in title
        assert f"n = {row['n_active']}" in title and f"n = {row['n_placebo']}" in title


def test_arms_differ_by_marker_and_legend_not_colour_alone():
    chart = SideEffectChart()
    assert chart.points["active"].get_marker() != chart.points["placebo"].get_marker()
    legend = [text.get_text() for text in chart.ax.get_legend().get_texts()]
    assert legend == ["Esketamine arm", "Placebo nasal spray arm"]


def test_alt_text_follows_the_sorted_rows():
    for population in population_ids():
        rows = expected_order(population)
        alt = safety_figures.side_effect_alt(population)
        assert f"{len(rows)} adverse events" in alt
        assert f"Largest difference: {rows[0]['effect']}" in alt
        assert f"Smallest: {rows[-1]['effect']}" in alt


def test_svg_keeps_the_chart_labels_as_text():
    from ketamine_course.style import figure_svg

    svg = figure_svg(safety_figures.side_effect_chart()).decode("utf-8")
    for row in expected_order(population_ids()[0]):
        assert f">{row['effect']}<" in svg


def test_unknown_population_is_a_clear_error():
    known = population_ids()
    calls = [lambda: safety.population_rows("placebo_only"),
             lambda: SideEffectChart().show("placebo_only"),
             lambda: side_effect_explorer("placebo_only"),
             lambda: side_effect_explorer().show("placebo_only")]
    for call in calls:
        with pytest.raises(ValueError) as caught:
            call()
        message = str(caught.value)
        assert message.startswith("population:") and "'placebo_only'" in message
        assert all(name in message for name in known)


# --- the explorer -------------------------------------------------------------------------

def test_switching_population_redraws_the_image_and_the_rows():
    explorer = side_effect_explorer()
    first_png, first_html = explorer.live.png, explorer.live.widget.value
    target = population_ids()[1]
    explorer.controls["population"].value = target
    assert explorer.live.png != first_png and explorer.live.png.startswith(b"\x89PNG")
    assert [text.get_text() for text in visible(explorer.chart.names)] == \
        [row["effect"] for row in expected_order(target)]
    assert explorer.live.widget.value != first_html
    assert explorer.live.alt == safety_figures.side_effect_alt(target)
    label = next(item["label"] for item in csv_rows("side_effect_populations")
                 if item["population"] == target)
    assert label in explorer.live.widget.value
    effects = re.findall(r"class=\"data row\d+ col0\" >([^<]+)</td>", explorer.numbers.value)
    assert effects == [row["effect"] for row in expected_order(target)], "the numbers follow"


def pixels(png: bytes):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("population", population_ids())
def test_labels_pasted_from_bitmaps_match_a_fresh_rendering(population):
    """The explorer pastes row labels rendered for other populations, often at another
    row; its image must equal, pixel for pixel, a fresh full drawing of the chart."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    explorer = side_effect_explorer()
    for other in population_ids()[::-1]:
        explorer.controls["population"].value = other
    explorer.show(population)
    fresh = SideEffectChart()
    fresh.show(population)
    canvas = FigureCanvasAgg(fresh.fig)
    canvas.draw()
    assert np.array_equal(pixels(explorer.live.png), np.asarray(canvas.buffer_rgba()))


def test_dropdown_lists_the_populations_in_menu_order():
    explorer = side_effect_explorer()
    assert [value for _, value in explorer.controls["population"].options] == population_ids()
    assert explorer.controls["population"].value == population_ids()[0]


def test_static_view_shows_the_default_state_with_alt_text():
    explorer = side_effect_explorer()
    bundle, _ = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert stored_image(bundle)[1] == safety_figures.side_effect_alt(population_ids()[0])


# --- the acute course ---------------------------------------------------------------------

def sourced_times(row):
    low = row["time_min_low"]
    high = float(row["time_min_high"])
    if row["kind"] in ("resolved_by", "lasts_until", "minimum_monitoring") or low == "":
        return [high]
    return [high] if float(low) == high else [float(low), high]


def test_acute_course_marks_each_fact_only_at_its_sourced_times():
    fig = safety_figures.acute_course_chart()
    ax = fig.axes[0]
    rows = csv_rows("acute_course")
    marked = {}
    for line in ax.get_lines():
        if line.get_marker() not in (None, "None", "", " ") and line.get_linestyle() == "None":
            marked[round(line.get_ydata()[0])] = sorted(map(float, line.get_xdata()))
    assert len(marked) == len(rows)
    for y, row in enumerate(rows):
        assert marked[y] == sorted(sourced_times(row)), row["fact_id"]


def test_acute_course_draws_no_curve():
    """Only points and straight two-point segments: nothing is interpolated."""
    fig = safety_figures.acute_course_chart()
    for line in fig.axes[0].get_lines():
        assert len(line.get_xdata()) <= 2


def test_acute_course_names_every_fact_with_its_time_reference():
    fig = safety_figures.acute_course_chart()
    texts = [text.get_text() for text in fig.axes[0].texts]
    alt = safety_figures.acute_course_alt()
    for row in csv_rows("acute_course"):
        assert any(text.startswith(row["measure"] + ":") and row["time_reference"] in text
                   for text in texts), row["fact_id"]
        assert row["measure"] in alt


def test_acute_course_marks_evidence_with_shapes():
    legend = [text.get_text() for text in
              safety_figures.acute_course_chart().axes[0].get_legend().get_texts()]
    assert legend == ["Drug label", "Randomised trial", "Observational study", "Case report"]


# --- the checklist and the tables ---------------------------------------------------------

def test_checklist_shows_every_item_in_stage_order():
    fig = safety_figures.monitoring_checklist()
    text = " ".join(" ".join(item.get_text().split()) for item in fig.texts)
    rows = [row for row in csv_rows("safety_facts") if row["checklist_stage"]]
    stages = ["before_dose", "during_session", "before_leaving", "after_leaving"]
    rows.sort(key=lambda row: stages.index(row["checklist_stage"]))
    positions = []
    for row in rows:
        # Items are wrapped over lines: compare with the whitespace normalised.
        words = " ".join(row["checklist_item"].split())
        assert words in text.replace("\N{WHITE SQUARE} ", ""), words
        positions.append(text.index(row["checklist_item"].split()[0]))
    headings = [item.get_text() for item in fig.texts if item.get_fontweight() == "bold"]
    assert headings[1:] == [safety.checklist_stages()[stage] for stage in stages]
    assert safety_figures.monitoring_checklist_alt().count(";") >= len(rows) - len(stages)


def test_facts_table_keeps_evidence_and_sources():
    table = safety.facts_table(["bladder", "cognition"])
    rows = [row for row in csv_rows("safety_facts") if row["topic"] in ("bladder", "cognition")]
    assert list(table["Fact"]) == [row["statement"] for row in rows]
    assert "26.6%" in list(table["Value"])
    assert set(table["Evidence"]) == {"Drug label", "Observational study"}


def test_facts_table_refuses_an_unknown_topic():
    with pytest.raises(ValueError, match=r"topics: unknown topic\(s\) 'liver'.*bladder"):
        safety.facts_table(["liver"])


def test_blood_pressure_table_reads_like_the_label():
    table = safety.bp_threshold_table()
    rows = csv_rows("bp_thresholds")
    for shown, row in zip(table.itertuples(index=False), rows, strict=True):
        cell = shown[2]
        if row["esketamine_events"]:
            assert cell == f"{row['esketamine_events']} of {row['n_esketamine']} " \
                           f"({float(row['esketamine_pct']):g}%)"
        else:
            assert cell == "dash in the source"


def test_population_table_lists_n_per_arm_from_the_csv():
    table = safety.population_table()
    buffer = io.StringIO()
    table.to_csv(buffer)
    for population in population_ids():
        row = next(row for row in csv_rows("side_effects") if row["population"] == population)
        assert f"{row['n_active']} / {row['n_placebo']}" in buffer.getvalue()


# --- the current US label -----------------------------------------------------------------

def test_label_table_rows_read_in_two_reproductions_agree():
    """The label's TRD table was read on the maker's prescriber page and, for most rows, in a
    2021 reprint of the label; every row read in both must give the same percentages."""
    label = load("side_effects").query("population == 'spravato_label_trd'")
    assert (label["n_active"] == 346).all() and (label["n_placebo"] == 222).all()
    both = label.dropna(subset=["second_reading_active_pct"])
    assert len(both) >= len(label) / 2, "most rows were read twice"
    assert (both["active_pct"] == both["second_reading_active_pct"]).all()
    assert (both["placebo_pct"] == both["second_reading_placebo_pct"]).all()
    assert both["sources"].str.contains("spravato_label_us_2021").all()
    once = label[label["second_reading_active_pct"].isna()]
    assert once["second_reading_placebo_pct"].isna().all()
    dissociation = label.set_index("effect").loc["Dissociation"]
    assert (dissociation["active_pct"], dissociation["placebo_pct"]) == (41, 9)


def test_a_disagreeing_second_reading_is_refused(broken):
    rows = rows_of(broken / "side_effects.csv")
    line = next(number for number, row in enumerate(rows, start=1)
                if row[0] == "spravato_label_trd" and row[1] == "Dissociation")
    edit_cell(broken / "side_effects.csv", line, "second_reading_active_pct", "42")
    with pytest.raises(DataError) as caught:
        safety.side_effects()
    assert caught.value.line == line and caught.value.column == "second_reading_active_pct"
    assert "42" in str(caught.value) and "agrees with the first" in caught.value.rule


def test_respiratory_depression_is_in_the_facts_and_the_checklist():
    facts = safety.safety_facts("respiratory").set_index("fact_id")
    assert "spravato_label_us_2026" in facts.loc["resp_monitoring", "sources"]
    assert "pulse oximetry" in facts.loc["resp_monitoring", "checklist_item"]
    reports = facts[facts["evidence_type"] == "postmarketing"]
    assert set(reports["unit"]) <= {"cases", "sessions per case"} and len(reports) >= 3
    monitoring = load("safety_facts").set_index("fact_id").loc["monitoring_2h", "statement"]
    assert "respiratory depression" in monitoring


def test_checklist_checks_blood_pressure_before_and_after_the_dose():
    items = safety.checklist_items().set_index("fact_id")
    assert items.loc["bp_before", "checklist_stage"] == "before_dose"
    assert items.loc["bp_40min", "checklist_stage"] == "during_session"
    assert items.loc["bp_40min", "value_low"] == 40 and items.loc["bp_40min", "unit"] == "minutes"
    drawn = " ".join(text.get_text() for text in safety_figures.monitoring_checklist().texts)
    text = " ".join(drawn.split())  # items wrap over several lines
    assert "Measure blood pressure before the dose" in text
    assert "pulse oximetry" in text and "pulse oximeter" in text


def test_dissociation_range_comes_from_the_newest_label():
    row = load("safety_facts").set_index("fact_id").loc["dissociation_cadss"]
    assert (row["value_low"], row["value_high"]) == (61, 84)
    assert row["sources"] == "spravato_label_us_2026"
