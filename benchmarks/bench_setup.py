"""Set-up and harness timings for issue #2. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_setup.py            # everything (~10 min)
    .venv/bin/python benchmarks/bench_setup.py --quick    # skip the clean-clone make test

Measures:
- `make test` on a clean clone from nothing (new .venv, pip cache as it is), then warm;
- import time of ketamine_course and its submodules, in fresh interpreters;
- the first and cached load of every data table (frictionless validation included),
  and the import cost of frictionless itself;
- nbval's cost per notebook against a trivial one-cell notebook.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


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


def trivial_notebook(folder: Path) -> Path:
    path = folder / "trivial.ipynb"
    path.write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": 1, "id": "c1", "metadata": {},
                   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["1\n"]}],
                   "source": ["print(1)"]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}))
    return path


def nbval_seconds(notebook: Path, repeat=3) -> float:
    command = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
               "--nbval", "--nbval-current-env",
               f"--nbval-sanitize-with={ROOT / 'tests' / 'nbval_sanitize.cfg'}", str(notebook)]
    return statistics.median(timed(command, repeat=repeat))


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
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds = nbval_seconds(notebook)
        print(f"  {notebook.name:<32} {seconds:6.2f} s  (+{seconds - trivial:.2f} s)")

    if not args.quick:
        cold, warm = clean_clone_make_test()
        print(f"make test on a clean clone: from nothing {cold:.0f} s, warm {warm:.0f} s")


if __name__ == "__main__":
    main()
