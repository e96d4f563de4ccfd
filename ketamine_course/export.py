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

import matplotlib

matplotlib.use("Agg")

from . import diagrams  # noqa: E402
from .data import load, references, sources_of  # noqa: E402
from .diagrams import access as access_figures  # noqa: E402
from .diagrams import evidence as evidence_figures  # noqa: E402
from .diagrams import safety as safety_figures  # noqa: E402
from .references import format_reference  # noqa: E402
from .style import figure_png, figure_svg  # noqa: E402

EXPORT_MODE = "lecture"
# Slide resolution: a 12-inch-wide lecture figure becomes 1920 pixels, a full-HD projector.
EXPORT_DPI = 160


@dataclass(frozen=True)
class FigureSpec:
    """One exported figure: how to draw it, and what figures/README.md says of it."""

    name: str
    caption: str
    draw: Callable
    alt: Callable[[], str]
    tables: tuple[str, ...]


def mechanism_stage_specs() -> tuple[FigureSpec, ...]:
    """One figure per stage of the NMDA/glutamate schematic, for slides (notebook 03)."""
    from .diagrams.mechanism import mechanism_stages, stage_heading

    stages = mechanism_stages()
    return tuple(
        FigureSpec(
            name=f"nmda_glutamate_stage_{row.stage}_{row.stage_id}",
            caption=f"{stage_heading(row, len(stages))}: {row.caption}. Evidence label, "
                    "sources and highlighted elements are in the image.",
            draw=lambda stage=row.stage: diagrams.nmda_schematic(stage, mode=EXPORT_MODE),
            alt=lambda stage=row.stage: diagrams.schematic_alt(stage),
            tables=("mechanism_stages",),
        )
        for row in stages.itertuples())


