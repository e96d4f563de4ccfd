"""Shared timing helpers for the benchmark scripts (they print; they never assert)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence


def median_ms(action: Callable[[int], object], repeat: int = 50, warmup: int = 3) -> float:
    """Median wall time of ``action(i)`` in milliseconds, after ``warmup`` untimed calls."""
    for index in range(warmup):
        action(index)
    times = []
    for index in range(repeat):
        start = time.perf_counter()
        action(index)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def cycle(values: Sequence) -> Callable[[int], object]:
    """The i-th value, cycling: so each timed call sets a value different from the last."""
    return lambda index: values[index % len(values)]


def report(name: str, milliseconds: float, target: float | None = None) -> str:
    verdict = "" if target is None else ("  (target met)" if milliseconds <= target
                                         else f"  (over the {target:g} ms target)")
    line = f"{name:<58} {milliseconds:8.1f} ms{verdict}"
    print(line)
    return line
