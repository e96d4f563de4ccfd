"""Memory and time per learner on a real JupyterHub (issue #16). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_hub.py [--learners 3]

Starts the class test's hub (tests/test_hub.py: JupyterHub, configurable-http-proxy, local
processes, the deploy/ server settings) on 127.0.0.1. Each learner pulls the course with the
nbgitpuller link; then all learners at once run notebook 04 and notebook 03 in two kernels
that stay open, as in a lesson. Reported: server start and pull times, Run All times, and the
memory (resident set size, from /proc) of each learner's server and kernels, and of the hub
and proxy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hub_link import FOLDER  # noqa: E402

import test_hub  # noqa: E402


def rss_mb_by_folder(folder: Path) -> dict[str, float]:
    """Resident memory (MB) of the processes whose working folder is under each home, and
    of the rest (hub and proxy) under ``folder``."""
    totals: dict[str, float] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = Path(os.readlink(proc / "cwd"))
            status = (proc / "status").read_text()
        except OSError:
            continue
        if not str(cwd).startswith(str(folder)):
            continue
        rss_kb = next((int(line.split()[1]) for line in status.splitlines()
                       if line.startswith("VmRSS:")), 0)
        parts = cwd.relative_to(folder).parts
        key = parts[1] if len(parts) > 1 and parts[0] == "home" else "hub and proxy"
        totals[key] = totals.get(key, 0.0) + rss_kb / 1024
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=3)
    args = parser.parse_args()
    learners = tuple(f"learner{index + 1}" for index in range(args.learners))
    test_hub.LEARNERS = learners
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        upstream = folder / "course.git"
        test_hub.git("clone", "--quiet", "--bare", str(ROOT), str(upstream), cwd=folder)
        with test_hub.jupyterhub(folder) as hub:
            def start_and_pull(name):
                start = time.perf_counter()
                hub.start_server(name)
                started = time.perf_counter()
                hub.pull(name, f"file://{upstream}")
                return started - start, time.perf_counter() - started

            with ThreadPoolExecutor(len(learners)) as pool:
                timings = list(pool.map(start_and_pull, learners))
            print(f"{len(learners)} learners at once on this machine")
            print(f"  server start: median {statistics.median(t[0] for t in timings):.1f} s; "
                  f"pull: median {statistics.median(t[1] for t in timings):.1f} s")

            def lesson(name):
                times = {}
                for notebook in ("04_routes_of_administration.ipynb",
                                 "03_mechanism_of_action.ipynb"):
                    start = time.perf_counter()
                    hub.run_notebook(name, f"{FOLDER}/notebooks/{notebook}", keep=True)
                    times[notebook[:2]] = time.perf_counter() - start
                return times

            with ThreadPoolExecutor(len(learners)) as pool:
                runs = list(pool.map(lesson, learners))
            for number in ("04", "03"):
                print(f"  Run All of {number}: median "
                      f"{statistics.median(run[number] for run in runs):.1f} s")
            memory = rss_mb_by_folder(folder)
            per_learner = [memory.get(name, 0.0) for name in learners]
            print(f"  memory per learner (server + kernels of 04 and 03 open): median "
                  f"{statistics.median(per_learner):.0f} MB, largest {max(per_learner):.0f} MB")
            print(f"  hub and proxy: {memory.get('hub and proxy', 0.0):.0f} MB")


if __name__ == "__main__":
    main()
