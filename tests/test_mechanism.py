"""Notebook 03: the stage table, the steppable NMDA/glutamate schematic, its widget, the
concentration chart and the exports. Expected values come from the CSVs, the sources'
own words or closed-form arithmetic, never from the figures being tested."""

from __future__ import annotations

import csv
import io
import json
import re

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Patch

from conftest import ROOT, stored_image
from ketamine_course import data, export
from ketamine_course.affinity import (
    concentration_table,
    ng_per_ml_to_micromolar,
    plasma_bands,
)
from ketamine_course.data import DataError, load
from ketamine_course.diagrams import mechanism
from ketamine_course.diagrams.affinity import concentration_chart
from ketamine_course.diagrams.mechanism import (
    ELEMENT_LABELS,
    HIGHLIGHT_HATCH,
    STAGE_HIGHLIGHTS,
    mechanism_small_multiples,
    nmda_schematic,
    schematic_alt,
    small_multiples_alt,
)
from ketamine_course.evidence import onset_focus
from ketamine_course.mechanism import STAGE_ORDER, evidence_labels, mechanism_stages

STAGES = load("mechanism_stages")
NOTEBOOK = ROOT / "notebooks" / "03_mechanism_of_action.ipynb"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def bold_labels(schematic) -> set[str]:
    """Element names drawn bold and visible: what the reader sees stressed."""
    return {text.get_text() for text in schematic.labels
            if text.get_visible() and text.get_fontweight() in ("bold", 700)
            and text.get_text() in set(ELEMENT_LABELS.values())}


def visible_texts(ax) -> set[str]:
    return {text.get_text() for text in ax.texts if text.get_visible()}


# --- the stage table --------------------------------------------------------------------------

def test_stage_table_lists_every_stage_in_cascade_order():
    assert list(STAGES["stage_id"]) == list(STAGE_ORDER)
    assert list(STAGES["stage"]) == list(range(len(STAGE_ORDER)))
    assert set(STAGE_HIGHLIGHTS) == set(STAGES["stage_id"])
    assert len(STAGES) - 1 >= 6, "the issue asks for at least 6 steps after the baseline"


def test_evidence_labels_keep_the_steps_honest():
    evidence = STAGES.set_index("stage_id")["evidence"]
    assert evidence["baseline"] == "background"
    assert (evidence.drop("baseline") != "background").all(), "every drug step has a label"
    # Steps past NMDA blockade are hypotheses for the human effect: the stage that claims
    # the link to mood must say so.
    assert evidence["clinical_link"] == "hypothesis"
    assert {"humans", "animals", "hypothesis"} <= set(evidence)


