"""Reminders: to each province that answers for reports still missing, one e-mail (Vietnamese unless asked
otherwise) listing each report and the day it was due, with an .xlsx template of those reports attached; whether to
send it (never twice within N days to one address; with --if-changed, only when the list changed); and the record
of what was delivered to whom. Also the national summary's 'not yet reported' figures (`not_reported`).

A unit that ended in 2025 owes its reports still, answered by the unit it became (`Due.answerable`): Phú Yên's
2025-Q2 report is asked of Đắk Lắk, in Đắk Lắk's reminder, under Phú Yên's name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from egovkpi.completeness import Due, dues, missing, rates, recent, window
from egovkpi.contacts import Contacts
from egovkpi.errors import Failure, InputError
from egovkpi.mail import POLICY, MailSettings, deliver
from egovkpi.messages import Text, t
from egovkpi.periods import Period
from egovkpi.provinces import Registry, Unit
from egovkpi.render.summary import WIDTH, nfc, wrap
from egovkpi.render.words import moment, translate, unit_name, unit_title
from egovkpi.report import Report
from egovkpi.store import Store
from egovkpi.targets import TargetsFile
from egovkpi.text import fold_words

DEFAULT_EVERY = 7  # days before an address is reminded again of the same province's reports
EVERY_ENV = "EGOVKPI_REMIND_DAYS"
MOST_MISSING = 5  # provinces named in the summary's section
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass(frozen=True)
class Outstanding:
    """The summary's 'not yet reported': the reports due since `since`, how many are missing, the rates, and the
    provinces (the units answering today) with the most missing."""

    since: dt.date
    expected: int
    missing: int
    complete: float | None  # percent received
    timely: float | None  # percent received by their due day
    most: tuple[tuple[Unit, int], ...]


def not_reported(
    store: Store, registry: Registry, targets: TargetsFile, report: Report, provinces: Sequence[str] | None,
    today: dt.date,
) -> Outstanding | None:  # fmt: skip
    """For the national summary (no --province, or one that is the nation): the reports due in the last twelve
    months on today's map; None for a province's summary."""
    if provinces and not any(scope.is_national for scope in report.scopes):
        return None
    chosen = recent(today)
    found = dues(store, registry, targets, chosen, which=34)
    per, total = rates(found, "province")
    gaps = [(rate.key, rate.expected - rate.received) for rate in per if rate.expected > rate.received]
    gaps.sort(key=lambda gap: -gap[1])  # stable: ties keep the order of the dues, the nation first, then by code
    most = tuple((registry.by_key(key), count) for key, count in gaps[:MOST_MISSING])
    since = chosen.due_since or chosen.start
    return Outstanding(since, total.expected, total.expected - total.received, total.complete, total.timely, most)


def every_days(option: int | None, env: Mapping[str, str] = os.environ) -> int:
    """--every, else EGOVKPI_REMIND_DAYS, else 7: days within which an address is not reminded again."""
    if option is not None:
        return option
    raw = env.get(EVERY_ENV, "").strip()
    if not raw:
        return DEFAULT_EVERY
    if not (raw.isascii() and raw.isdigit()) or int(raw) > 3650:
        raise InputError(t("EGOVKPI_REMIND_DAYS='{value}' is not a number of days (0-3650)", value=raw))
    return int(raw)


def owed(
    store: Store, registry: Registry, targets: TargetsFile, today: dt.date, period: Period | None,
    units: Sequence[Unit] | None,
) -> list[Due]:  # fmt: skip
    """The reports due for `period` (else those due in the last twelve months), on today's map, of `units` (and
    of the units they answer for), received or not."""
    chosen = window(today, period, period) if period is not None else recent(today)
    return dues(store, registry, targets, chosen, units=units, which=34)


@dataclass(frozen=True)
class Reminder:
    province: Unit  # the unit answering today for the reports
    owed: tuple[Due, ...]  # its missing reports, by unit, KPI and period
    to: tuple[str, ...]  # the addresses it goes to now; empty when skipped
    fingerprint: str  # of the reports listed, for --if-changed
    skipped: Text | None = None  # why it goes to nobody


@dataclass(frozen=True)
class Plan:
    reminders: list[Reminder]
    uncontacted: list[tuple[Unit, int]]  # provinces with missing reports and no address in the contacts file


def plan(
    store: Store, found: Sequence[Due], contacts: Contacts, now: dt.datetime, every: int, if_changed: bool,
    lang: str,
) -> Plan:  # fmt: skip
    """One reminder per province with missing reports: to each of its addresses not reminded of it within
    `every` days (and, with `if_changed`, not already reminded of exactly these reports). Why one goes to nobody
    is said with its times in Việt Nam time, written for a reader of `lang`."""
    groups: dict[str, list[Due]] = {}
    for due in missing(found):
        groups.setdefault(due.answerable.key, []).append(due)
    reminders, uncontacted = [], []
    for listed_dues in groups.values():
        province = listed_dues[0].answerable
        dues_of = sorted(listed_dues, key=lambda due: _order(due, province))
        addresses = contacts.of(province)
        if not addresses:
            uncontacted.append((province, len(dues_of)))
            continue
        listed = fingerprint(dues_of)
        last = _last(store, province.key)
        to, reasons = [], []
        for address in addresses:
            why = _why_not(last.get(address.lower()), listed, now, every, if_changed, lang)
            if why is None:
                to.append(address)
            else:
                reasons.append(why)
        skipped = max(reasons, key=lambda reason: reason[0])[1] if not to else None
        reminders.append(Reminder(province, tuple(dues_of), tuple(to), listed, skipped))
    return Plan(reminders, uncontacted)


def _order(due: Due, province: Unit) -> tuple[bool, str, str, str, tuple[dt.date, int]]:
    """The province's own reports first, then those of each unit it answers for; by KPI, then period."""
    return (due.unit.key != province.key, due.unit.code, due.unit.key, due.kpi.code, due.period.latest_key)


