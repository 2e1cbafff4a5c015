"""The one family of errors the command line turns into a message and an exit code."""

from __future__ import annotations

from egovkpi.messages import Text

USAGE = 2  # bad command line, bad input file, bad settings
FAILURE = 1  # the input was fine but the work could not be done


class EgovError(Exception):
    """An error the user can act on: printed as one line, never as a traceback."""

    exit_code = USAGE

    def __init__(self, message: str | Text, exit_code: int | None = None, hint: str | Text = "") -> None:
        self.text = message if isinstance(message, Text) else Text(message)  # what was wrong, to translate
        self.hint_text = hint if isinstance(hint, Text) else Text(hint)  # what is accepted: said once in an import
        self.problem = str(self.text)  # in English
        self.hint = str(self.hint_text)
        self.message = f"{self.problem} ({self.hint})" if self.hint else self.problem
        super().__init__(self.message)
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
