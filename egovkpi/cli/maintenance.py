"""Commands that keep the store safe: backup, check."""

import typer

app = typer.Typer()
