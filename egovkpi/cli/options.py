"""Options shared by the commands, defined once; and the typed context each command builds once."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from egovkpi.periods import Period, parse_period

if TYPE_CHECKING:
    from egovkpi.provinces import Registry
    from egovkpi.store import Store
    from egovkpi.targets import TargetsFile


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class RecordFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class DecimalMark(str, Enum):
    comma = "comma"
    dot = "dot"


class UnitMap(str, Enum):
    old = "63"
    new = "34"


class Lang(str, Enum):
    vi = "vi"
    en = "en"


def given(text: str) -> str:
    """A value the user must give: empty or blank text is refused (an empty --period is not 'no period')."""
    if not text.strip():
        raise typer.BadParameter("is empty")
    return text


def path(text: str) -> Path:
    return Path(given(text))


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        parser=path,
        metavar="<path>",
        help="SQLite store [env: EGOVKPI_DB; default: in the user's application folder]",
    ),
]
TargetsOption = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        parser=path,
        metavar="<path>",
        help="targets file [env: EGOVKPI_TARGETS; default: ./targets.yaml, else the packaged one]",
    ),
]
ProvinceOption = Annotated[
    str,
    typer.Option(
        "--province",
        "-p",
        parser=given,
        metavar="<str>",
        help="province name (diacritics optional), code, or 'national'",
    ),
]
ProvincesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--province", "-p", parser=given, metavar="<str>", help="repeatable; default: every scope with figures"
    ),
]
KpiOption = Annotated[
    str, typer.Option("--kpi", "-k", parser=given, metavar="<str>", help="KPI code from targets.yaml")
]
DecimalOption = Annotated[
    DecimalMark | None,
    typer.Option(
        "--decimal",
        case_sensitive=False,
        help="the decimal mark, for numbers such as 12.000 that read two ways: comma (12.000 is twelve thousand) "
        "or dot; without it such numbers are refused",
    ),
]
PeriodOption = Annotated[
    str, typer.Option("--period", parser=given, metavar="<str>", help="2019, 2019-H1, 2019-Q4 or 2019-12")
]
PeriodCutOption = Annotated[
    Period | None,
    typer.Option("--period", parser=parse_period, metavar="<period>", help="judge as at the end of this period"),
]
ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help="output format")]
RecordFormatOption = Annotated[RecordFormat, typer.Option("--format", "-f", case_sensitive=False, help="output format")]
MapOption = Annotated[
    UnitMap | None,
    typer.Option(
        "--map",
        help="the map of units: 63 (until 30 June 2025) or 34 (from 1 July 2025, earlier periods rolled up from the "
        "units that formed each) [default: the one the period is on]",
    ),
]
LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", case_sensitive=False, help="language [env: EGOVKPI_LANG; default: from the locale]"),
]


@dataclass(frozen=True)
class Context:
    """What a command works with: where the store and targets are, the reader's language, and today."""

    db_option: Path | None
    targets_option: Path | None
    lang: str  # vi or en
    today: dt.date

    @cached_property
    def units(self) -> Registry:
        from egovkpi.provinces import registry

        return registry()

    @cached_property
    def targets(self) -> TargetsFile:
        from egovkpi.settings import targets_path
        from egovkpi.targets import load_targets

        return load_targets(targets_path(self.targets_option), self.units)

    def store_exists(self) -> bool:
        from egovkpi.settings import db_path

        return db_path(self.db_option).exists()

    def forget_new_store(self, store: Store) -> None:
        """Remove a store this command created if it is still empty (an import that stored nothing)."""
        from egovkpi.settings import db_path

        if store.conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0]:
            return
        store.conn.close()
        path = db_path(self.db_option)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)

    def store(self, writing: bool = False) -> Store:
        """The store, to read (it must exist) or to write (created if missing; only the default folder is made)."""
        from egovkpi.settings import db_path, default_db_path
        from egovkpi.storefile import open_store

        path = db_path(self.db_option)
        store = open_store(path, writing=writing, make_folder=path == default_db_path())
        OPENED.append(store)
        return store


OPENED: list[Store] = []  # the stores this command run opened, closed when it ends (`close_stores`)


def close_stores() -> None:
    """Close every store the command opened: an in-process run (tests, a script) leaves no connection behind to
    hold a lock or write the file when it is collected."""
    while OPENED:
        OPENED.pop().conn.close()


def context(db: Path | None = None, targets: Path | None = None, lang: Lang | None = None) -> Context:
    """The context of one command run, judged on today's date; a bad language setting is refused first."""
    from egovkpi.records import vietnam_today
    from egovkpi.settings import language

    return Context(db, targets, language(lang.value if lang else None), vietnam_today())


def echo(text: str) -> None:
    """Text on stdout, ending in exactly one newline."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def show_records(title: str, rows: Sequence[dict[str, Any]], columns: list[str], fmt: RecordFormat, lang: str) -> None:
    """Records (history, targets, provinces) as JSON, CSV or a table."""
    from egovkpi.render import console, text

    if fmt is RecordFormat.json:
        echo(text.to_json(rows))
    elif fmt is RecordFormat.csv:
        echo(text.to_csv(rows, columns))
    else:
        console.print_records(title, rows, columns, lang)