FIGURES = (
    FigureSpec(
        name="timeline",
        caption="Ketamine from its first synthesis to the approvals of esketamine for "
                "depression: anaesthetic use, drug control, psychiatric research and approvals.",
        draw=lambda: diagrams.timeline_chart(mode=EXPORT_MODE),
        alt=diagrams.timeline_alt,
        tables=("timeline",),
    ),
    FigureSpec(
        name="regulatory_status",
        caption="Regulatory status of ketamine and esketamine in the US, the EU and the UK: "
                "approvals, off-label use, public funding and drug control, with the date "
                "each status took effect and the date the rows were last checked.",
        draw=lambda: diagrams.regulatory_chart(mode=EXPORT_MODE),
        alt=diagrams.regulatory_alt,
        tables=("regulatory",),
    ),
    FigureSpec(
        name="evidence_onset",
        caption="When the antidepressant effect starts and how long it lasts: one ketamine "
                "infusion, repeated ketamine and esketamine courses, and a conventional "
                "antidepressant (citalopram), on a logarithmic time axis.",
        draw=lambda: evidence_figures.onset_chart(mode=EXPORT_MODE),
        alt=evidence_figures.onset_alt,
        tables=("antidepressant_onset",),
    ),
    FigureSpec(
        name="evidence_forest",
        caption="Effects of key ketamine and esketamine trials and meta-analyses with 95% "
                "confidence intervals, one panel per kind of measure so that unlike numbers "
                "never share an axis.",
        draw=lambda: evidence_figures.forest_chart(mode=EXPORT_MODE),
        alt=evidence_figures.forest_alt,
        tables=("trials",),
    ),
    FigureSpec(
        name="evidence_strength",
        caption="Strength of the evidence for ketamine in five indications, from open-label "
                "studies to regulator approval (for depression, approval covers esketamine "
                "nasal spray only).",
        draw=lambda: evidence_figures.evidence_ladder(mode=EXPORT_MODE),
        alt=evidence_figures.evidence_ladder_alt,
        tables=("evidence_strength", "trials"),
    ),
    FigureSpec(
        name="route_comparison",
        caption="Routes of ketamine and esketamine administration in humans: the share of a "
                "dose that reaches the blood (bioavailability) and the time to the peak plasma "
                "level, each as the range the sources report, and whether the route and "
                "product are approved for depression. Intravenous ketamine has no time to peak "
                "because the peak falls at the end of the infusion.",
        draw=lambda: diagrams.route_comparison_chart(mode=EXPORT_MODE),
        alt=diagrams.route_comparison_alt,
        tables=("routes",),
    ),
    FigureSpec(
        name="costs",
        caption="What esketamine treatment costs, one panel per currency (never converted): "
                "list prices, and inputs and results of economic models, each as the range its "
                "source gives, with how firm each figure is shown by pattern, marker and label.",
        draw=lambda: access_figures.cost_chart(mode=EXPORT_MODE),
        alt=access_figures.cost_alt,
        tables=("costs",),
    ),
    FigureSpec(
        name="side_effect_chart",
        caption="Adverse reactions of esketamine nasal spray against placebo nasal spray in one "
                "population (the default: the US label's table for treatment-resistant "
                "depression), sorted by the difference between the arms in percentage points; "
                "the title gives the population and the number of patients in each arm.",
        draw=lambda: safety_figures.side_effect_chart(mode=EXPORT_MODE),
        alt=safety_figures.side_effect_alt,
        tables=("side_effects", "side_effect_populations"),
    ),
    FigureSpec(
        name="acute_course",
        caption="The hours after one dose as the sources state them: peaks, durations and "
                "resolution times of plasma esketamine, blood pressure and dissociation, "
                "against the label's minimum monitoring time; points and ranges only, no "
                "fitted curve.",
        draw=lambda: safety_figures.acute_course_chart(mode=EXPORT_MODE),
        alt=safety_figures.acute_course_alt,
        tables=("acute_course",),
    ),
    FigureSpec(
        name="monitoring_checklist",
        caption="A checklist for one esketamine treatment session, from the US label: before "
                "the dose, during the session (breathing and blood pressure included), before "
                "the patient leaves and after leaving.",
        draw=lambda: safety_figures.monitoring_checklist(mode=EXPORT_MODE),
        alt=safety_figures.monitoring_checklist_alt,
        tables=("safety_facts",),
    ),
    FigureSpec(
        name="nmda_glutamate_schematic",
        caption="Ketamine's proposed antidepressant cascade (notebook 03): a GABA interneuron "
                "whose NMDA receptors ketamine blocks, the disinhibited pyramidal neuron, and "
                "its glutamate synapse with AMPA receptors, BDNF and TrkB, mTORC1 and new "
                "spines. Numbers mark the steps; each step past NMDA blockade is a hypothesis "
                "for the effect in people.",
        draw=lambda: diagrams.nmda_schematic(None, mode=EXPORT_MODE),
        alt=lambda: diagrams.schematic_alt(None),
        tables=("mechanism_stages",),
    ),
    *mechanism_stage_specs(),
)


def write_figure(spec: FigureSpec, out_dir: Path) -> list[Path]:
    """Draw ``spec`` once and write its PNG and SVG; returns the paths written."""
    import matplotlib.pyplot as plt

    fig = spec.draw()
    png, svg = out_dir / f"{spec.name}.png", out_dir / f"{spec.name}.svg"
    png.write_bytes(figure_png(fig, dpi=EXPORT_DPI))
    svg.write_bytes(figure_svg(fig))
    plt.close(fig)
    return [png, svg]


def figures_readme(specs=FIGURES) -> str:
    """figures/README.md: each figure with its caption, alt text and sources."""
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


def export(out_dir: Path | str, specs=FIGURES) -> list[Path]:
    """Write every figure and figures/README.md into ``out_dir``; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        written += write_figure(spec, out_dir)
    readme = out_dir / "README.md"
    readme.write_text(figures_readme(specs), encoding="utf-8")
    return written + [readme]


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "figures"
    for path in export(target):
        print(path)
