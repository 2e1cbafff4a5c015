"""Commands that judge figures against targets: report, summary."""

import os
from pathlib import Path
from typing import Annotated

import typer

from egovkpi.cli.options import (
    DbOption,
    LangOption,
    MapOption,
    PeriodCutOption,
    ProvincesOption,
    ReportFormat,
    ReportFormatOption,
    TargetsOption,
    context,
    echo,
    given,
    path,
)

app = typer.Typer()
SUFFIXES = {
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".json": ReportFormat.json,
    ".csv": ReportFormat.csv,
    ".md": ReportFormat.markdown,
}


@app.command()
def report(
    province: ProvincesOption = None,
    period: PeriodCutOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    which: MapOption = None,
    explain: Annotated[bool, typer.Option("--explain", help="say how each rolled-up figure was made")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            parser=path,
            metavar="<path>",
            help="write the report to this file (without --format: the format its name ends in, .html if none)",
        ),
    ] = None,
    lang: LangOption = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Show attainment against the targets, for one province or every one with figures, on the 63 or 34 map."""
    from egovkpi.render import console, text
    from egovkpi.render.charts import SPARKLINE_FIGURES
    from egovkpi.report import build_report, chart_series, recent_series

    ctx = context(db, targets, lang)
    chosen = int(which.value) if which else None
    store = ctx.store()
    result = build_report(store, ctx.units, ctx.targets, province, period, ctx.today, chosen)
    if fmt is ReportFormat.table and output is not None:  # a table into a file: the format its name says
        fmt = SUFFIXES.get(output.suffix.lower(), ReportFormat.html)
    if fmt is ReportFormat.table:
        formed = ctx.units.predecessors(result.scopes[0]) if result.single else []
        sparks = recent_series(store, ctx.units, result, SPARKLINE_FIGURES) if result.single else {}
        console.print_report(result, ctx.lang, formed, explain, sparks)
        return
    if fmt is ReportFormat.html:
        from egovkpi.render.report_html import report_html

        received = None
        if not province:  # the overview: who has reported, as a heat map
            from egovkpi.completeness import overview

            received = overview(store, ctx.units, ctx.targets, result.day, result.map)
        written = report_html(result, ctx.lang, chart_series(store, ctx.units, result), received)
    else:
        written = text.report_text(result, fmt.value, ctx.lang)
    if output is None:
        echo(written)
    else:
        _write(output, written, ctx.lang)


def _write(output: Path, written: str, lang: str) -> None:
    from egovkpi.messages import t
    from egovkpi.render.words import translate
    from egovkpi.resources import write_atomically

    write_atomically(output, written.encode("utf-8"))
    typer.echo(translate(t("Wrote {path}", path=output), lang), err=True)


@app.command()
def summary(
    province: ProvincesOption = None,
    period: PeriodCutOption = None,
    lang: LangOption = None,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", parser=given, metavar="<str>", help="recipient, repeatable [env: EGOVKPI_MAIL_TO]"),
    ] = None,
    send: Annotated[bool, typer.Option("--send", help="send it; without this, print it (dry run)")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", parser=path, metavar="<path>", help="also write the message to a .eml file"),
    ] = None,
    if_changed: Annotated[
        bool, typer.Option("--if-changed", help="send only if figures or statuses changed since the last summary")
    ] = False,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """The attainment summary as an e-mail: printed (dry run), written to .eml, or sent over SMTP."""
    from egovkpi import mail
    from egovkpi.errors import InputError
    from egovkpi.messages import t
    from egovkpi.render.words import translate
    from egovkpi.report import build_report
    from egovkpi.resources import write_atomically

    ctx = context(db, targets, lang)
    settings = mail.mail_settings(os.environ, sending=send)
    recipients = mail.recipients(to or [], os.environ)
    if send and not recipients:
        raise InputError(mail.NO_RECIPIENTS)
    store = ctx.store(writing=send)
    result = build_report(store, ctx.units, ctx.targets, province or None, period, ctx.today)
    from egovkpi.report import chart_series

    charts = chart_series(store, ctx.units, result)
    from egovkpi.reminders import not_reported

    gaps = not_reported(store, ctx.units, ctx.targets, result, province, ctx.today)
    last = mail.previous(store, result, recipients, if_changed)
    pending = last.pending(recipients) or recipients  # with --if-changed: only those without an identical one
    message = mail.compose(result, ctx.lang, settings.sender, pending, charts, gaps)
    if output is not None:
        write_atomically(output, message.as_bytes())
        typer.echo(translate(t("Wrote {path}", path=output), ctx.lang), err=True)
    if not send:
        if output is None:
            echo(mail.readable(message))
        if last.unchanged:
            typer.echo(translate(mail.unchanged_text(last, recipients, ctx.lang, sending=False), ctx.lang), err=True)
        elif last.already:
            typer.echo(translate(mail.skipped_text(last, ctx.lang, sending=False), ctx.lang), err=True)
        return
    if last.unchanged:
        echo(translate(mail.unchanged_text(last, recipients, ctx.lang), ctx.lang))
        return
    if last.already:
        echo(translate(mail.skipped_text(last, ctx.lang), ctx.lang))
    sent = mail.send(store, last, message, settings, pending)  # recorded for those who got it, before any refusal
    echo(translate(mail.sent_text(message, sent.delivered), ctx.lang))
    if sent.refused:
        raise mail.refused_failure(sent, settings)
