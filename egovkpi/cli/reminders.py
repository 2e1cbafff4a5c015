"""The command that reminds provinces of the figures they owe: remind."""

import os
from pathlib import Path
from typing import Annotated

import typer

from egovkpi.cli.options import DbOption, Lang, TargetsOption, context, echo, given, path
from egovkpi.periods import Period, parse_period

app = typer.Typer()


@app.command()
def remind(
    period: Annotated[
        Period | None,
        typer.Option(
            "--period",
            parser=parse_period,
            metavar="<period>",
            help="the reports for this period [default: every report due in the last 12 months]",
        ),
    ] = None,
    province: Annotated[
        list[str] | None,
        typer.Option(
            "--province",
            "-p",
            parser=given,
            metavar="<name>",
            help="a province (with the units it answers for), repeatable [default: every one with missing reports]",
        ),
    ] = None,
    contacts: Annotated[
        Path | None,
        typer.Option(
            "--contacts",
            parser=path,
            metavar="<path>",
            help="the addresses of each province [env: EGOVKPI_CONTACTS; default: ./contacts.yaml]",
        ),
    ] = None,
    send: Annotated[bool, typer.Option("--send", help="send them; without this, print them (dry run)")] = False,
    if_changed: Annotated[
        bool,
        typer.Option(
            "--if-changed", help="remind a province only if its missing reports changed since its last reminder"
        ),
    ] = False,
    every: Annotated[
        int | None,
        typer.Option(
            "--every",
            min=0,
            max=3650,
            metavar="<days>",
            help="do not remind an address again within so many days; 0: no limit "
            "[env: EGOVKPI_REMIND_DAYS; default: 7]",
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            case_sensitive=False,
            help="language of the reminders [default: vi] and of what is printed [default: EGOVKPI_LANG, the locale]",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", parser=path, metavar="<folder>", help="also write each message as .eml there"),
    ] = None,
    db: DbOption = None,
    targets: TargetsOption = None,
) -> None:
    """Remind each province of the figures it owes: one e-mail with what is missing and a template to fill."""
    import datetime as dt

    from egovkpi import mail, reminders
    from egovkpi.contacts import contacts_path, load_contacts
    from egovkpi.errors import InputError
    from egovkpi.exporting.template import template_xlsx
    from egovkpi.messages import t
    from egovkpi.render.words import translate, unit_name
    from egovkpi.resources import write_atomically

    ctx = context(db, targets, lang)
    said = ctx.lang  # what is printed; the reminders themselves are in Vietnamese unless --lang says otherwise
    written = lang.value if lang else "vi"
    days = reminders.every_days(every, os.environ)
    settings = mail.mail_settings(os.environ, sending=send)
    book = load_contacts(contacts_path(contacts), ctx.units, ctx.today)
    units = [ctx.units.match(name) for name in province] if province else None
    if output is not None and not output.exists() and output.parent.is_dir():
        output.mkdir()  # a new folder for the .eml files, in a folder that exists (never a chain of them)
    if output is not None and not output.is_dir():
        raise InputError(t("{path} is not a folder; give an existing folder with --output", path=output))
    store = ctx.store(writing=send)
    found = reminders.owed(store, ctx.units, ctx.targets, ctx.today, period, units)
    now = dt.datetime.now(dt.timezone.utc)
    planned = reminders.plan(store, found, book, now, days, if_changed, said)
    if not planned.reminders and not planned.uncontacted:
        echo(translate(t("Nothing to remind: every report due has been received"), said))
        return
    failures = []
    for reminder in planned.reminders:
        name = unit_name(reminder.province, said)
        if reminder.skipped is not None:
            why = t("{province}: not reminded: {reason}", province=name, reason=reminder.skipped)
            if not send:
                why = t("{province}: --send would not remind it: {reason}", province=name, reason=reminder.skipped)
            echo(translate(why, said))
            continue
        attachment = reminders.file_name(reminder, written, ctx.today)
        template = template_xlsx(reminder.owed, ctx.units, ctx.targets, written)
        message = reminders.compose(reminder, written, settings.sender, ctx.today, days, template, attachment)
        if output is not None:
            eml = output / attachment.replace(".xlsx", ".eml")
            write_atomically(eml, message.as_bytes())
            typer.echo(translate(t("Wrote {path}", path=eml), said), err=True)
        if not send:
            if output is None:
                echo(mail.readable(message))
            continue
        delivery = reminders.send(store, reminder, message, settings)
        if delivery.delivered:
            echo(translate(mail.sent_text(message, delivery.delivered), said))
        if delivery.failure is not None:
            failures.append(t("{province}: {problem}", province=name, problem=delivery.failure))
        elif delivery.refused:
            refused = ", ".join(f"{address} ({reply})" for address, reply in delivery.refused.items())
            failures.append(
                t("{province}: the SMTP server refused {refused}; the others got the reminder", province=name,
                  refused=refused)
            )  # fmt: skip
    for unit, count in planned.uncontacted:
        warning = t(
            "Warning: {province} has {count} reports missing and no address in {path}; not reminded",
            province=unit_name(unit, said),
            count=count,
            path=book.path,
        )
        typer.echo(translate(warning, said), err=True)
    for failure in failures:
        typer.echo(f"{'Lỗi' if said == 'vi' else 'Error'}: {translate(failure, said)}", err=True)
    if failures:
        raise typer.Exit(1)
