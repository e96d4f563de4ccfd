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
from .references import format_reference  # noqa: E402
from .style import figure_png, figure_svg  # noqa: E402

EXPORT_MODE = "lecture"


@dataclass(frozen=True)
class FigureSpec:
    """One exported figure: how to draw it, and what figures/README.md says of it."""

    name: str
    caption: str
    draw: Callable
    alt: Callable[[], str]
    tables: tuple[str, ...]


FIGURES = (
    FigureSpec(
        name="timeline",
        caption="Ketamine from its first synthesis to the approvals of esketamine for "
                "depression: anaesthetic use, drug control, psychiatric research and approvals.",
        draw=lambda: diagrams.timeline_chart(mode=EXPORT_MODE),
        alt=diagrams.timeline_alt,
        tables=("timeline",),
    ),
)


def write_figure(spec: FigureSpec, out_dir: Path) -> list[Path]:
    """Draw ``spec`` once and write its PNG and SVG; returns the paths written."""
    import matplotlib.pyplot as plt

    fig = spec.draw()
    png, svg = out_dir / f"{spec.name}.png", out_dir / f"{spec.name}.svg"
    png.write_bytes(figure_png(fig))
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
