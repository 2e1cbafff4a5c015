"""The command that reminds provinces of the figures they owe: remind."""

import typer

app = typer.Typer()
