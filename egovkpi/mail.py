"""The summary e-mail: whether to send it again, composing it, and sending it through smtplib (its settings, the
password and the CA file: `mailsettings`, re-exported here)."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formatdate, make_msgid, parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from egovkpi.errors import Failure
from egovkpi.mailsettings import SECURITIES as SECURITIES  # re-exported: the settings live in mailsettings.py
from egovkpi.mailsettings import MailSettings as MailSettings
from egovkpi.mailsettings import check_address as check_address
from egovkpi.mailsettings import config_path as config_path
from egovkpi.mailsettings import mail_settings as mail_settings
from egovkpi.messages import Text, t
from egovkpi.render.html import Series, summary_html
from egovkpi.render.summary import mail_text, subject
from egovkpi.render.words import moment, say
from egovkpi.report import Report
from egovkpi.store import Store

RECIPIENT = t("recipient")
NO_RECIPIENTS = t("no recipients: give --to ADDRESS or set EGOVKPI_MAIL_TO (comma-separated)")


def recipients(option: Sequence[str], env: Mapping[str, str]) -> list[str]:
    """--to (repeatable, commas allowed), else EGOVKPI_MAIL_TO (comma-separated)."""
    raw = list(option) or [env.get("EGOVKPI_MAIL_TO", "")]
    found = [part for item in raw for part in item.split(",") if part.strip()]
    return [check_address(address, RECIPIENT) for address in found]


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
    """What --if-changed compares against: for each recipient, the last summary recorded as delivered to them."""

    recipients: str  # sorted, lower-case, comma-separated
    fingerprint: str  # of the report about to be sent
    sent_at: str | None  # when every recipient had last got an identical summary (the latest); None if one had not
    already: Mapping[str, str] = field(default_factory=dict)  # lower-case address -> when it got an identical one

    @property
    def unchanged(self) -> bool:
        return self.sent_at is not None

    def pending(self, to: Sequence[str]) -> list[str]:
        """The recipients still to be sent it: those who did not get an identical summary last time."""
        return [address for address in to if address.lower() not in self.already]


def previous(store: Store, report: Report, to: Sequence[str], if_changed: bool) -> Previous:
    """Whether the summary about to go to `to` repeats, for each recipient, the last one delivered to them (only
    asked with --if-changed). A recipient who got an identical summary is skipped, the others are sent it: after
    a partly refused delivery, a rerun sends it to those refused only."""
    addresses = sorted({address.lower() for address in to})
    current = fingerprint(report)
    already: dict[str, str] = {}
    for address in addresses if if_changed else []:
        last = store.last_summary(address)
        if last is not None and last[0] == current:
            already[address] = last[1]
    sent_at = max(already.values()) if addresses and len(already) == len(addresses) else None
    return Previous(",".join(addresses), current, sent_at, already)


def remember(store: Store, sent: Previous, message: EmailMessage, delivered: Sequence[str]) -> None:
    """Record a summary for those it was delivered to, for the next --if-changed."""
    key = ",".join(sorted({address.lower() for address in delivered}))
    store.record_summary(key, str(message["Subject"]), str(message["Message-ID"]), sent.fingerprint)


def skipped_text(last: Previous, lang: str, sending: bool = True) -> Text:
    """What `summary --if-changed` says of the recipients who already got an identical summary, when others did not."""
    when = moment(max(last.already.values(), default=""), lang)
    who = ", ".join(sorted(last.already))
    if sending:
        return t("Unchanged for {recipients} since {sent_at}: not sent to them again", recipients=who, sent_at=when)
    return t(
        "Unchanged for {recipients} since {sent_at}: --send would not send it to them", recipients=who, sent_at=when
    )


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
    from egovkpi.reminders import Outstanding

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


def compose(
    report: Report,
    lang: str,
    sender: str,
    to: Sequence[str],
    series: Series | None = None,
    gaps: Outstanding | None = None,
) -> EmailMessage:
    """The summary e-mail: a plain-text part and an HTML part with each KPI's chart when `series` is given, and the
    reports not yet received when `gaps` is given (the national summary: `reminders.not_reported`)."""
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    message["Subject"] = subject(report, lang)
    message.set_content(mail_text(report, lang, gaps), subtype="plain", charset="utf-8", cte="quoted-printable")
    page = summary_html(report, lang, series, gaps)
    message.add_alternative(page, subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = lang  # after the parts: making it multipart moves Content-* headers into them
    return message


def readable(message: EmailMessage) -> str:
    """The whole message for a person, in its own language (its Content-Language): its headers, the date in Việt Nam
    time, then each part decoded, and an attachment by its name and size."""
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
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if name is not None:  # an attachment: named, not shown
            size = len(part.get_payload(decode=True) or b"")
            lines += ["", f"--- {part.get_content_type()}: {name} ({size} B) ---"]
            continue
        lines += ["", f"--- {part.get_content_type()} ---", str(part.get_content()).rstrip("\n")]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Sent:
    delivered: tuple[str, ...]  # the recipients the server took it for
    refused: Mapping[str, str]  # address -> the server's reply


def send(store: Store, last: Previous, message: EmailMessage, settings: MailSettings, to: Sequence[str]) -> Sent:
    """Deliver the summary to `to` and record it for those who got it, before a refused recipient is said: a rerun
    with --if-changed then sends it to the refused ones only. Nothing delivered: one Failure line (exit 1)."""
    refused = deliver(message, settings)
    gone = {address.lower() for address in refused}
    delivered = tuple(address for address in to if address.lower() not in gone)
    if delivered:
        remember(store, last, message, delivered)
    return Sent(delivered, refused)


def refused_failure(sent: Sent, settings: MailSettings) -> Failure:
    """The line (exit 1) for the recipients the server refused while the others got the summary."""
    listed = ", ".join(f"{address} ({reply})" for address, reply in sent.refused.items())
    return Failure(
        t(
            "the SMTP server {where} refused some recipients: {refused}; the others got the summary",
            where=f"{settings.host}:{settings.port}",
            refused=listed,
        )
    )


def deliver(message: EmailMessage, settings: MailSettings) -> dict[str, str]:
    """Deliver through the SMTP server and return the recipients it refused, with its reply, when it took the
    message for the others; any other failure (every recipient refused, too) becomes one Failure line (exit 1),
    never the password: should a server's reply quote it, it is shown as ***."""
    try:
        return _deliver(message, settings)
    except Failure as failure:
        if settings.password and settings.password in str(failure.text):
            raise Failure(_hidden(failure.text, settings.password)) from None
        raise


