"""The summary e-mail: its settings, whether to send it again, composing it, and sending it through smtplib."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formatdate, make_msgid, parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from egovkpi.errors import Failure, InputError
from egovkpi.messages import Text, t
from egovkpi.render.html import Series, summary_html
from egovkpi.render.summary import mail_text, subject
from egovkpi.render.words import moment, say
from egovkpi.report import Report
from egovkpi.store import Store

SECURITIES = ("starttls", "ssl", "none")
_ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$|^[^@\s<>,;]+@localhost$")


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    sender: str
    security: str
    timeout: float


RECIPIENT = t("recipient")
NO_RECIPIENTS = t("no recipients: give --to ADDRESS or set EGOVKPI_MAIL_TO (comma-separated)")


def check_address(address: str, what: str | Text) -> str:
    cleaned = address.strip()
    if not _ADDRESS.match(cleaned):
        raise InputError(
            t("{what} '{address}' is not an e-mail address (accepted: name@example.org)", what=what, address=cleaned)
        )
    return cleaned


def recipients(option: Sequence[str], env: Mapping[str, str]) -> list[str]:
    """--to (repeatable, commas allowed), else EGOVKPI_MAIL_TO (comma-separated)."""
    raw = list(option) or [env.get("EGOVKPI_MAIL_TO", "")]
    found = [part for item in raw for part in item.split(",") if part.strip()]
    return [check_address(address, RECIPIENT) for address in found]


def mail_settings(env: Mapping[str, str] = os.environ, sending: bool = True) -> MailSettings:
    """Read EGOVKPI_SMTP_*; refuse missing or invalid values with the variable's name (exit 2)."""

    def get(name: str, default: str = "") -> str:
        return env.get(f"EGOVKPI_SMTP_{name}", default).strip()

    security = get("SECURITY", "starttls").lower()
    if security not in SECURITIES:
        raise InputError(
            t("EGOVKPI_SMTP_SECURITY='{value}' is not one of {choices}", value=security, choices=", ".join(SECURITIES))
        )
    default_port = {"starttls": "587", "ssl": "465", "none": "25"}[security]
    port_text = get("PORT", default_port)
    if not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
        raise InputError(t("EGOVKPI_SMTP_PORT='{value}' is not a port number (1-65535)", value=port_text))
    timeout_text = get("TIMEOUT", "30")
    try:
        timeout = float(timeout_text) if timeout_text.isascii() else -1.0
    except ValueError:
        timeout = -1.0
    if not 0 < timeout <= 3600:
        raise InputError(t("EGOVKPI_SMTP_TIMEOUT='{value}' is not a number of seconds (0-3600)", value=timeout_text))
    host, user, password, sender = get("HOST"), get("USER"), env.get("EGOVKPI_SMTP_PASSWORD", ""), get("FROM")
    if sending:
        if not host:
            raise InputError(t("EGOVKPI_SMTP_HOST is not set: the SMTP server to send through (e.g. smtp.example.org)"))
        if not sender:
            raise InputError(t("EGOVKPI_SMTP_FROM is not set: the sender address (e.g. egovkpi@example.org)"))
        if user and not password:
            raise InputError(t("EGOVKPI_SMTP_USER is set but EGOVKPI_SMTP_PASSWORD is not"))
    sender = check_address(sender, "EGOVKPI_SMTP_FROM") if sender else "egovkpi@localhost"
    return MailSettings(host, int(port_text), user, password, sender, security, timeout)


def fingerprint(report: Report) -> str:
    """What --if-changed compares: each scope, KPI, figure, target and status shown."""
    shown = [
        [
            r.scope.key,
            r.kpi.code,
            r.figure.period if r.figure else None,
            r.figure.value if r.figure else None,
            r.target.value if r.target else None,
            r.status,
        ]
        for r in report.results
    ]
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class Previous:
    """What --if-changed compares against: the last summary sent to exactly these recipients."""

    recipients: str  # sorted, lower-case, comma-separated
    fingerprint: str  # of the report about to be sent
    sent_at: str | None  # when an identical summary was last sent to them; None if it changed or never went

    @property
    def unchanged(self) -> bool:
        return self.sent_at is not None


