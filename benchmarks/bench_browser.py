"""In the browser: time from a slider keypress to the updated figure, per widget.

    .venv/bin/python benchmarks/bench_browser.py [--presses 15] [--only 04]

Starts JupyterLab (as the browser tests do), runs each notebook, then presses the
arrow key on every slider of the course and measures, inside the page, the time from
the keydown to the moment the slider's output shows a new image (or new text, for
widgets without an image). A naive explorer, `interact` with a full inline re-plot,
(the course's timeline figure redrawn from scratch on every change) is measured in
the same run for comparison. Targets: 120 ms median (issue #10); 60 ms for notebook 04's
variability explorer (issue #15).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser  # noqa: E402
from jupyterlab_server import close_notebook, jupyterlab, load_lab, open_notebook, run_all  # noqa: E402

NAIVE_NOTEBOOK = "zz_naive_interact.ipynb"
NAIVE_SOURCE = """\
import matplotlib.pyplot as plt  # noqa: F401 - starts the inline backend, as a naive notebook does
from IPython.display import display
from ipywidgets import interact

from ketamine_course.diagrams.history import timeline_chart


@interact(year=(1962, 2025))
def plot(year=1962):
    fig = timeline_chart()  # the course's timeline, redrawn from scratch on every change
    fig.axes[0].axhline(year + 0.5, color="black")
    display(fig)  # the course's figures are not pyplot's, so plt.show() would show nothing
"""

# Arm a measurement on a slider's output: the promise resolves with the milliseconds
# from the next keydown on the handle to the first change of the output's view.
ARM = """handle => {
  const output = handle.closest('.jp-OutputArea-output');
  // The figure: images and HTML-widget text, not the slider's own readout.
  const view = () => Array.from(output.querySelectorAll('img')).map(img => img.src).join('|')
    + '#' + Array.from(output.querySelectorAll('.widget-html-content'))
              .map(node => node.innerText).join('|');
  const before = view();
  window.__elapsed = new Promise(resolve => {
    let start = null;
    handle.addEventListener('keydown', () => { start = performance.now(); },
                            {capture: true, once: true});
    const observer = new MutationObserver(() => {
      if (start !== null && view() !== before) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    });
    observer.observe(output, {subtree: true, childList: true, attributes: true,
                              characterData: true});
    setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
  });
}"""


def write_naive_notebook(folder: Path) -> None:
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "naive", "metadata": {},
                   "outputs": [], "source": NAIVE_SOURCE.splitlines(keepends=True)}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}
    (folder / NAIVE_NOTEBOOK).write_text(json.dumps(notebook))


def slider_timings(page, presses: int) -> list[tuple[str, list[float]]]:
    results = []
    handles = page.locator(".jp-OutputArea-output .jupyter-widgets .noUi-handle")
    for index in range(handles.count()):
        handle = handles.nth(index)
        label = handle.evaluate(
            "h => (h.closest('.widget-slider').querySelector('.widget-label') || {}).innerText"
            " || 'slider'")
        times = []
        for press in range(presses):
            at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            key = "ArrowLeft" if at_end or press % 2 else "ArrowRight"
            handle.evaluate(ARM)
            handle.press(key)
            elapsed = page.evaluate("window.__elapsed")
            if elapsed is not None:
                times.append(elapsed)
        results.append((f"slider {index + 1} ({label})", times))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--only", default="[0-9][0-9]",
                        help="notebooks whose name starts with this, e.g. 04")
    args = parser.parse_args()
    notebooks = sorted((ROOT / "notebooks").glob(f"{args.only}_*.ipynb"))
    with tempfile.TemporaryDirectory() as folder, jupyterlab(Path(folder)) as (base, token), \
            browser() as instance:
        write_naive_notebook(Path(folder) / "served" / "notebooks")
        print(f"{'notebook / widget':<62} {'median':>8}  presses")
        page = instance.new_page(viewport={"width": 1400, "height": 1000})
        load_lab(page, base, token, workspace="bench")
        for name in [NAIVE_NOTEBOOK] + [path.name for path in notebooks]:
            open_notebook(page, name)
            run_all(page)
            for label, times in slider_timings(page, args.presses):
                median = f"{statistics.median(times):6.0f} ms" if times else "no change"
                shown = "naive interact + inline re-plot" if name == NAIVE_NOTEBOOK else \
                    f"{Path(name).stem}: {label}"
                print(f"{shown:<62} {median:>8}  {len(times)}")
            close_notebook(page)


if __name__ == "__main__":
    main()
