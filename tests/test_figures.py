"""Figures: contents equal the data, alt text, and the export pipeline
(repeatable bytes, SVG text kept as text, figures/ not stale)."""

from __future__ import annotations

import filecmp
import re

import matplotlib.pyplot as plt
import pytest

from conftest import ROOT, rows_of, write_rows
from ketamine_course import export, style
from ketamine_course.data import DataError, load
from ketamine_course.diagrams.history import timeline_alt, timeline_chart
from ketamine_course.history import decimal_year


@pytest.fixture
def timeline_figure():
    fig = timeline_chart()
    yield fig
    plt.close(fig)


def test_decimal_year_places_each_date_in_its_period():
    assert decimal_year("1999") == 1999.5
    assert 1999.0 < decimal_year("1999-03") < decimal_year("1999-03-31") < decimal_year("1999-04")
    assert decimal_year("2019-01-01") == 2019.0
    assert decimal_year("2020-12-31") == pytest.approx(2020 + 365 / 366)


def test_timeline_marks_every_event_at_its_date(timeline_figure):
    table = load("timeline")
    ax = timeline_figure.axes[0]
    plotted = sorted(y for collection in ax.collections for _, y in collection.get_offsets())
    assert plotted == pytest.approx(sorted(decimal_year(date) for date in table["date"]))
    labels = {text.get_text() for text in ax.texts}
    for date, label in zip(table["date"], table["label"], strict=True):
        assert f"{date[:4]}  {label}" in labels


def test_timeline_labels_are_in_date_order(timeline_figure):
    texts = sorted(timeline_figure.axes[0].texts, key=lambda text: text.get_position()[1])
    years = [int(text.get_text()[:4]) for text in texts]
    assert years == sorted(years)


def test_timeline_legend_names_each_category_once(timeline_figure):
    legend = [text.get_text() for text in timeline_figure.axes[0].get_legend().get_texts()]
    assert len(legend) == len(set(legend)) == load("timeline")["category"].nunique()


def test_timeline_categories_differ_by_marker_not_colour_alone(timeline_figure):
    collections = timeline_figure.axes[0].collections
    paths = {tuple(map(tuple, c.get_paths()[0].vertices.round(3))) for c in collections}
    assert len(paths) == len(collections)


def test_timeline_alt_text_follows_the_data():
    table = load("timeline")
    alt = timeline_alt(table)
    assert f"{len(table)} events" in alt
    edited = table.copy()
    edited.loc[0, "label"] = "A different first event"
    edited.loc[0, "date"] = "1950"
    assert "A different first event (1950)" in timeline_alt(edited)


def test_lecture_mode_enlarges_the_timeline_text():
    sizes = {}
    for mode in ("notebook", "lecture"):
        fig = timeline_chart(mode=mode)
        sizes[mode] = min(text.get_fontsize() for text in fig.axes[0].texts)
        plt.close(fig)
    assert sizes["lecture"] > sizes["notebook"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One fresh `make figures` export (about 8 s), shared by the tests that read it."""
    out = tmp_path_factory.mktemp("figures")
    return out, export.export(out)


def test_svg_keeps_labels_as_text(exported):
    svg = (exported[0] / "timeline.svg").read_text(encoding="utf-8")
    assert "<text" in svg
    assert "Ketamine: from first synthesis to psychiatric approvals" in svg
    assert not re.search(r"<dc:date>", svg), "no creation date in metadata"


def test_figures_folder_is_not_stale(exported):
    """figures/ must equal a fresh `make figures`; if this fails, run `make figures`.

    The committed files were written by another process at another time, so equal bytes
    also show the export is repeatable (no dates, no random ids)."""
    out, fresh = exported
    committed = ROOT / "figures"
    names = sorted(path.name for path in fresh)
    assert sorted(path.name for path in committed.iterdir()) == names, \
        "figures/ holds other files than `make figures` writes"
    match, mismatch, errors = filecmp.cmpfiles(out, committed, names, shallow=False)
    assert mismatch == [] and errors == [], (
        f"stale: {mismatch + errors}; run `make figures` (a difference that stays after it "
        "means the export is not repeatable)")


def test_figures_readme_lists_caption_alt_text_and_sources():
    readme = (ROOT / "figures" / "README.md").read_text(encoding="utf-8")
    for spec in export.figure_specs():
        assert spec.caption in readme and spec.alt() in readme
    for key in set(";".join(load("timeline")["sources"]).split(";")):
        assert f"[{key}]" in readme


def test_exported_png_has_slide_resolution(tmp_path):
    from PIL import Image

    spec = export.figure_specs()[0]
    export.write_figure(spec, tmp_path)
    width, _ = Image.open(tmp_path / f"{spec.name}.png").size
    fig = spec.draw()
    assert width == round(fig.get_figwidth() * export.EXPORT_DPI)
    plt.close(fig)
    assert export.EXPORT_DPI * style.LECTURE_REFERENCE_WIDTH_IN >= 1920


# --- captions live in data/captions.csv -----------------------------------------------------

def test_every_exported_figure_takes_its_caption_from_data():
    captions = load("captions").set_index("name")
    for spec in export.figure_specs():
        if spec.name.startswith("nmda_glutamate_stage_"):
            assert spec.caption.endswith(captions.loc["nmda_glutamate_stage", "caption"])
        else:
            assert spec.caption == captions.loc[spec.name, "caption"]
            assert spec.tables == tuple(captions.loc[spec.name, "tables"].split(";"))


def test_a_caption_for_a_figure_nobody_draws_is_refused(data_copy):
    path = data_copy / "captions.csv"
    rows = rows_of(path)
    write_rows(path, rows + [["pie_chart", "figure", "A pie chart.", "costs"]])
    with pytest.raises(DataError) as caught:
        export.figure_specs(data_copy)
    assert caught.value.line == len(rows) + 1 and caught.value.column == "name"
    assert "pie_chart" in str(caught.value)


def test_a_figure_without_a_caption_is_refused(data_copy):
    path = data_copy / "captions.csv"
    write_rows(path, [row for row in rows_of(path) if row[0] != "costs"])
    with pytest.raises(DataError, match="no caption for figure 'costs'"):
        export.figure_specs(data_copy)


def test_the_route_table_caption_comes_from_data():
    from ketamine_course.diagrams.routes import route_table_styled

    caption = load("captions").set_index("name").loc["route_comparison_table", "caption"]
    assert caption in route_table_styled().to_html()