def previous(store: Store, report: Report, to: Sequence[str], if_changed: bool) -> Previous:
    """Whether the summary about to go to `to` repeats the last one they were sent (only asked with --if-changed)."""
    key = ",".join(sorted(address.lower() for address in to))
    current = fingerprint(report)
    last = store.last_summary(key) if if_changed else None
    sent_at = last[1] if last is not None and last[0] == current else None
    return Previous(key, current, sent_at)


def remember(store: Store, sent: Previous, message: EmailMessage) -> None:
    """Record a sent summary, for the next --if-changed."""
    store.record_summary(sent.recipients, str(message["Subject"]), str(message["Message-ID"]), sent.fingerprint)


def sent_text(message: EmailMessage, to: Sequence[str]) -> Text:
    """What `summary --send` says it did: the subject exactly as the recipients read it, to whom, which message."""
    return t(
        "Sent '{subject}' to {recipients} ({message_id})",
        subject=str(message["Subject"]),
        recipients=", ".join(to),
        message_id=str(message["Message-ID"]),
    )


def unchanged_text(last: Previous, to: Sequence[str], lang: str, sending: bool = True) -> Text:
    """What `summary --if-changed` says when the summary repeats the last one sent (when: in Việt Nam time)."""
    when = moment(last.sent_at or "", lang)
    if sending:
        return t(
            "Unchanged since the summary sent to {recipients} on {sent_at}; nothing sent",
            recipients=", ".join(to),
            sent_at=when,
        )
    return t("Unchanged since the summary sent on {sent_at}: --send would not send it", sent_at=when)


if TYPE_CHECKING:
    _EmailPolicy = EmailPolicy[EmailMessage]
else:
    _EmailPolicy = EmailPolicy  # generic only in the type stubs


class SummaryPolicy(_EmailPolicy):
    """The default policy, but the Subject is folded by `email.header.Header`, so that it decodes to exactly the text.

    The default policy's folder (CPython's `_refold_parse_tree`) drops the space where it splits a long non-ASCII
    header into RFC 2047 encoded words ('Chính phủ' reached the recipient as 'Chínhphủ'), and starts a long
    header's value on a line of its own, which Python's own parser reads back with a leading space. Header keeps
    every space inside the encoded text (UTF-8) or folds plain ASCII before a space it keeps, and a reader drops
    only the folding whitespace between encoded words, as RFC 2047 says. Lines stay within 78 characters and the
    header within ASCII, even over SMTPUTF8, where encoded words are still valid.
    """

    def fold(self, name: str, value: str) -> str:
        if name.lower() != "subject":
            return str(super().fold(name, value))
        text = str(value)
        header = Header(text, "us-ascii" if text.isascii() else "utf-8", header_name=name)
        encoded = header.encode(maxlinelen=self.max_line_length or 78, linesep=self.linesep)
        return f"{name}: {encoded}{self.linesep}"

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() != "subject":
            return super().fold_binary(name, value)
        return self.fold(name, value).encode("ascii")


POLICY = SummaryPolicy()


