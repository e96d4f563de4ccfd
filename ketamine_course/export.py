"""Regenerate figures/: PNG for slides, SVG (text kept as text) for print and editing.

Run ``make figures`` (or ``python -m ketamine_course.export figures``). The bytes are
repeatable: fixed SVG hash salt, no dates or software versions in metadata. So a test
can rebuild figures/ in a temporary folder and tell when the committed one is stale.
Figures are exported in lecture mode, the size lecturers need on a projector.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .data import CAPTIONS, load, references, sources_of, table_error
from .diagrams import (
    ethics,
    evidence,
    history,
    mechanism,
    pk_models,
    regulatory,
    routes,
    safety,
)
from .mechanism import mechanism_stages, stage_heading
from .references import format_reference
from .style import close, figure_png, figure_svg

EXPORT_MODE = "lecture"
# Slide resolution: a 12-inch-wide lecture figure becomes 1920 pixels, a full-HD projector.
EXPORT_DPI = 160
# The captions row whose text follows each stage figure's own heading and caption.
STAGE_FIGURES = "nmda_glutamate_stage"


@dataclass(frozen=True)
class FigureSpec:
    """One exported figure: how to draw it, and what figures/README.md says of it."""

    name: str
    caption: str
    draw: Callable
    alt: Callable[[], str]
    tables: tuple[str, ...]


# How each figure is drawn and described; its caption and its data tables are in
# data/captions.csv, with the text a reader sees.
DRAWINGS = {
    "timeline": (lambda: history.timeline_chart(mode=EXPORT_MODE), history.timeline_alt),
    "regulatory_status": (lambda: regulatory.regulatory_chart(mode=EXPORT_MODE),
                          regulatory.regulatory_alt),
    "evidence_onset": (lambda: evidence.onset_chart(mode=EXPORT_MODE), evidence.onset_alt),
    "evidence_forest": (lambda: evidence.forest_chart(mode=EXPORT_MODE), evidence.forest_alt),
    "evidence_strength": (lambda: evidence.evidence_ladder(mode=EXPORT_MODE),
                          evidence.evidence_ladder_alt),
    "route_comparison": (lambda: routes.route_comparison_chart(mode=EXPORT_MODE),
                         routes.route_comparison_alt),
    "costs": (lambda: ethics.cost_chart(mode=EXPORT_MODE), ethics.cost_alt),
    "side_effect_chart": (lambda: safety.side_effect_chart(mode=EXPORT_MODE),
                          safety.side_effect_alt),
    "acute_course": (lambda: safety.acute_course_chart(mode=EXPORT_MODE),
                     safety.acute_course_alt),
    "monitoring_checklist": (lambda: safety.monitoring_checklist(mode=EXPORT_MODE),
                             safety.monitoring_checklist_alt),
    "nmda_glutamate_schematic": (lambda: mechanism.nmda_schematic(None, mode=EXPORT_MODE),
                                 lambda: mechanism.schematic_alt(None)),
    "plasma_to_receptor": (lambda: pk_models.receptor_chart(mode=EXPORT_MODE),
                           pk_models.receptor_alt),
    "repeated_dosing": (lambda: pk_models.repeated_dosing_chart(mode=EXPORT_MODE),
                        pk_models.repeated_alt),
}


def _figure_captions(data_dir=None):
    """The figure rows of data/captions.csv by name; each drawing needs one, and each
    figure row needs a drawing, so no caption sits under the wrong picture."""
    captions = load(CAPTIONS, data_dir)
    expected = [*DRAWINGS, STAGE_FIGURES]
    for index, row in captions.iterrows():
        if row["kind"] == "figure" and row["name"] not in expected:
            raise table_error(CAPTIONS, f"figure {row['name']!r} has no drawing",
                              "figure rows name a figure that make figures draws",
                              line=index + 2, column="name", data_dir=data_dir,
                              hint=f"The figures are: {', '.join(expected)}")
    figures = captions[captions["kind"] == "figure"].set_index("name")
    missing = [name for name in expected if name not in figures.index]
    if missing:
        raise table_error(CAPTIONS, f"no caption for figure {missing[0]!r}",
                          "every exported figure has a caption row", column="name",
                          data_dir=data_dir)
    return figures


def mechanism_stage_specs(stage_caption: str) -> tuple[FigureSpec, ...]:
    """One figure per stage of the NMDA/glutamate schematic, for slides (notebook 03)."""
    stages = mechanism_stages()
    return tuple(
        FigureSpec(
            name=f"nmda_glutamate_stage_{row.stage}_{row.stage_id}",
            caption=f"{stage_heading(row, len(stages))}: {row.caption}. {stage_caption}",
            draw=lambda stage=row.stage: mechanism.nmda_schematic(stage, mode=EXPORT_MODE),
            alt=lambda stage=row.stage: mechanism.schematic_alt(stage),
            tables=("mechanism_stages",),
        )
        for row in stages.itertuples())


def figure_specs(data_dir=None) -> tuple[FigureSpec, ...]:
    """Every figure `make figures` writes, in order, with its caption from data/."""
    captions = _figure_captions(data_dir)
    specs = [FigureSpec(name, captions.loc[name, "caption"], draw, alt,
                        tuple(captions.loc[name, "tables"].split(";")))
             for name, (draw, alt) in DRAWINGS.items()]
    return (*specs, *mechanism_stage_specs(captions.loc[STAGE_FIGURES, "caption"]))


def write_figure(spec: FigureSpec, out_dir: Path) -> list[Path]:
    """Draw ``spec`` once and write its PNG and SVG; returns the paths written."""
    fig = spec.draw()
    png, svg = out_dir / f"{spec.name}.png", out_dir / f"{spec.name}.svg"
    png.write_bytes(figure_png(fig, dpi=EXPORT_DPI))
    svg.write_bytes(figure_svg(fig))
    close(fig)
    return [png, svg]


def figures_readme(specs=None) -> str:
    """figures/README.md: each figure with its caption, alt text and sources."""
    specs = figure_specs() if specs is None else specs
    bib = references()
    lines = [
        "# Figures",
        "",
        "Made by `make figures` from the code in `ketamine_course/diagrams` and the tables in",
        "`data/`; do not edit by hand (a test fails when these files are stale).",
        "PNG for slides, SVG for print; SVG text stays editable text.",
        "Licence: CC BY 4.0 (see LICENSE). Cite the sources below with any figure you reuse.",
        "",
    ]
    for number, spec in enumerate(specs, start=1):
        keys = []
        for table in spec.tables:
            keys += [key for key in sources_of(load(table)) if key not in keys]
        lines += [
            f"## Figure {number}: {spec.name}",
            "",
            f"Files: [`{spec.name}.png`]({spec.name}.png), [`{spec.name}.svg`]({spec.name}.svg)",
            "",
            f"Caption: {spec.caption}",
            "",
            f"Alt text: {spec.alt()}",
            "",
            "Sources:",
            "",
            *[f"- {format_reference(key, bib[key])}" for key in keys],
            "",
        ]
    return "\n".join(lines)


def export(out_dir: Path | str, specs=None) -> list[Path]:
    """Write every figure and figures/README.md into ``out_dir``; returns the paths."""
    specs = figure_specs() if specs is None else specs
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        written += write_figure(spec, out_dir)
    readme = out_dir / "README.md"
    readme.write_text(figures_readme(specs), encoding="utf-8")
    return written + [readme]


def main(argv=None) -> int:
    import matplotlib

    matplotlib.use("Agg")  # files only, no window
    args = sys.argv[1:] if argv is None else argv
    for path in export(args[0] if args else "figures"):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
