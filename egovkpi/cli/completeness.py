"""Commands about who has reported: missing, completeness."""

import typer

app = typer.Typer()
