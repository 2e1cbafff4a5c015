"""The one family of errors the command line turns into a message and an exit code."""

from __future__ import annotations

USAGE = 2  # bad command line, bad input file, bad settings
FAILURE = 1  # the input was fine but the work could not be done


class EgovError(Exception):
    """An error the user can act on: printed as one line, never as a traceback."""

    exit_code = USAGE

    def __init__(self, message: str, exit_code: int | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.problem = message  # what was wrong, without the hint
        self.hint = hint  # what is accepted, e.g. the list of KPI codes: an import says it once, not every line
        self.message = f"{message} ({hint})" if hint else message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class InputError(EgovError):
    """Bad input: a value, a name, a file the user gave us."""

    exit_code = USAGE


class Failure(EgovError):
    """Valid input, failed work: the database cannot be written, a server is down."""

    exit_code = FAILURE