def copy_rows(data_copy):
    path = data_copy / "mechanism_stages.csv"
    return path, list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write(path, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_stages_out_of_order_give_one_clear_error(data_copy):
    path, rows = copy_rows(data_copy)
    rows[2], rows[3] = rows[3], rows[2]  # swap stages 1 and 2 (lines 3 and 4)
    write(path, rows)
    with pytest.raises(DataError) as caught:
        mechanism_stages(load("mechanism_stages", data_copy))
    error = caught.value
    assert error.line == 3 and error.column == "stage_id"
    assert "cascade order" in error.rule and "mechanism_stages.csv" in str(error)


def test_a_missing_stage_gives_one_clear_error(data_copy):
    path, rows = copy_rows(data_copy)
    write(path, rows[:-1])
    with pytest.raises(DataError, match="'clinical_link' is missing") as caught:
        mechanism_stages(load("mechanism_stages", data_copy))
    assert caught.value.line == len(rows)


# --- the schematic ----------------------------------------------------------------------------

@pytest.mark.parametrize("row", list(STAGES.itertuples()), ids=list(STAGES["stage_id"]))
def test_each_stage_names_and_stresses_its_elements(row):
    fig = nmda_schematic(row.stage)
    schematic = fig.schematic
    expected = {ELEMENT_LABELS[name] for name in STAGE_HIGHLIGHTS[row.stage_id]}
    assert expected <= visible_texts(fig.axes[0])
    assert bold_labels(schematic) == expected


@pytest.mark.parametrize("row", list(STAGES.itertuples()), ids=list(STAGES["stage_id"]))
def test_each_stage_shows_its_caption_and_evidence(row):
    schematic = nmda_schematic(row.stage).schematic
    assert schematic.heading.get_text() == f"Stage {row.stage} of {len(STAGES) - 1} · {row.title}"
    assert schematic.caption.get_text() == row.caption
    evidence = schematic.evidence.get_text()
    assert evidence_labels()[row.evidence] in evidence
    assert all(key in evidence for key in row.sources.split(";"))


def test_highlighted_elements_differ_between_consecutive_stages():
    fig = nmda_schematic(0)
    schematic = fig.schematic
    seen = []
    for stage in range(len(STAGES)):
        schematic.show_stage(stage)
        thick = {id(artist) for artist in schematic.ax.patches
                 if artist.get_visible() and artist.get_hatch() == HIGHLIGHT_HATCH}
        seen.append((frozenset(bold_labels(schematic)), frozenset(thick)))
    for before, after in zip(seen, seen[1:], strict=False):
        assert before[0] != after[0] and before[1] != after[1]


def test_highlight_does_not_rest_on_colour_alone():
    """Highlighted shapes get hatching and a thick black outline; the rest are faded."""
    schematic = nmda_schematic(2).schematic  # disinhibition
    for name, element in schematic.elements.items():
        patches = [artist for artist in element.always if isinstance(artist, Patch)
                   and not hasattr(artist, "get_connectionstyle")]
        for patch in patches:
            if name in STAGE_HIGHLIGHTS["disinhibition"]:
                assert patch.get_hatch() == HIGHLIGHT_HATCH and patch.get_linewidth() >= 2.5
            else:
                assert patch.get_alpha() == mechanism.DIM_ALPHA and not patch.get_hatch()


def test_the_cascade_changes_the_drawing_step_by_step():
    schematic = nmda_schematic(0).schematic
    ketamine = schematic.elements["ketamine"].active
    spines = schematic.elements["new_spines"].active
    assert not any(artist.get_visible() for artist in ketamine + spines)
    assert schematic.mg.get_center() == pytest.approx(mechanism.PORE)
    baseline_glutamate = len(schematic.glutamate.get_offsets())

    schematic.show_stage(STAGE_ORDER.index("nmda_block"))
    assert all(artist.get_visible() for artist in ketamine)
    assert schematic.mg.get_center() != pytest.approx(mechanism.PORE)  # ketamine took its place

    schematic.show_stage(STAGE_ORDER.index("glutamate_burst"))
    assert len(schematic.glutamate.get_offsets()) > baseline_glutamate
    assert len(schematic.gaba.get_offsets()) < len(mechanism.GABA_SITES)  # less GABA

    schematic.show_stage(STAGE_ORDER.index("synaptogenesis"))
    assert all(artist.get_visible() for artist in spines)


def test_overview_dims_nothing_and_shows_every_element():
    fig = nmda_schematic(None)
    schematic = fig.schematic
    assert set(ELEMENT_LABELS.values()) <= visible_texts(fig.axes[0])
    assert not bold_labels(schematic)
    alphas = [artist.get_alpha() for element in schematic.elements.values()
              for artist in element.artists if artist.get_visible()]
    assert mechanism.DIM_ALPHA not in alphas


@pytest.mark.parametrize("mode", ["notebook", "lecture"])
def test_every_caption_fits_on_one_line_inside_the_figure(mode):
    fig = nmda_schematic(0, mode=mode)
    schematic = fig.schematic
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    for stage in [*range(len(STAGES)), None]:
        schematic.show_stage(stage)
        for text in (schematic.heading, schematic.caption, schematic.evidence):
            box = text.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= width, (stage, text.get_text())
            assert "\n" not in text.get_text()


def test_lecture_mode_enlarges_the_labels():
    sizes = {mode: max(text.get_fontsize() for text in
                       nmda_schematic(0, mode=mode).schematic.labels)
             for mode in ("notebook", "lecture")}
    assert sizes["lecture"] >= 1.5 * sizes["notebook"]


@pytest.mark.parametrize("stage", [8, -1, "3", 2.0, True])
def test_an_impossible_stage_gives_one_clear_error(stage):
    with pytest.raises(ValueError, match=r"stage must be an integer from 0 to 7"):
        nmda_schematic(stage)


def test_alt_text_is_built_from_the_stage_row():
    for row in STAGES.itertuples():
        alt = schematic_alt(row.stage)
        assert row.caption in alt and evidence_labels()[row.evidence] in alt
        for name in STAGE_HIGHLIGHTS[row.stage_id]:
            assert ELEMENT_LABELS[name] in alt
    edited = STAGES.copy()
    edited.loc[3, "caption"] = "An edited caption"
    assert "An edited caption" in schematic_alt(3, edited)


# --- small multiples --------------------------------------------------------------------------

def test_small_multiples_draw_every_stage_with_its_heading_and_stress():
    fig = mechanism_small_multiples()
    panels = [ax for ax in fig.axes if ax.texts]
    assert len(panels) == len(STAGES)
    for ax, row in zip(panels, STAGES.itertuples(), strict=True):
        texts = visible_texts(ax)
        assert f"Stage {row.stage} of {len(STAGES) - 1} · {row.title}" in texts
        assert row.caption in texts
        expected = {ELEMENT_LABELS[name] for name in STAGE_HIGHLIGHTS[row.stage_id]}
        bold = {text.get_text() for text in ax.texts if text.get_visible()
                and text.get_fontweight() in ("bold", 700) and text.get_text() in
                set(ELEMENT_LABELS.values())}
        assert bold == expected
    alt = small_multiples_alt()
    assert all(row.caption in alt for row in STAGES.itertuples())


def notebook_outputs():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return [(index, output) for index, cell in enumerate(cells)
            for output in cell.get("outputs", [])], cells


def test_small_multiples_are_stored_in_the_notebook_with_alt_text():
    outputs, cells = notebook_outputs()
    images = [(index, stored_image(output.get("data", {}))) for index, output in outputs]
    stored = [(index, image) for index, image in images
              if image and image[1].startswith(f"All {len(STAGES)} stages")]
    assert len(stored) == 1
    index, (png, alt) = stored[0]
    assert png.startswith(b"\x89PNG")
    assert "".join(cells[index + 1]["source"]).startswith("**Figure")
    for row in STAGES.itertuples():
        assert row.title in alt


def test_the_explorer_is_stored_with_a_static_image():
    outputs, _ = notebook_outputs()
    explorers = [output for _, output in outputs
                 if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
                 and stored_image(output["data"])]
    assert explorers, "the stepping widget needs a static image for readers without a kernel"
    assert stored_image(explorers[0]["data"])[1] == schematic_alt(0)


# --- the widget -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def explorer():
    from ketamine_course.widgets.mechanism import mechanism_explorer

    made = mechanism_explorer()
    yield made
    plt.close("all")


def test_setting_the_slider_redraws_the_schematic(explorer):
    before = explorer.live.png
    for row in STAGES.iloc[[3, 5, 1]].itertuples():
        explorer.controls["stage"].value = row.stage
        assert explorer.live.png != before and explorer.live.png.startswith(b"\x89PNG")
        before = explorer.live.png
        expected = {ELEMENT_LABELS[name] for name in STAGE_HIGHLIGHTS[row.stage_id]}
        assert bold_labels(explorer.schematic) == expected
        assert schematic_alt(row.stage).split(".")[0] in explorer.live.alt
        assert row.caption in explorer.note.value and row.title in explorer.note.value


def test_the_same_stage_gives_the_same_image(explorer):
    explorer.controls["stage"].value = 2
    first = explorer.live.png
    explorer.controls["stage"].value = 6
    explorer.controls["stage"].value = 2
    assert explorer.live.png == first


def test_play_button_drives_the_slider(explorer):
    play, slider = explorer.controls["play"], explorer.controls["stage"]
    link = explorer.link
    assert link.source == (play, "value") and link.target == (slider, "value")
    assert play.max == slider.max == len(STAGES) - 1
    assert play.min == slider.min == 0


def test_explorer_static_view_is_the_first_stage():
    from ketamine_course.widgets.mechanism import mechanism_explorer

    made = mechanism_explorer(stage=4)
    data_, _ = made._repr_mimebundle_()
    assert stored_image(data_)[1] == schematic_alt(4)
    assert "application/vnd.jupyter.widget-view+json" in data_
    with pytest.raises(ValueError, match="stage must be an integer"):
        mechanism_explorer(stage=None)


# --- why dose matters -------------------------------------------------------------------------

def micromolar_in_notes(note: str) -> list[str]:
    """Numbers the source gives in micromolar, as written, e.g. ['0.42', '1.1']."""
    match = re.search(r"([\d.]+)(?: to ([\d.]+))? micromolar", note)
    return [value for value in match.groups() if value]


def test_conversion_agrees_with_the_source_micromolar_values():
    """pk_parameters notes quote the review's own micromolar figures for each ng/mL range;
    the conversion must give them to the precision the review prints."""
    pk = load("pk_parameters")
    rows = pk[pk["parameter"].str.startswith("plasma_conc")]
    assert len(rows) >= 3
    for row in rows.itertuples():
        quoted = micromolar_in_notes(row.notes)
        converted = ng_per_ml_to_micromolar([row.value_low, row.value_high])[:len(quoted)]
        for value, text in zip(converted, quoted, strict=True):
            decimals = len(text.partition(".")[2])
            assert round(float(value), decimals) == float(text), (row.notes, value)


def test_negative_concentration_is_refused():
    with pytest.raises(ValueError, match="concentration must be at least 0"):
        ng_per_ml_to_micromolar(-1)


def test_molar_mass_matches_the_formula_and_has_a_source():
    """Ketamine free base is C13H16ClNO: its molar mass from the standard atomic weights
    (IUPAC conventional values) must agree with data/constants.csv to 0.01 g/mol."""
    atomic = {"C": 12.011, "H": 1.008, "Cl": 35.45, "N": 14.007, "O": 15.999}
    formula = {"C": 13, "H": 16, "Cl": 1, "N": 1, "O": 1}
    computed = sum(atomic[element] * count for element, count in formula.items())
    assert data.constant("ketamine_molar_mass") == pytest.approx(computed, abs=0.01)
    row = load("constants").set_index("name").loc["ketamine_molar_mass"]
    assert row["unit"] == "g/mol" and row["sources"] in data.references()


def test_the_conversion_follows_the_constant(data_copy, monkeypatch):
    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    path = data_copy / "constants.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("237.725", "475.45"),
                    encoding="utf-8")
    assert float(ng_per_ml_to_micromolar(475.45)) == pytest.approx(1.0)


