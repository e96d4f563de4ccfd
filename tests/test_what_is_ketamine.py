"""Notebook 01: the enantiomer table's sourced facts, the enantiomer figure equals its data,
and the timeline highlighter redraws what it is asked to. (Broken enantiomers.csv input:
tests/test_data.py.)"""

from __future__ import annotations

import json
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.text import Text

from conftest import ROOT, stored_image
from ketamine_course.data import load
from ketamine_course.diagrams.enantiomers import enantiomer_alt, enantiomer_chart
from ketamine_course.diagrams.history import (
    ALL,
    FADED_ALPHA,
    category_artists,
    highlight,
    highlight_alt,
    timeline_alt,
)
from ketamine_course.enantiomers import NO_VALUE, affinity_ratio, ki_text
from ketamine_course.history import category_labels, timeline_table
from ketamine_course.widgets.history import timeline_highlighter


@pytest.fixture
def forms():
    return load("enantiomers").set_index("form_id")


@pytest.fixture
def chart():
    fig = enantiomer_chart()
    yield fig
    plt.close(fig)


# --- the sourced facts ----------------------------------------------------------------

def test_the_racemate_and_both_enantiomers_are_present(forms):
    assert {"racemic", "esketamine", "arketamine"} <= set(forms.index)


def test_esketamine_binds_the_nmda_receptor_more_tightly_than_arketamine(forms):
    assert forms.loc["esketamine", "nmda_ki_umol_high"] < forms.loc["arketamine",
                                                                    "nmda_ki_umol_low"]


def test_racemate_has_no_invented_ki(forms):
    assert pd.isna(forms.loc["racemic", "nmda_ki_umol_low"])
    assert pd.isna(forms.loc["racemic", "nmda_ki_umol_high"])


def test_approval_status_of_each_form(forms):
    assert "not approved for depression" in forms.loc["racemic", "medical_use"]
    assert "approved for depression" in forms.loc["esketamine", "medical_use"]
    assert forms.loc["arketamine", "medical_use"].startswith("Not approved")


# --- the enantiomer figure equals its data -------------------------------------------------

def test_one_bar_per_measured_form_with_its_ki(chart, forms):
    bars = chart.axes[0].patches
    measured = forms.dropna(subset=["nmda_ki_umol_low"])
    assert sorted(bar.get_width() for bar in bars) == sorted(measured["nmda_ki_umol_low"])
    assert sorted(container.get_label() for container in chart.axes[0].containers) == \
        sorted(measured["form"])


def test_bars_differ_by_hatch_not_colour_alone(chart):
    hatches = [bar.get_hatch() for bar in chart.axes[0].patches]
    assert len(set(hatches)) == len(hatches)


def test_every_form_is_labelled_with_its_ki_and_use(chart, forms):
    texts = " ".join(text.get_text().replace("\n", " ") for text in chart.axes[0].texts)
    for form in forms.itertuples():
        assert ki_text(form.nmda_ki_umol_low, form.nmda_ki_umol_high) in texts
        assert form.medical_use.split(";")[0] in texts
    assert NO_VALUE in texts
    assert [label.get_text() for label in chart.axes[0].get_yticklabels()] == \
        list(forms["form"])


def test_ki_text():
    assert ki_text(0.3, 0.3) == "Ki 0.3 µM"
    assert ki_text(0.3, 0.5) == "Ki 0.3–0.5 µM"
    assert ki_text(float("nan"), float("nan")) == NO_VALUE


def test_affinity_ratio_is_computed_from_the_table(forms):
    expected = forms.loc["arketamine", "nmda_ki_umol_low"] / forms.loc["esketamine",
                                                                        "nmda_ki_umol_low"]
    assert affinity_ratio() == pytest.approx(expected)
    missing = load("enantiomers")
    missing.loc[missing["form_id"] == "arketamine", "nmda_ki_umol_low"] = pd.NA
    assert affinity_ratio(missing) is None


def test_alt_text_follows_the_data():
    table = load("enantiomers")
    assert "Esketamine: Ki 0.3 µM" in enantiomer_alt(table)
    edited = table.copy()
    edited.loc[edited["form_id"] == "esketamine", ["nmda_ki_umol_low",
                                                   "nmda_ki_umol_high"]] = [0.25, 0.35]
    assert "Esketamine: Ki 0.25–0.35 µM" in enantiomer_alt(edited)