def _hidden(text: Text, secret: str) -> Text:
    values = {
        name: _hidden(value, secret) if isinstance(value, Text) else str(value).replace(secret, "***")
        for name, value in text.values.items()
    }
    return Text(text.template, values)


def _deliver(message: EmailMessage, settings: MailSettings) -> dict[str, str]:
    import smtplib
    import ssl

    where = f"{settings.host}:{settings.port}"
    silent = t(
        "the SMTP server {where} did not answer within {seconds} s", where=where, seconds=f"{settings.timeout:g}"
    )
    try:
        context = ssl.create_default_context(cafile=settings.ca_file)  # the office's own CA, else the system's
    except (ssl.SSLError, OSError) as exc:  # checked with the settings, but gone or changed since
        raise Failure(
            t("cannot use EGOVKPI_SMTP_CA_FILE='{path}': {error}", path=settings.ca_file, error=exc)
        ) from None
    try:
        client: smtplib.SMTP
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        try:
            client.ehlo()
            if settings.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if settings.user:
                _login(client, settings.user, settings.password)
            refused = client.send_message(message)
            with contextlib.suppress(smtplib.SMTPException, OSError):
                client.quit()  # delivered: a server that hangs up before its goodbye changes nothing
        finally:
            client.close()  # never QUIT after a failure: over a failed TLS handshake it would hide the failure
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
    except ssl.SSLCertVerificationError as exc:
        raise Failure(
            t(
                "the certificate of the SMTP server {where} did not verify ({error}); if the server's certificate "
                "is signed by your office's own CA, set EGOVKPI_SMTP_CA_FILE to that CA's certificate (PEM)",
                where=where,
                error=exc.verify_message or exc.reason or exc,
            )
        ) from None
    except ssl.SSLError as exc:
        raise Failure(
            t("TLS with the SMTP server {where} failed: {error}", where=where, error=exc.reason or exc)
        ) from None
    except OSError as exc:
        raise Failure(
            t("cannot reach the SMTP server {where}: {error}", where=where, error=exc.strerror or exc)
        ) from None
    return {address: _reply(error) for address, error in refused.items()}


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
