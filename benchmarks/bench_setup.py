"""Set-up and harness timings for issues #2 and #14. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_setup.py            # everything (~10 min)
    .venv/bin/python benchmarks/bench_setup.py --quick    # skip the clean-clone runs

Measures:
- `make lab` on a clean clone with no pip or uv cache: seconds from `git clone` until the
  server answers for notebooks/00_start_here.ipynb (issue #14 asks for 45 s);
- `make test` on a clean clone from nothing (new .venv, pip cache as it is), then warm
  (issue #14 asks for 240 s and 150 s on 2 cores);
- import time of ketamine_course and its submodules, in fresh interpreters;
- the first and cached load of every data table (frictionless validation included),
  and the import cost of frictionless itself;
- nbval's cost per notebook against a trivial one-cell notebook, and nbval over all the
  notebooks against as many one-cell notebooks that import the libraries they use.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "tests"))

from jupyterlab_server import free_port, stop_process_group  # noqa: E402


def timed(command, cwd=ROOT, repeat=1) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def python_time(code: str, repeat=7) -> float:
    """Median wall time of ``python -c code`` minus an empty interpreter's."""
    base = statistics.median(timed([PYTHON, "-c", "pass"], repeat=repeat))
    return statistics.median(timed([PYTHON, "-c", code], repeat=repeat)) - base


def in_process(code: str) -> str:
    return subprocess.run([PYTHON, "-c", code], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout.strip()


def in_kernel(code: str) -> str:
    """Run ``code`` in a fresh Jupyter kernel (as a notebook would) and return its output."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"))
    output = []
    try:
        client.execute_interactive(code, timeout=60, output_hook=lambda message: output.append(
            message["content"].get("text", "")) if message["msg_type"] == "stream" else None)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return "".join(output).strip()


def trivial_notebook(folder: Path, name="trivial", setup="") -> Path:
    """A one-cell notebook that runs ``setup`` (if any), then prints 1."""
    path = folder / f"{name}.ipynb"
    path.write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": 1, "id": "c1", "metadata": {},
                   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["1\n"]}],
                   "source": ([f"{setup}\n"] if setup else []) + ["print(1)"]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}))
    return path


def nbval_seconds(*paths: Path, repeat=3) -> float:
    command = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
               "--nbval", "--nbval-current-env",
               f"--nbval-sanitize-with={ROOT / 'tests' / 'nbval_sanitize.cfg'}",
               *map(str, paths)]
    return statistics.median(timed(command, repeat=repeat))


def clean_clone_make_lab() -> float:
    """Seconds from `git clone` until `make lab` serves notebook 00, with no pip or uv cache."""
    port, token = free_port(), "bench-token-0123456789"
    url = (f"http://127.0.0.1:{port}/api/contents/notebooks/00_start_here.ipynb"
           f"?content=0&token={token}")
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "clone"
        env = dict(os.environ, PIP_NO_CACHE_DIR="1", UV_NO_CACHE="1", JUPYTER_TOKEN=token,
                   JUPYTER_RUNTIME_DIR=str(Path(folder) / "runtime"))
        start = time.perf_counter()
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        server = subprocess.Popen(["make", "lab", f"LAB_ARGS=--port={port} --no-browser"],
                                  cwd=clone, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while server.poll() is None:
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if json.load(response)["type"] == "notebook":
                            return time.perf_counter() - start
                except OSError:
                    pass
                time.sleep(0.2)
            raise RuntimeError("make lab exited before serving the notebook")
        finally:
            stop_process_group(server)


def clean_clone_make_test() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        cold = timed(["make", "test"], cwd=clone)[0]
        warm = timed(["make", "test"], cwd=clone)[0]
    return cold, warm


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the clean-clone make test")
    args = parser.parse_args()

    print("import times (median of 7 fresh interpreters, empty interpreter subtracted)")
    for module in ("ketamine_course", "ketamine_course.style", "ketamine_course.data",
                   "ketamine_course.diagrams", "frictionless", "nbformat"):
        print(f"  import {module:<28} {python_time(f'import {module}') * 1000:7.0f} ms")

    print("data loading, in one process")
    print("  " + in_process(
        "import time; t=time.perf_counter(); from ketamine_course import data; "
        "a=time.perf_counter(); data.validate_all(); b=time.perf_counter(); "
        "data.validate_all(); c=time.perf_counter(); "
        "print(f'import data {1000*(a-t):.0f} ms; first load of all tables "
        "{1000*(b-a):.0f} ms; cached {1000*(c-b):.1f} ms')"))

    print("in a fresh notebook kernel (the cost a learner's first cell pays)")
    print("  " + in_kernel(
        "import time; t=time.perf_counter(); import frictionless; "
        "a=time.perf_counter(); print(f'import frictionless {1000*(a-t):.0f} ms')"))
    print("  " + in_kernel(
        "import time; t=time.perf_counter(); from ketamine_course import data; "
        "data.load('routes'); a=time.perf_counter(); data.load('timeline'); "
        "b=time.perf_counter(); print(f'first table, validated (imports included) "
        "{1000*(a-t):.0f} ms; next table {1000*(b-a):.0f} ms')"))

    print("nbval, median of 3 pytest runs per notebook")
    with tempfile.TemporaryDirectory() as folder:
        trivial = nbval_seconds(trivial_notebook(Path(folder)))
    print(f"  trivial one-cell notebook        {trivial:6.2f} s")
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for notebook in notebooks:
        seconds = nbval_seconds(notebook)
        print(f"  {notebook.name:<32} {seconds:6.2f} s  (+{seconds - trivial:.2f} s)")
    with tempfile.TemporaryDirectory() as folder:
        imports = [trivial_notebook(Path(folder), f"imports_{index}",
                                    "import ipywidgets, matplotlib, numpy, pandas")
                   for index in range(len(notebooks))]
        baseline = nbval_seconds(*imports)
        # Issue #14's baseline imports matplotlib's package only; a notebook that draws at
        # all also loads its figure machinery (about 0.3 s). For comparison, not the target:
        drawing = [trivial_notebook(Path(folder), f"draws_{index}",
                                    "import ipywidgets, numpy, pandas\n"
                                    "from matplotlib.backends.backend_agg import FigureCanvasAgg\n"
                                    "from matplotlib.figure import Figure\n"
                                    "figure = Figure()\nFigureCanvasAgg(figure)\n"
                                    "figure.add_subplot().plot([0, 1])\nfigure.canvas.draw()")
                   for index in range(len(notebooks))]
        drawing_baseline = nbval_seconds(*drawing)
    whole = nbval_seconds(ROOT / "notebooks")
    print(f"  all {len(notebooks)} notebooks in one run {whole:6.2f} s; {len(notebooks)} one-cell "
          f"notebooks importing numpy, pandas, matplotlib, ipywidgets {baseline:.2f} s; "
          f"ratio {whole / baseline:.2f} (issue #14's measure)")
    print(f"  against {len(notebooks)} one-cell notebooks that also draw one small figure "
          f"{drawing_baseline:.2f} s: ratio {whole / drawing_baseline:.2f}")

    if not args.quick:
        print(f"make lab on a clean clone, no cache: notebook 00 served after "
              f"{clean_clone_make_lab():.0f} s")
        cold, warm = clean_clone_make_test()
        print(f"make test on a clean clone: from nothing {cold:.0f} s, warm {warm:.0f} s")


if __name__ == "__main__":
    main()
