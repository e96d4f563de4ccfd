"""Notebook 02's evidence tables, figures and explorer: rows are complete and sourced, the
figures draw exactly the data, the explorer shows exactly the matching rows, and bad filters
fail clearly. (Broken rows in trials.csv and antidepressant_onset.csv: tests/test_data.py.)"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from conftest import stored_image
from ketamine_course import evidence
from ketamine_course.data import load
from ketamine_course.diagrams import evidence as figures
from ketamine_course.widgets.evidence import evidence_explorer


@pytest.fixture(scope="module")
def trials():
    return load("trials")


# --- the data ---------------------------------------------------------------------------

def test_every_trial_row_has_n_design_comparator_and_sources(trials):
    for column in ("n", "design_type", "design", "blinding", "comparator_type", "comparator",
                   "intervention", "outcome", "result", "sources"):
        assert trials[column].notna().all(), column
    assert (trials["n"] >= 1).all()


def test_each_indication_has_a_randomised_trial_and_the_key_studies(trials):
    assert set(trials["indication"]) == set(evidence.indications())
    for indication in evidence.indications():
        here = trials[trials["indication"] == indication]
        assert here["design_type"].isin(evidence.RANDOMISED).any(), indication
    required = {"berman2000", "zarate2006", "popova2019", "fedgchin2019_84mg", "daly2019",
                "anand2023", "dean2021_placebo", "wilkinson2018", "fu2020", "ionescu2021",
                "taylor2018", "feder2014", "abdallah2022", "dakwar2019", "grabski2022",
                "krupitsky2007"}
    assert required <= set(trials["trial_id"])


def test_a_row_with_an_effect_names_its_measure_unit_direction_and_scale(trials):
    has_effect = trials["effect"].notna()
    for column in ("effect_measure", "effect_unit", "favours_ketamine", "effect_scale",
                   "effect_ci_low", "effect_ci_high"):
        assert trials.loc[has_effect, column].notna().all(), column
    inside = ((trials["effect_ci_low"] <= trials["effect"])
              & (trials["effect"] <= trials["effect_ci_high"]))
    assert inside[has_effect].all()


def test_ratios_are_positive_and_have_no_difference_at_one(trials):
    ratios = trials[trials["effect_unit"] == "ratio"]
    assert not ratios.empty and (ratios["effect_ci_low"] > 0).all()
    assert evidence.null_value("odds_ratio") == 1 and evidence.null_value("mean_difference") == 0


def test_transform1_84mg_interval_crosses_zero_as_the_trial_reported(trials):
    row = trials.set_index("trial_id").loc["fedgchin2019_84mg"]
    assert row["effect_ci_low"] < 0 < row["effect_ci_high"]
    assert "missed" in row["result"].lower()


def test_only_esketamine_is_approved_and_the_levels_match_the_studies():
    levels = evidence.levels()
    approved = levels[levels["level"] == "approved"]
    assert list(approved["indication"]) == ["treatment_resistant_depression"]
    assert "esketamine" in approved["rationale"].iloc[0].lower()
    assert "off-label" in approved["rationale"].iloc[0].lower()
    assert evidence.level_problems() == []


def test_a_level_the_studies_do_not_support_is_reported():
    levels = evidence.levels()
    levels.loc[levels["indication"] == "anxiety", "level"] = "open_label_or_early"
    assert evidence.level_problems(levels) == [
        "anxiety: randomised trials exist; raise the level"]


def test_study_counts_count_a_trial_with_two_arm_rows_once(trials):
    counts = evidence.study_counts(trials).set_index("indication")
    trd = trials[trials["indication"] == "treatment_resistant_depression"]
    randomised = trd[trd["design_type"].isin(evidence.RANDOMISED)]
    assert counts.loc["treatment_resistant_depression", "randomised"] == len(randomised) - 1
    largest = counts.loc["treatment_resistant_depression", "largest_randomised_n"]
    assert largest == randomised["n"].max()


def test_onset_times_are_converted_to_hours_from_the_first_dose():
    rows = evidence.onset_table().set_index("point_id")
    assert rows.loc["ket_single_first", "start_h"] == pytest.approx(40 / 60)
    assert rows.loc["ket_single_lost", ["start_h", "end_h"]].tolist() == [240, 288]
    assert rows.loc["ssri_response", ["start_h", "end_h"]].tolist() == [8 * 168, 14 * 168]
    # measured from the last dose: placed after the course (12 days + 18 days)
    assert rows.loc["ket_repeat_relapse", "start_h"] == pytest.approx((12 + 18) * 24)


def test_a_time_from_the_last_dose_without_a_course_end_is_an_error():
    table = load("antidepressant_onset")
    table = table[table["point_id"] != "ket_repeat_end"]
    with pytest.raises(ValueError, match="ket_repeat_relapse.*course_ends"):
        evidence.onset_table(table)


# --- figures ----------------------------------------------------------------------------

@pytest.fixture
def forest():
    fig = figures.forest_chart()
    yield fig
    plt.close(fig)


def lines_by_gid(fig, prefix):
    return {line.get_gid().split(":", 1)[1]: line for ax in fig.axes for line in ax.lines
            if (line.get_gid() or "").startswith(prefix)}


def test_forest_ci_bars_equal_the_data(forest, trials):
    bars = lines_by_gid(forest, "ci:")
    points = lines_by_gid(forest, "effect:")
    with_ci = trials.dropna(subset=["effect", "effect_ci_low", "effect_ci_high"])
    assert set(bars) == set(with_ci["trial_id"])
    for _, row in with_ci.iterrows():
        low, high = row["effect_ci_low"], row["effect_ci_high"]
        assert list(bars[row["trial_id"]].get_xdata()) == [low, high]
        assert list(points[row["trial_id"]].get_xdata()) == [row["effect"]]


def test_forest_never_puts_two_measures_or_directions_on_one_axis(forest, trials):
    bars = lines_by_gid(forest, "ci:")
    by_id = trials.set_index("trial_id")
    for ax in forest.axes:
        ids = [line.get_gid()[3:] for line in ax.lines if (line.get_gid() or "").startswith("ci:")]
        columns = ["effect_measure", "effect_unit", "favours_ketamine"]
        keys = {tuple(by_id.loc[i, columns]) for i in ids}
        assert len(keys) == 1, keys
        (measure, unit, favours), = keys
        title = ax.get_title(loc="left").replace("\n", " ")
        assert title.endswith(evidence.axis_label(measure, unit, favours))
        assert (ax.get_xscale() == "log") == (unit == "ratio")
    assert len(bars) == sum(len(rows) for _, rows in evidence.forest_groups(trials))


def test_forest_marks_no_difference_in_each_panel(forest):
    for ax, (key, _) in zip(forest.axes, evidence.forest_groups(), strict=True):
        nulls = [line for line in ax.lines
                 if line.get_gid() is None and line.get_linestyle() == "--"]
        assert [line.get_xdata()[0] for line in nulls] == [evidence.null_value(key[0])]


def test_onset_markers_sit_at_the_sourced_times():
    fig = figures.onset_chart()
    rows = evidence.onset_table().set_index("point_id")
    markers = lines_by_gid(fig, "onset:")
    assert set(markers) == set(rows.index)
    for point_id, line in markers.items():
        assert line.get_xdata()[0] == pytest.approx(rows.loc[point_id, "start_h"])
    spans = lines_by_gid(fig, "span:")
    ranged = rows[rows["end_h"] > rows["start_h"]]
    assert set(spans) == set(ranged.index)
    for point_id, line in spans.items():
        expected = list(ranged.loc[point_id, ["start_h", "end_h"]])
        assert list(line.get_xdata()) == pytest.approx(expected)
    assert fig.axes[0].get_xscale() == "log"
    plt.close(fig)


def test_ladder_places_each_indication_at_its_level():
    fig = figures.evidence_ladder()
    points = lines_by_gid(fig, "level:")
    weakest_first = list(evidence.evidence_levels())[::-1]
    for _, row in evidence.levels().iterrows():
        assert points[row["indication"]].get_xdata()[0] == weakest_first.index(row["level"])
    plt.close(fig)


def test_alt_texts_follow_the_data(trials):
    edited = trials.copy()
    edited.loc[edited["trial_id"] == "popova2019", "effect"] = -5.0
    expected = "TRANSFORM-2 (Popova 2019) \u22125.0 (\u22127.31 to \u22120.64)"
    assert expected in figures.forest_alt(edited)
    assert "40 minutes" in figures.onset_alt()
    ladder = figures.evidence_ladder_alt()
    assert "Treatment-resistant depression: approved by a regulator" in ladder


def test_lecture_mode_enlarges_the_forest_text():
    sizes = {}
    for mode in ("notebook", "lecture"):
        fig = figures.forest_chart(mode=mode)
        sizes[mode] = fig.axes[0].title.get_fontsize()
        plt.close(fig)
    assert sizes["lecture"] > sizes["notebook"]


# --- the explorer -----------------------------------------------------------------------

def selected_ids(explorer):
    ids = []
    for layer, _ in explorer.map.layers.values():
        offsets = layer.get_offsets()
        for x, y in offsets:
            match = np.flatnonzero(np.isclose(explorer.map.x, x) & np.isclose(explorer.map.y, y))
            ids += list(explorer.map.table.loc[match, "trial_id"])
    return sorted(ids)


@pytest.mark.parametrize("filters", [
    {"indication": "ptsd"},
    {"design": "randomised_crossover"},
    {"comparator": "midazolam"},
    {"indication": "treatment_resistant_depression", "comparator": "active_treatment"},
    {"indication": "anxiety", "design": "meta_analysis"},
])
def test_explorer_shows_exactly_the_matching_rows(trials, filters):
    explorer = evidence_explorer()
    before = explorer.live.png
    for name, value in filters.items():
        explorer.controls[name].value = value
    expected = trials.copy()
    columns = {"indication": "indication", "design": "design_type", "comparator": "comparator_type"}
    for name, value in filters.items():
        expected = expected[expected[columns[name]] == value]
    assert selected_ids(explorer) == sorted(expected["trial_id"])
    assert explorer.map.count.get_text() == f"{len(expected)} of {len(trials)} studies match"
    for study in expected["study"]:
        assert study.replace("&", "&amp;") in explorer.listing.value
    assert explorer.listing.value.count("<tr>") == len(expected) + 1
    assert f"{len(expected)} match" in explorer.live.alt
    assert explorer.live.png != before


def test_explorer_starts_with_every_study_and_a_static_image():
    explorer = evidence_explorer()
    studies = load("trials")
    assert sorted(selected_ids(explorer)) == sorted(studies["trial_id"])
    data, _ = explorer._repr_mimebundle_()
    alt = stored_image(data)[1]
    assert f"{len(studies)} match" in alt and alt == explorer.live.alt


@pytest.mark.parametrize("name", ["indication", "design", "comparator"])
def test_unknown_filter_value_names_the_argument_and_the_allowed_values(name):
    with pytest.raises(ValueError) as caught:
        evidence.filter_trials(**{name: "bipolar"})
    message = str(caught.value)
    assert message.startswith(f"{name} must be one of: all, ")
    for key in evidence_explorer_filters()[name]:
        assert key in message
    assert "'bipolar'" in message


def evidence_explorer_filters():
    from ketamine_course.widgets.evidence import filters

    return filters()
