"""The command reference, generated from each command's --help: the README holds it, cog keeps it current."""

from __future__ import annotations

from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

WIDTH = 80  # the help is wrapped as on an 80-column terminal, whatever the terminal running cog


def group() -> TyperGroup:
    from egovkpi.cli import app

    command = get_command(app)
    if not isinstance(command, TyperGroup):
        raise TypeError("the egovkpi app is not a group of commands")
    return command


def help_text(*words: str) -> str:
    """What `egovkpi WORDS --help` prints."""
    from egovkpi.cli import app

    result = CliRunner().invoke(app, [*words, "--help"], terminal_width=WIDTH, env={"COLUMNS": str(WIDTH)})
    if result.exit_code != 0:
        raise RuntimeError(f"egovkpi {' '.join(words)} --help failed: {result.output}")
    return result.output


def reference() -> str:
    """Markdown: the top-level help, then each command's, in the order `egovkpi --help` lists them."""
    parts = ["```", help_text().rstrip(), "```", ""]
    for name in group().commands:
        parts += [f"### egovkpi {name}", "", "```", help_text(name).rstrip(), "```", ""]
    return "\n".join(parts)
