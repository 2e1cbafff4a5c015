"""A progress bar for a long import: on a terminal only (never in a pipe or cron), and only once a file has
taken more than a second, so a small file prints nothing but its result."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

AFTER_SECONDS = 1.0
Item = TypeVar("Item")


def tracked(
    items: Iterator[Item],
    position: Callable[[], float],
    size: float,
    label: str,
    console: Console | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[Item]:
    """`items`, with a bar of `position()` out of `size` on standard error once AFTER_SECONDS have passed."""
    if console is None and not sys.stderr.isatty():
        yield from items
        return
    started, bar, task = clock(), None, None
    try:
        for item in items:
            yield item
            now = clock()
            if bar is None and now - started > AFTER_SECONDS:
                from rich.console import Console
                from rich.progress import Progress

                bar = Progress(console=console or Console(stderr=True), transient=True)
                bar.start()
                task = bar.add_task(label, total=size or None)
            if bar is not None and task is not None:
                bar.update(task, completed=position())
    finally:
        if bar is not None:
            bar.stop()
