"""One problem found in an extract, worded so a person can act on it: the file, the column, the lines, what
was expected and what was found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Finding:
    check: str
    file: str
    expected: str
    column: str | None = None
    lines: tuple[int, ...] = ()
    values: tuple[str, ...] = ()
    fatal: bool = True

    def message(self) -> str:
        where = self.file + (f", column {self.column}" if self.column else "")
        if self.lines:
            where += f", line{'s' if len(self.lines) > 1 else ''} {', '.join(map(str, self.lines))}"
        found = f" (found {', '.join(repr(v) for v in self.values)})" if self.values else ""
        return f"{where}: expected {self.expected}{found} [{self.check}]"

    def as_row(self) -> dict[str, Any]:
        """The finding for the data-quality page (reports/contexts.py) and the work folder's JSON."""
        return {
            "check": self.check,
            "file": self.file,
            "column": self.column,
            "lines": list(self.lines),
            "values": list(self.values),
            "expected": self.expected,
            "fatal": self.fatal,
            "message": self.message(),
        }

    def as_warning(self) -> Finding:
        return Finding(
            self.check, self.file, self.expected, self.column, self.lines, self.values, fatal=False
        )
