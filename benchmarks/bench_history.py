"""Notebook 01's timeline highlighter: from choosing a kind of event to the new PNG.

    .venv/bin/python benchmarks/bench_history.py

Prints medians (in-process, Agg backend); asserts nothing. Measures:
- the widget: set the dropdown's value; its callback fades the other events (alpha on
  markers and leader lines, white veils over labels), blits the changed artists onto the
  kept background and encodes the PNG the front end receives;
- the naive way, as `interact` would do it: draw the whole timeline again from the table,
  set the alphas, render it to PNG;
- drawing the regulatory status grid of notebook 06 and rendering it to PNG, once per call.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib.pyplot as plt  # noqa: E402
from timing import cycle, median_ms, report  # noqa: E402

from ketamine_course import style  # noqa: E402
from ketamine_course.diagrams.history import (  # noqa: E402
    ALL,
    add_veils,
    category_artists,
    highlight,
    timeline_chart,  # noqa: E402
)
from ketamine_course.diagrams.regulatory import regulatory_chart  # noqa: E402
from ketamine_course.widgets.history import timeline_highlighter  # noqa: E402


def main():
    view = timeline_highlighter()
    choices = [value for _, value in view.controls["category"].options]
    pick = cycle(choices[1:] + [ALL])

    def widget_update(index):
        view.controls["category"].value = pick(index)
        return view.live.png

    def naive_update(index):
        fig = timeline_chart()
        groups = category_artists(fig)
        highlight(groups, add_veils(fig, groups), pick(index))
        png = style.figure_png(fig)
        plt.close(fig)
        return png

    def grid_from_scratch(_index):
        fig = regulatory_chart()
        png = style.figure_png(fig)
        plt.close(fig)
        return png

    print("Timeline highlighter (notebook 01), median of 50 updates, Agg, in-process")
    report("widget: set dropdown value -> PNG ready (blitting)", median_ms(widget_update))
    report("naive: redraw timeline from scratch -> PNG", median_ms(naive_update, repeat=20))
    print("Regulatory status grid (notebook 06)")
    report("draw grid from the table -> PNG", median_ms(grid_from_scratch, repeat=20))


if __name__ == "__main__":
    main()