def compose(report: Report, lang: str, sender: str, to: Sequence[str], series: Series | None = None) -> EmailMessage:
    """The summary e-mail: a plain-text part and an HTML part with each KPI's chart when `series` is given."""
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    message["Subject"] = subject(report, lang)
    message.set_content(mail_text(report, lang), subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(summary_html(report, lang, series), subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = lang  # after the parts: making it multipart moves Content-* headers into them
    return message


def readable(message: EmailMessage) -> str:
    """The whole message for a person, in its own language (its Content-Language): its headers, the date in Việt Nam
    time, then each part decoded."""
    lang = "vi" if str(message["Content-Language"] or "") == "vi" else "en"
    sent = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    when = moment(sent.isoformat(), lang) if sent is not None else ""
    lines = [
        f"{say(lang, 'mail_from')}: {message['From']}",
        f"{say(lang, 'mail_to')}: {message['To']}",
        f"{say(lang, 'mail_date')}: {when}",
        f"Message-ID: {message['Message-ID']}",
        f"{say(lang, 'mail_subject')}: {message['Subject']}",
    ]
    for part in message.iter_parts():
        lines += ["", f"--- {part.get_content_type()} ---", part.get_content().rstrip("\n")]
    return "\n".join(lines) + "\n"


def send(message: EmailMessage, settings: MailSettings) -> None:
    """Deliver through the SMTP server; every failure becomes one Failure line (exit 1), never the password."""
    import smtplib
    import ssl

    where = f"{settings.host}:{settings.port}"
    silent = t(
        "the SMTP server {where} did not answer within {seconds} s", where=where, seconds=f"{settings.timeout:g}"
    )
    try:
        client: smtplib.SMTP
        if settings.security == "ssl":
            context = ssl.create_default_context()
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            client.ehlo()
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if settings.user:
                _login(client, settings.user, settings.password)
            refused = client.send_message(message)
    except TimeoutError:
        raise Failure(silent) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise Failure(
            t(
                "the SMTP server {where} refused the login for user '{user}' ({reply})",
                where=where,
                user=settings.user,
                reply=_reply(exc),
            )
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        if "STARTTLS" in str(exc):
            unsupported = t(
                "the SMTP server {where} does not support this: {error}; set EGOVKPI_SMTP_SECURITY to ssl or none",
                where=where,
                error=exc,
            )
        else:
            unsupported = t("the SMTP server {where} does not support this: {error}", where=where, error=exc)
        raise Failure(unsupported) from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused_all = ", ".join(f"{address} ({_reply(error)})" for address, error in exc.recipients.items())
        raise Failure(
            t("the SMTP server {where} refused every recipient: {refused}", where=where, refused=refused_all)
        ) from None
    except smtplib.SMTPSenderRefused as exc:
        raise Failure(
            t(
                "the SMTP server {where} refused the sender {sender} ({reply})",
                where=where,
                sender=exc.sender,
                reply=_reply(exc),
            )
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        if "timed out" in str(exc):
            raise Failure(silent) from None
        raise Failure(t("the SMTP server {where} closed the connection: {error}", where=where, error=exc)) from None
    except smtplib.SMTPException as exc:
        raise Failure(t("the SMTP server {where} failed: {error}", where=where, error=exc)) from None
    except ssl.SSLError as exc:
        raise Failure(
            t("TLS with the SMTP server {where} failed: {error}", where=where, error=exc.reason or exc)
        ) from None
    except OSError as exc:
        raise Failure(
            t("cannot reach the SMTP server {where}: {error}", where=where, error=exc.strerror or exc)
        ) from None
    if refused:
        listed = ", ".join(f"{address} ({_reply(error)})" for address, error in refused.items())
        raise Failure(
            t(
                "the SMTP server {where} refused some recipients: {refused}; the others got the summary",
                where=where,
                refused=listed,
            )
        )


def _login(client: Any, user: str, password: str) -> None:
    """LOGIN through smtplib; a non-ASCII user or password (smtplib sends ASCII only) as UTF-8 AUTH PLAIN."""
    import base64
    import smtplib

    if user.isascii() and password.isascii():
        client.login(user, password)
        return
    client.ehlo_or_helo_if_needed()
    if not client.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = client.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _reply(error: object) -> str:
    code = getattr(error, "smtp_code", None)
    text = getattr(error, "smtp_error", b"")
    if isinstance(error, tuple):
        code, text = error
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {message}".strip()