def test_a_range_is_drawn_as_a_bar_to_the_low_end_and_a_line_to_the_high_end():
    edited = load("enantiomers")
    edited.loc[edited["form_id"] == "arketamine", "nmda_ki_umol_high"] = 2.0
    fig = enantiomer_chart(edited)
    ax = fig.axes[0]
    plt.close(fig)
    assert any(sorted(line.get_xdata()) == [1.4, 2.0] for line in ax.lines)
    assert "Ki 1.4–2 µM" in [text.get_text() for text in ax.texts]


# --- the timeline highlighter ---------------------------------------------------------------

@pytest.fixture
def view():
    view = timeline_highlighter()
    yield view
    plt.close(view.live.fig)


def test_every_event_belongs_to_exactly_one_category(view):
    rows = timeline_table()
    groups = category_artists(view.live.fig)
    assert set(groups) == set(rows["category"])
    for category, artists in groups.items():
        texts = [artist for artist in artists if hasattr(artist, "get_text")]
        expected = rows.loc[rows["category"] == category]
        assert sorted(text.get_text() for text in texts) == \
            sorted(f"{date[:4]}  {label}" for date, label in zip(expected["date"],
                                                                 expected["label"], strict=True))
    every = [artist for artists in groups.values() for artist in artists]
    assert len(every) == len(set(map(id, every)))


def test_choosing_a_category_fades_the_others_and_redraws(view):
    before = view.live.png
    view.controls["category"].value = "regulation"
    for category, artists in view.chart.groups.items():
        chosen = category == "regulation"
        faded = [artist for artist in artists if not isinstance(artist, Text)]
        assert all(artist.get_alpha() == (1.0 if chosen else FADED_ALPHA) for artist in faded)
        labels = [artist for artist in artists if isinstance(artist, Text)]
        veils = view.chart.veils[category]
        assert len(veils) == len(labels)
        assert all(veil.get_visible() is not chosen for veil in veils), category
    assert view.live.png != before
    rows = timeline_table()
    for label in rows.loc[rows["category"] == "regulation", "label"]:
        assert label in view.live.alt
    assert f"'{category_labels()['regulation']}' highlighted" in view.live.alt


def test_back_to_all_events_restores_the_picture(view):
    first = view.live.png
    view.controls["category"].value = "approval"
    view.controls["category"].value = ALL
    assert view.live.png == first
    assert view.live.alt == timeline_alt()


def test_dropdown_offers_every_category_in_the_data(view):
    values = [value for _, value in view.controls["category"].options]
    assert values == [ALL] + [name for name in category_labels()
                              if name in set(timeline_table()["category"])]


def test_unknown_category_is_refused(view):
    with pytest.raises(ValueError, match="category must be 'all' or one of"):
        highlight(view.chart.groups, view.chart.veils, "astrology")


def test_each_veil_covers_its_label(view):
    for category, artists in view.chart.groups.items():
        labels = [artist for artist in artists if isinstance(artist, Text)]
        for label, veil in zip(labels, view.chart.veils[category], strict=True):
            x, y = label.get_position()
            assert veil.get_x() < x < veil.get_x() + veil.get_width()
            assert veil.get_y() < y < veil.get_y() + veil.get_height()


def test_static_view_is_the_default_picture_with_alt_text(view):
    data, _ = view._repr_mimebundle_()
    assert stored_image(data)[1] == timeline_alt()


def test_highlight_alt_counts_the_chosen_events():
    rows = timeline_table()
    count = (rows["category"] == "research").sum()
    assert f"with the {count} events of the kind 'Psychiatric research'" in \
        highlight_alt("research")


def test_notebook_01_shows_each_form_with_its_as_of_date():
    notebook = json.loads((ROOT / "notebooks" / "01_what_is_ketamine.ipynb").read_text(
        encoding="utf-8"))
    html = "\n".join("".join(output.get("data", {}).get("text/html", ""))
                      for cell in notebook["cells"] if cell["cell_type"] == "code"
                      for output in cell["outputs"])
    assert re.search(r"<th[^>]*>as_of</th>", html)
    for form in load("enantiomers").itertuples(index=False):
        row = html[html.index(form.medical_use):].split("</tr>")[0]
        assert str(form.as_of) in row, form.form
