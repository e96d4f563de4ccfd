"""Variability explorer timings for issue #15. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_pk_models.py

For each control of notebook 04's variability explorer: the median time from setting the
control's value to the updated PNG the front end receives, in process with Agg. Every
change re-simulates all 1,000 virtual people over the plotted time grid (exactly, with the
compartment engine), recomputes the percentiles, moves the blitted artists, encodes the PNG
and rewrites the readouts and table. Beside it, the naive approach ``ipywidgets.interact``
would take: build the figure again, simulate, and render the whole figure on every change.
Target: 30 ms or less at the median. Also: the engine alone for each schedule.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import cycle, median_ms, report  # noqa: E402

from ketamine_course import pk_models, style  # noqa: E402
from ketamine_course.diagrams.pk_models import VariabilityChart  # noqa: E402
from ketamine_course.widgets.pk_models import VariabilityExplorer  # noqa: E402

TARGET_MS = 30.0
REPEAT = 40


def naive_replot(explorer: VariabilityExplorer) -> bytes:
    """What interact would do: a new figure, a new simulation, the whole figure rendered."""
    simulation = explorer._simulate()
    chart = VariabilityChart()
    chart.set_model(simulation.model, pk_models.PEOPLE)
    chart.show(simulation, pk_models.summarise(simulation), explorer._simulate(people=0))
    png = style.figure_png(chart.fig)
    style.close(chart.fig)
    return png


def main():
    explorer = VariabilityExplorer()
    controls = explorer.controls
    print(f"Variability explorer: set a control -> 1,000 people re-simulated, new PNG, readouts "
          f"and table (median of {REPEAT}, target {TARGET_MS:g} ms)")
    cases = {
        "IV dose slider (mg/kg), two-compartment model": ("hijazi2003", "dose",
                                                          [0.25, 0.5, 1.0, 1.5]),
        "body weight slider (kg), two-compartment model": ("hijazi2003", "weight",
                                                           [50, 70, 90, 120]),
        "nasal dose (mg), esketamine model": ("perezruixo2021", "nasal_dose",
                                              list(pk_models.nasal_doses())),
        "body weight slider (kg), esketamine model": ("perezruixo2021", "weight",
                                                      [50, 70, 90, 120]),
    }
    for name, (model_id, control, values) in cases.items():
        controls["model"].value = model_id
        pick = cycle(values)

        def change(index, control=controls[control], pick=pick):
            control.value = pick(index)

        report(f"  {name}", median_ms(change, repeat=REPEAT), TARGET_MS)
    models = list(pk_models.published_models())
    report("  model menu (each model's background drawn once, then pasted)",
           median_ms(lambda index: setattr(controls["model"], "value",
                                           models[index % len(models)]),
                     repeat=REPEAT, warmup=len(models)), TARGET_MS)
    print(f"  PNG sent to the front end: {len(explorer.live.png) / 1024:.0f} kB")

    print("Naive full re-plot on every change (what interact would do)")
    report("  new figure + simulate 1,000 people + render PNG",
           median_ms(lambda _index: naive_replot(explorer), repeat=10, warmup=2))

    print("The engine alone: 1,000 people, plotted grid, every schedule")
    for regimen_id, schedule in pk_models.regimens().items():
        model_id = "perezruixo2021" if schedule.route == "intranasal" else "hijazi2003"
        times = pk_models.time_grid(schedule)
        report(f"  {schedule.name} ({len(times)} times)",
               median_ms(lambda _index, m=model_id, r=regimen_id: pk_models.simulate(m, r),
                         repeat=10, warmup=1))


if __name__ == "__main__":
    main()