def test_concentration_chart_plots_the_tables():
    enantiomers = load("enantiomers").dropna(subset=["nmda_ki_umol_low"])
    pk = load("pk_parameters")
    ax = concentration_chart().axes[0]
    markers = {line.get_gid(): float(line.get_xdata()[0]) for line in ax.lines
               if (line.get_gid() or "").startswith("ki:")}
    assert markers == pytest.approx({f"ki:{row.form_id}": row.nmda_ki_umol_low
                                     for row in enantiomers.itertuples()})
    bands = {patch.get_gid(): (patch.get_x(), patch.get_x() + patch.get_width())
             for patch in ax.patches if (patch.get_gid() or "").startswith("plasma:")}
    assert set(bands) == {f"plasma:{name}" for name in plasma_bands()}
    molar_mass = data.constant("ketamine_molar_mass")
    for parameter in plasma_bands():
        chosen = pk[pk["parameter"] == parameter]
        # ng/mL is µg/L; divided by g/mol it gives µmol/L.
        expected = (chosen["value_low"].min() / molar_mass,
                    chosen["value_high"].max() / molar_mass)
        assert bands[f"plasma:{parameter}"] == pytest.approx(expected, rel=1e-6)


def test_concentration_table_refuses_other_units():
    pk = load("pk_parameters")
    pk.loc[pk["parameter"] == "plasma_conc_anaesthetic", "unit"] = "mg/L"
    with pytest.raises(ValueError, match="must be in ng/mL"):
        concentration_table(pk)


