"""Progress on long work: rich progress bars with counts and rates, and per-stage timings.

Bars go to stderr, only when stderr is a terminal and `--quiet` was not given (`config.QUIET`), and
only for work of at least `MIN_ITEMS` items; `--verbose` (`config.VERBOSE`) prints how long each stage
took. Neither ever touches stdout, so `--json` output stays clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from pipeline import config

MIN_ITEMS = 200


def bars_enabled(total: int | None = None) -> bool:
    return not config.QUIET and sys.stderr.isatty() and (total is None or total >= MIN_ITEMS)


def track(items: Iterable, total: int, description: str, unit: str = "items") -> Iterator:
    """Yield `items`, advancing a progress bar (count, rate, elapsed time) when enabled."""
    if not bars_enabled(total):
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    start = time.perf_counter()
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task(description, total=total, rate="")
        for done, item in enumerate(items, start=1):
            yield item
            rate = done / max(time.perf_counter() - start, 1e-9)
            progress.update(task, advance=1, rate=f"{rate:,.1f} {unit}/s")


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time a stage; with --verbose, print its duration to stderr."""
    start = time.perf_counter()
    try:
        yield
    finally:
        if config.VERBOSE:
            print(f"[{name}] {time.perf_counter() - start:.2f} s", file=sys.stderr)
