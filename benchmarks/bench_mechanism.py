"""Timings for notebook 03's stepping schematic (issue #4). Prints results; asserts nothing.

    .venv/bin/python benchmarks/bench_mechanism.py [--repeat 60]

Measures, in-process with Agg, the median time from setting the stage slider's value to
the updated PNG the front end receives:

- the explorer: restyles the existing artists and re-renders only them (blitting);
- the naive approach, what ``ipywidgets.interact`` with a plotting function does: build the
  figure from scratch for the chosen stage and render it to PNG.

Both in the notebook and the lecture preset, plus the one-off cost of building the
explorer. Each timed call moves to a stage different from the last one.
"""

from __future__ import annotations

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from timing import cycle, median_ms, report  # noqa: E402

from ketamine_course import style  # noqa: E402
from ketamine_course.diagrams.mechanism import nmda_schematic  # noqa: E402
from ketamine_course.mechanism import mechanism_stages  # noqa: E402
from ketamine_course.widgets.mechanism import LIVE_DPI, mechanism_explorer  # noqa: E402

TARGET_MS = 30


def naive_step(stage: int, mode: str) -> bytes:
    """A full re-plot, as a function handed to ``interact`` would do on every change,
    rendered at the explorer's resolution so both send images of the same width."""
    fig = nmda_schematic(stage, mode=mode)
    png = style.figure_png(fig, dpi=LIVE_DPI)
    plt.close(fig)
    return png


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=60, help="timed steps per measurement")
    args = parser.parse_args()
    stages = list(range(len(mechanism_stages())))
    # 0, 1, ..., 7, 6, ..., 1: every step changes the stage, forwards and backwards.
    walk = cycle(stages + stages[-2:0:-1])
    for mode in style.MODES:
        style.use(mode)
        start = time.perf_counter()
        explorer = mechanism_explorer()
        built = (time.perf_counter() - start) * 1000
        pngs = []

        def widget_step(index, explorer=explorer, pngs=pngs):
            explorer.controls["stage"].value = walk(index)
            pngs.append(len(explorer.live.png))

        print(f"{mode} preset")
        report("  build the explorer (once)", built)
        report("  explorer: set the slider -> updated PNG (median)",
               median_ms(widget_step, repeat=args.repeat), TARGET_MS)
        report("  naive: full re-plot and PNG per step (median)",
               median_ms(lambda index, mode=mode: naive_step(walk(index), mode),
                         repeat=max(10, args.repeat // 4)))
        print(f"  PNG sent per step: {statistics.median(pngs) / 1024:.0f} kB median, "
              f"{explorer.live.fig.canvas.get_width_height(physical=True)} pixels")
        plt.close("all")
    style.use(None)


if __name__ == "__main__":
    main()
