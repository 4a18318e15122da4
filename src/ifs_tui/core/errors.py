"""Errors the person can act on.

Messages name files, lines and fields, never the private text inside a part
or a reflection: an error may be pasted into a bug report.
"""

from __future__ import annotations

from dataclasses import dataclass


class IfsError(Exception):
    """A problem with input or data. The CLI prints it on one line and exits 1."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as precisely as we can."""

    file: str
    field: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"

    def short(self) -> str:
        """As str(), with the file's name only: for a line on a screen."""
        import os

        return str(Problem(os.path.basename(self.file), self.field, self.message, self.line,
                           self.column, self.severity))

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "severity": self.severity,
            "file": self.file,
            "field": self.field,
            "message": self.message,
        }
        if self.line is not None:
            data["line"] = self.line
        if self.column is not None:
            data["column"] = self.column
        return data


class MapFormatError(IfsError):
    """map.toml could not be parsed or validated; it is never written over."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0])
        more = len(problems) - 1
        if more:
            first += f" (and {more} more; run 'ifs check' to see all)"
        super().__init__(first)


class MapNotFound(IfsError):
    pass


class MapConflict(IfsError):
    """The file changed on disk since it was read."""


class MapBusy(IfsError):
    pass


class PartNotFound(IfsError):
    pass


class InvalidInput(IfsError):
    pass


class NameTaken(InvalidInput):
    """A part with that name is in the map already (`part_id` says which)."""

    def __init__(self, message: str, part_id: str) -> None:
        super().__init__(message)
        self.part_id = part_id


class WriteFailed(IfsError):
    pass
