"""The command reference, generated from each command's --help: the README holds it, cog keeps it current."""

from __future__ import annotations

from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

from egovkpi.launch import SAVED_WIDTH

WIDTH = 80  # the help is wrapped as on an 80-column terminal, whatever the terminal running cog


def group() -> TyperGroup:
    from egovkpi.cli import app

    command = get_command(app)
    if not isinstance(command, TyperGroup):
        raise TypeError("the egovkpi app is not a group of commands")
    return command


def help_text(*words: str, width: int = WIDTH) -> str:
    """What `egovkpi WORDS --help` prints, wrapped at `width`."""
    from egovkpi.cli import app

    result = CliRunner().invoke(app, [*words, "--help"], terminal_width=width, env={"COLUMNS": str(width)})
    if result.exit_code != 0:
        raise RuntimeError(f"egovkpi {' '.join(words)} --help failed: {result.output}")
    return result.output


def reference() -> str:
    """Markdown: the top-level help, then each command's, in the order `egovkpi --help` lists them."""
    parts = ["```", help_text().rstrip(), "```", ""]
    for name in group().commands:
        parts += [f"### egovkpi {name}", "", "```", help_text(name).rstrip(), "```", ""]
    return "\n".join(parts)


def saved_help() -> dict[str, str]:
    """The help `egovkpi.launch` answers from, as an 80-column terminal shows it (click wraps at its width less 2):
    the top level's under "", each command's under its name."""
    width = SAVED_WIDTH - 2
    return {"": help_text(width=width), **{name: help_text(name, width=width) for name in group().commands}}


if __name__ == "__main__":  # python -m egovkpi.cli.docs: save the help again after a command or option changed
    import json
    from pathlib import Path

    target = Path(__file__).resolve().parent.parent / "help.json"
    target.write_text(json.dumps(saved_help(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
