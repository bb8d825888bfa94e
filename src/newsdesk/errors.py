"""Named errors with numbered, one-line messages.

Every message names the thing at fault (a file, a line, an option) and what to do. The CLI
prints ``newsdesk: error: <message>`` and exits with status 2; nothing here should ever reach
a user as a traceback.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(NewsdeskError):
    """An input file or record cannot be read as an article."""

    code = "E100"

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(NewsdeskError):
    """The store cannot do what was asked: each kind of failure has its own code and words."""

    KINDS: dict[str, tuple[str, str]] = {
        "read-only": ("E401", "database is read-only"),
        "locked": ("E402", "database is locked by another process (try again when it finishes)"),
        "full": ("E403", "disk is full; the last batch was rolled back, nothing half-written"),
        "not-a-store": ("E404", "is not a newsdesk database (or is damaged)"),
        "unopenable": ("E405", "cannot be opened (check the folder exists and is writable)"),
        "newer": ("E406", "made by a newer newsdesk"),
        "missing": ("E407", "no such database"),
        "database": ("E400", "database error"),
    }

    def __init__(self, path: str, kind: str, detail: str = "") -> None:
        self.code, words = self.KINDS[kind]
        self.path, self.kind = path, kind
        self.problem = f"{words}: {detail}" if detail else words
        super().__init__(f"{path}: {self.problem}")


class OptionError(NewsdeskError):
    """An option has a value newsdesk cannot use."""

    code = "E200"


class UnknownMethodError(OptionError):
    """A registry was asked for a name it does not hold."""

    code = "E201"


class ModelUnavailableError(NewsdeskError):
    """A model-backed method was asked for, but its package or weights are missing."""

    code = "E300"


# Problems an input can have; one place so messages stay consistent and testable.
EMPTY = "file is empty"
BINARY = "looks like a binary file, not text"
MISSING = "no such file or folder"
NO_TEXT = "no article text found"


def no_articles(extensions: tuple[str, ...]) -> str:
    """Message for a folder with no file that a reader takes (``extensions``: what they take)."""
    return f"folder holds no readable articles ({', '.join(extensions)})"


def too_large(size: int, limit: int) -> str:
    """Message for a file over the size limit."""
    return f"file is too large ({size / 1e6:.1f} MB > {limit / 1e6:.1f} MB limit); split it or raise --max-mb"
