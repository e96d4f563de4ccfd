"""Simulator timings for issue #5. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_pk.py

For each control of the notebook-04 simulator: the median time from setting the control's
value to the updated PNG the front end receives (curves moved with set_data, blitted,
encoded, readouts rewritten), in process with Agg. Beside it, the naive approach that
``ipywidgets.interact`` would take: build the whole figure again and render it to PNG on
every change. Target: 30 ms or less at the median for every control.
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
from ketamine_course.diagrams.pk import concentration_figure  # noqa: E402
from ketamine_course.widgets.pk import PkSimulator  # noqa: E402

TARGET_MS = 30.0
REPEAT = 60


def naive_replot(simulator: PkSimulator) -> bytes:
    """What interact would do: a new figure, every curve plotted, the whole figure rendered."""
    fig, artists = concentration_figure(simulator.models, simulator.bands, simulator.time_h)
    for model in simulator.shown():
        low, high = model.curves(simulator.time_h, simulator.dose_mg(model),
                                 simulator.controls["weight"].value,
                                 simulator.controls["infusion"].value / 60)
        route = artists[model.route_id]
        route.band.set_data(simulator.time_h, low, high)
        route.high.set_data(simulator.time_h, high)
        route.low.set_data(simulator.time_h, low)
    png = style.figure_png(fig)
    plt.close(fig)
    return png


def main():
    simulator = PkSimulator()
    controls_by_name = simulator.controls
    first_box = next(control for name, control in controls_by_name.items()
                     if name.startswith("show_"))
    label_doses = [value for _, value in controls_by_name["label_dose"].options]
    controls = {
        "racemic dose slider (mg/kg)": (controls_by_name["dose"], [0.25, 0.5, 1.0, 1.5, 2.0]),
        "esketamine label dose": (controls_by_name["label_dose"], label_doses),
        "body weight slider (kg)": (controls_by_name["weight"], [50, 70, 90, 120]),
        "IV infusion time slider (min)": (controls_by_name["infusion"], [1, 10, 40, 60]),
        "route checkbox": (first_box, [False, True]),
    }
    print(f"Simulator update: set a control -> new PNG and readouts (median of {REPEAT}, "
          f"target {TARGET_MS:g} ms)")
    for name, (control, values) in controls.items():
        pick = cycle(values)

        def change(index, control=control, pick=pick):
            control.value = pick(index)

        report(f"  {name}", median_ms(change, repeat=REPEAT), TARGET_MS)
    size = len(simulator.live.png)
    print(f"  PNG sent to the front end: {size / 1024:.0f} kB")

    print("Naive full re-plot on every change (what interact would do)")
    report("  build figure + plot every route + render PNG",
           median_ms(lambda _index: naive_replot(simulator), repeat=20, warmup=2))


if __name__ == "__main__":
    main()