def fingerprint(owed: Sequence[Due]) -> str:
    listed = sorted([due.unit.key, due.kpi.code, str(due.period)] for due in owed)
    return hashlib.sha256(json.dumps(listed).encode()).hexdigest()


def _last(store: Store, unit: str) -> dict[str, tuple[str, str]]:
    """Each address reminded of `unit`'s reports: when it was last, and the fingerprint of what it listed."""
    found: dict[str, tuple[str, str]] = {}
    rows = store.conn.execute(
        "SELECT sent_at, recipients, fingerprint FROM reminders WHERE unit = ? ORDER BY id DESC", (unit,)
    )
    for sent_at, recipients, listed in rows:
        for address in str(recipients).split(","):
            found.setdefault(address, (str(sent_at), str(listed)))
    return found


def _why_not(
    last: tuple[str, str] | None, listed: str, now: dt.datetime, every: int, if_changed: bool, lang: str
) -> tuple[str, Text] | None:
    """None when the address is to be reminded; else when it last was, and why not again."""
    if last is None:
        return None
    sent_at, before = last
    when = dt.datetime.fromisoformat(sent_at)
    if every and now < when + dt.timedelta(days=every):
        again = (when + dt.timedelta(days=every)).isoformat()
        return sent_at, t(
            "reminded on {when}; not again before {again} (every {days} days: --every or EGOVKPI_REMIND_DAYS)",
            when=moment(sent_at, lang),
            again=moment(again, lang),
            days=every,
        )
    if if_changed and before == listed:
        return sent_at, t(
            "the same reports were missing when it was reminded on {when} (--if-changed)", when=moment(sent_at, lang)
        )
    return None


def record(store: Store, reminder: Reminder, delivered: Sequence[str], message: EmailMessage) -> None:
    """Remember what reached whom, so that a rerun does not send it to them again."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    recipients = ",".join(sorted(address.lower() for address in delivered))
    with store.transaction():
        store.conn.execute(
            "INSERT INTO reminders (sent_at, unit, recipients, fingerprint, subject, message_id) VALUES (?,?,?,?,?,?)",
            (now, reminder.province.key, recipients, reminder.fingerprint, str(message["Subject"]),
             str(message["Message-ID"])),
        )  # fmt: skip


@dataclass(frozen=True)
class Delivery:
    delivered: tuple[str, ...]
    refused: Mapping[str, str]  # address -> the server's reply
    failure: Text | None = None  # nothing delivered: why


def send(store: Store, reminder: Reminder, message: EmailMessage, settings: MailSettings) -> Delivery:
    """Send one reminder and record it for those it reached; a failure is returned, not raised, so that the other
    provinces' reminders still go."""
    try:
        refused = deliver(message, settings)
    except Failure as failure:
        return Delivery((), {}, failure.text)
    gone = {address.lower() for address in refused}
    delivered = tuple(address for address in reminder.to if address.lower() not in gone)
    if delivered:
        record(store, reminder, delivered, message)
    return Delivery(delivered, refused)


def file_name(reminder: Reminder, lang: str, today: dt.date) -> str:
    """The attachment's name, in ASCII: bao-cao-con-thieu-dak-lak-2026-11-26.xlsx."""
    stem = "bao-cao-con-thieu" if lang == "vi" else "missing-reports"
    return f"{stem}-{fold_words(unit_name(reminder.province, lang)).replace(' ', '-')}-{today.isoformat()}.xlsx"


