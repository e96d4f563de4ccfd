"""Side-effect explorer timings for issue #6. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_safety.py

Each timing runs from setting the dropdown's value to the updated PNG being ready in the
widget (in-process, Agg), as the median of many switches:

- switch: blit the rows and the title, paste the row labels from their bitmaps, encode
  the PNG (the explorer renders every population once while it is built, so this holds
  from the first switch);
- naive: what ``interact`` would do, re-plotting the chart from scratch and rendering it.

It also times building the explorer (that one-off rendering included), which is what the
notebook cell pays, and a switch to a population whose labels were never rendered (a
chart and LiveFigure without that warm-up), to show what the warm-up saves.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from timing import cycle, median_ms, report  # noqa: E402

from ketamine_course.diagrams.safety import SideEffectChart, side_effect_chart  # noqa: E402
from ketamine_course.safety import populations  # noqa: E402
from ketamine_course.style import figure_png  # noqa: E402
from ketamine_course.widgets import LiveFigure  # noqa: E402
from ketamine_course.widgets.safety import side_effect_explorer  # noqa: E402

TARGET_MS = 30


def main():
    names = list(populations()["population"])
    # Each step moves to the next population, so every timed call really switches.
    steps = cycle(names[1:] + names[:1])

    print(f"side-effect explorer, {len(names)} populations")
    report("build the explorer (renders each population once)",
           median_ms(lambda _index: side_effect_explorer(), repeat=7, warmup=1))

    explorer = side_effect_explorer()
    last = {}

    def switch(index):
        explorer.controls["population"].value = steps(index)
        last["png"] = explorer.live.png

    report("switch population (blit + pasted labels + PNG)", median_ms(switch, repeat=60),
           TARGET_MS)

    repeat, warmup = 15, 3
    fresh = []
    for _ in range(repeat + warmup):
        chart = SideEffectChart()
        chart.show(names[0])
        fresh.append((chart, LiveFigure(chart.fig, chart.alt, animated=chart.animated)))
    unused = iter(fresh)

    def first_visit(_index):
        chart, live = next(unused)
        chart.show(names[1])
        live.refresh(alt=chart.alt)

    report("without the warm-up: first visit, labels rendered",
           median_ms(first_visit, repeat=repeat, warmup=warmup), TARGET_MS)

    def naive(index):
        fig = side_effect_chart(names[index % len(names)])
        figure_png(fig)
        plt.close(fig)

    report("naive: re-plot the chart from scratch and render it",
           median_ms(naive, repeat=15), TARGET_MS)
    print(f"PNG sent to the front end: {len(last['png']) / 1024:.0f} kB")


if __name__ == "__main__":
    main()
