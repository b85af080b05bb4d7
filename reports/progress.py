"""Stage timings and progress lines for long work, printed to stderr so stdout stays clean."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class StageLog:
    """Prints `==> stage` as each stage starts and keeps its wall time for the closing summary."""

    quiet: bool = False
    timings: list[tuple[str, float]] = field(default_factory=list)

    def say(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.say(f"==> {name}")
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings.append((name, time.perf_counter() - started))

    def summary(self) -> str:
        width = max((len(name) for name, _ in self.timings), default=5)
        lines = [f"  {name:<{width}}  {seconds:7.1f} s" for name, seconds in self.timings]
        total = sum(seconds for _, seconds in self.timings)
        lines.append(f"  {'total':<{width}}  {total:7.1f} s")
        return "Stage timings:\n" + "\n".join(lines)


class Counter:
    """`label: 1,200 of 10,000` at most every `every` items and at the end."""

    def __init__(self, log: StageLog, label: str, total: int, every: int = 1000) -> None:
        self.log, self.label, self.total, self.every = log, label, total, every
        self.done = 0
        self._last_reported = 0

    def advance(self, count: int) -> None:
        self.done += count
        if self.done - self._last_reported >= self.every or self.done >= self.total:
            self._last_reported = self.done
            self.log.say(f"    {self.label}: {self.done:,} of {self.total:,}")