# --- hours against weeks ----------------------------------------------------------------------

def test_onset_focus_keeps_one_infusion_and_the_daily_antidepressant():
    table = load("antidepressant_onset")
    chosen = onset_focus(table)
    single = table[(table["regimen"] == "single_dose")
                   & (table["indication"] == "treatment_resistant_depression")]
    daily = table[table["regimen"] == "daily_oral"]
    assert sorted(chosen["point_id"]) == sorted([*single["point_id"], *daily["point_id"]])
    hours = {"minutes": 1 / 60, "hours": 1, "days": 24, "weeks": 168}
    first_ketamine = single[single["milestone"] == "first_difference"]
    ketamine_h = float(first_ketamine["time_low"].iloc[0]) * hours[
        first_ketamine["time_unit"].iloc[0]]
    daily_h = float(daily["time_low"].min()) * hours[daily["time_unit"].iloc[0]]
    assert ketamine_h < 24 <= 168 <= daily_h  # hours against weeks


# --- exports ----------------------------------------------------------------------------------

def test_one_exported_figure_per_stage_plus_the_schematic():
    names = [spec.name for spec in export.figure_specs()]
    assert "nmda_glutamate_schematic" in names
    stage_names = [name for name in names if name.startswith("nmda_glutamate_stage_")]
    assert stage_names == [f"nmda_glutamate_stage_{row.stage}_{row.stage_id}"
                           for row in STAGES.itertuples()]


def test_exported_svg_keeps_labels_as_text(tmp_path):
    spec = next(spec for spec in export.figure_specs() if spec.name == "nmda_glutamate_schematic")
    png, svg = export.write_figure(spec, tmp_path)
    text = svg.read_text(encoding="utf-8")
    assert png.read_bytes().startswith(b"\x89PNG")
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", text)
    for label in ("GABA interneuron", "NMDA receptor", "AMPA receptors", "mTORC1", "TrkB"):
        assert label in labels, label
    assert "<dc:date>" not in text