def compose(
    reminder: Reminder, lang: str, sender: str, today: dt.date, every: int, template: bytes, name: str
) -> EmailMessage:
    """The reminder: a plain-text part of at most 78 columns, an HTML part, and the template attached."""
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = ", ".join(reminder.to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    message["Subject"] = subject(reminder, lang, today)
    body = _body(reminder, lang, today, every, name)
    message.set_content(_text(body), subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(_html(body, lang), subtype="html", charset="utf-8", cte="quoted-printable")
    message.add_attachment(template, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    message["Content-Language"] = lang
    return message


def subject(reminder: Reminder, lang: str, today: dt.date) -> str:
    said = t(
        "Reminder: {province} has {count} e-government reports missing ({day})",
        province=unit_name(reminder.province, lang),
        count=len(reminder.owed),
        day=today,
    )
    return nfc(translate(said, lang))


@dataclass(frozen=True)
class _Body:
    """What a reminder says, in its language: paragraphs, then the reports grouped, then how to send them."""

    greeting: str
    opening: str
    groups: list[tuple[str | None, list[tuple[str, list[str]]]]]  # unit heading, [(KPI line, [period lines])]
    how: str
    commands: list[list[str]]  # each command, in its lines
    closing: str


def _body(reminder: Reminder, lang: str, today: dt.date, every: int, name: str) -> _Body:
    province = unit_name(reminder.province, lang)

    def say(text: Text) -> str:
        return nfc(translate(text, lang))

    groups: list[tuple[str | None, list[tuple[str, list[str]]]]] = []
    for due in reminder.owed:
        heading = None
        if due.unit.key != reminder.province.key:
            heading = say(t("Reports of {unit}, which {province} now answers for:", unit=unit_title(due.unit, lang),
                            province=province))  # fmt: skip
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        kpis = groups[-1][1]
        kpi_line = f"{due.kpi.code}: {due.kpi.name(lang)}"
        if not kpis or kpis[-1][0] != kpi_line:
            kpis.append((kpi_line, []))
        late = due.overdue(today)
        when = t("{period}: due {due}, {days} days overdue", period=due.period, due=due.due, days=late)
        kpis[-1][1].append(say(when if late else t("{period}: due {due}", period=due.period, due=due.due)))
    first = reminder.owed[0]
    place = first.unit.full_name if first.unit.is_national else first.unit.name
    command = [
        f'egovkpi add -p "{place}" -k {first.kpi.code} \\',
        f"  --period {first.period} --value {say(t('<value>'))}",
    ]
    return _Body(
        greeting=say(t("To {province},", province=province)),
        opening=say(
            t(
                "As of {day}, these {count} e-government reports have not reached the national office. Each is "
                "listed with the day it was due:",
                day=today,
                count=len(reminder.owed),
            )
        ),
        groups=groups,
        how=say(
            t(
                "How to send them: fill in the attached file {file}, one row per report: the value (or the "
                "numerator and the denominator) and its source. Delete the rows you cannot fill yet, and send the "
                "file back in reply to this e-mail. It is recorded with the first command below; one figure at a "
                "time, with the second:",
                file=name,
            )
        ),
        commands=[[f"egovkpi import {name}"], command],
        closing=say(
            t("Sent by egovkpi; not repeated within {days} days.", days=every) if every else t("Sent by egovkpi.")
        ),
    )


def _text(body: _Body) -> str:
    lines = [*wrap(body.greeting), "", *wrap(body.opening), ""]
    for heading, kpis in body.groups:
        if heading is not None:
            lines += [*wrap(heading), ""]
        for kpi_line, periods in kpis:
            first, *rest = wrap(kpi_line, width=WIDTH - 2)
            lines += ["- " + first, *("  " + line for line in rest)]
            for period in periods:
                lines += wrap(period, indent="    ", hang="  ")
        lines.append("")
    lines += [*wrap(body.how), ""]
    for command in body.commands:
        lines += ["    " + line for line in command] + [""]
    lines += wrap(body.closing)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _html(body: _Body, lang: str) -> str:
    esc = html.escape
    style = "font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.4; color: #1f2328;"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>',
        f'<body style="margin: 0; padding: 12px; max-width: 720px; {style}">',
        f"<p>{esc(body.greeting)}</p>",
        f"<p>{esc(body.opening)}</p>",
    ]
    for heading, kpis in body.groups:
        if heading is not None:
            parts.append(f"<p><strong>{esc(heading)}</strong></p>")
        parts.append('<ul style="padding-left: 20px;">')
        for kpi_line, periods in kpis:
            code, _, name = kpi_line.partition(": ")
            items = "".join(f"<li>{esc(period)}</li>" for period in periods)
            parts.append(f"<li><code>{esc(code)}</code>: {esc(name)}<ul>{items}</ul></li>")
        parts.append("</ul>")
    parts.append(f"<p>{esc(body.how)}</p>")
    pre = "background: #f6f8fa; padding: 8px; overflow-x: auto; font-size: 13px;"
    parts += [f'<pre style="{pre}">{esc(chr(10).join(command))}</pre>' for command in body.commands]
    parts.append(f'<p style="color: #57606a;"><small>{esc(body.closing)}</small></p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
