from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from egovkpi.records import vietnam_today
from tests.helpers import Run

PASSWORD = "s3cret-Mật-khẩu"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.raw: list[bytes] = []  # each message as it arrived

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)  # the controller does not decode: decode_data is False
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.raw.append(envelope.content)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


def authenticator(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == b"officer" and data.password == PASSWORD.encode()
    return AuthResult(success=True) if ok else AuthResult(success=False, handled=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticator, auth_require_tls=False)
    controller.start()
    monkeypatch.setenv("EGOVKPI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EGOVKPI_SMTP_PORT", str(port))
    monkeypatch.setenv("EGOVKPI_SMTP_SECURITY", "none")
    monkeypatch.setenv("EGOVKPI_SMTP_FROM", "egovkpi@phuyen.gov.vn")
    monkeypatch.setenv("EGOVKPI_SMTP_TIMEOUT", "5")
    try:
        yield inbox
    finally:
        controller.stop()


def parts(message: EmailMessage) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.iter_parts()}


def test_send_delivers_a_complete_message(sample: Run, smtp: Inbox) -> None:
    result = sample("summary", "--province", "Phú Yên", "--to", "x@example.org", "--send", "--lang", "vi")
    assert result.exit_code == 0, result.output
    [(rcpts, message)] = smtp.messages
    assert rcpts == ["x@example.org"]
    for header in ("From", "To", "Date", "Message-ID", "Subject"):
        assert message[header], header
    today = f"{vietnam_today():%d/%m/%Y}"
    assert re.fullmatch(rf"Phú Yên: đạt 0/\d+ chỉ tiêu Chính phủ điện tử \({today}\)", message["Subject"])
    body = parts(message)
    assert set(body) == {"text/plain", "text/html"}
    assert "192.577" in body["text/plain"] and "Phú Yên" in body["text/plain"]
    assert "chưa có số liệu" in body["text/html"] and "<table" in body["text/html"]
    assert result.output.startswith("Đã gửi ") and message["Message-ID"] in result.output


def test_plain_text_is_aligned(sample: Run, smtp: Inbox) -> None:
    sample("summary", "-p", "national", "--to", "x@example.org", "--send")
    text = parts(smtp.messages[0][1])["text/plain"]
    assert max(len(line) for line in text.splitlines()) <= 78
    header = next(line for line in text.splitlines() if "Status" in line)
    status_column = header.index("Status")
    rows = [line for line in text.splitlines() if line.endswith(("met", "missed", "no data", "no target"))]
    assert rows and all(row.startswith("    ") for row in rows)
    assert all(len(line) >= status_column and line[status_column - 2 : status_column] == "  " for line in rows)
    assert "Online public services at level 4" in text and "…" not in text


def legacy_subject(raw: bytes) -> str:
    """The Subject as an older reader decodes it: unfolded (RFC 5322 2.2.3), decode_header, make_header."""
    from email.header import decode_header, make_header

    value = email.message_from_bytes(raw, policy=email.policy.compat32)["Subject"]
    assert isinstance(value, str)
    return str(make_header(decode_header(re.sub(r"\r?\n(?=[ \t])", "", value))))


@pytest.mark.parametrize(
    "provinces",
    [["Nam Định"], ["Phú Yên", "Tiền Giang"], ["Phú Yên", "Tiền Giang", "Nam Định"], ["national", "Hà Nội"]],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_subject_arrives_exactly_as_printed(sample: Run, smtp: Inbox, provinces: list[str], lang: str) -> None:
    scope = [arg for name in provinces for arg in ("-p", name)]
    result = sample("summary", *scope, "--to", "x@example.org", "--send", "--lang", lang)
    assert result.exit_code == 0, result.output
    printed = re.search(r"'(.+)' (?:to|tới) x@example.org", result.output)
    assert printed, result.output
    [(_, message)] = smtp.messages
    [raw] = smtp.raw
    assert message["Subject"] == printed[1]
    assert legacy_subject(raw) == printed[1]
    assert all(len(line) <= 78 for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n"))


def test_user_text_is_escaped_in_html(run: Run, smtp: Inbox) -> None:
    run.add("--value", "10", "--source", '<script>alert("x")</script> & "Sở"')
    run("summary", "-p", "Phú Yên", "--to", "x@example.org", "--send")
    html = parts(smtp.messages[0][1])["text/html"]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Sở&quot;" in html


def test_several_provinces_in_one_message(sample: Run, smtp: Inbox) -> None:
    result = sample("summary", "-p", "Phú Yên", "-p", "Tiền Giang", "--to", "a@example.org,b@example.org", "--send")
    assert result.exit_code == 0, result.output
    [(rcpts, message)] = smtp.messages
    assert sorted(rcpts) == ["a@example.org", "b@example.org"]
    assert message["Subject"].startswith("Phú Yên, Tiền Giang: 1/")
    text = parts(message)["text/plain"]
    assert "Phú Yên" in text and "Tiền Giang" in text


def test_overview_and_recipients_from_environment(sample: Run, smtp: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_MAIL_TO", "lanh.dao@example.org, van.phong@example.org")
    result = sample("summary", "--send", "--period", "2025-06")
    assert result.exit_code == 0, result.output
    [(rcpts, message)] = smtp.messages
    assert len(rcpts) == 2 and message["Subject"].startswith("All provinces:")
    assert "Nam Định" in parts(message)["text/plain"]


def test_login_with_user_and_password(sample: Run, smtp: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_SMTP_USER", "officer")
    monkeypatch.setenv("EGOVKPI_SMTP_PASSWORD", PASSWORD)
    result = sample("summary", "-p", "Phú Yên", "--to", "x@example.org", "--send")
    assert result.exit_code == 0, result.output
    assert len(smtp.messages) == 1


def test_wrong_password_is_one_line_exit_1_without_the_password(
    sample: Run, smtp: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EGOVKPI_SMTP_USER", "officer")
    monkeypatch.setenv("EGOVKPI_SMTP_PASSWORD", "wrong-" + PASSWORD)
    result = sample("summary", "-p", "Phú Yên", "--to", "x@example.org", "--send")
    assert result.exit_code == 1
    assert result.output.startswith("Error: the SMTP server 127.0.0.1:") and "refused the login" in result.output
    assert result.output.count("\n") == 1 and PASSWORD not in result.output
    assert smtp.messages == []


def test_server_down(sample: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EGOVKPI_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("EGOVKPI_SMTP_SECURITY", "none")
    monkeypatch.setenv("EGOVKPI_SMTP_FROM", "egovkpi@example.org")
    result = sample("summary", "-p", "Phú Yên", "--to", "x@example.org", "--send")
    assert result.exit_code == 1
    assert "cannot reach the SMTP server 127.0.0.1:" in result.output and result.output.count("\n") == 1


def test_server_that_never_answers_times_out(sample: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        monkeypatch.setenv("EGOVKPI_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("EGOVKPI_SMTP_PORT", str(silent.getsockname()[1]))
        monkeypatch.setenv("EGOVKPI_SMTP_SECURITY", "none")
        monkeypatch.setenv("EGOVKPI_SMTP_FROM", "egovkpi@example.org")
        monkeypatch.setenv("EGOVKPI_SMTP_TIMEOUT", "0.5")
        result = sample("summary", "-p", "Phú Yên", "--to", "x@example.org", "--send")
    assert result.exit_code == 1 and "did not answer within 0.5 s" in result.output


def test_starttls_not_offered(sample: Run, smtp: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_SMTP_SECURITY", "starttls")
    result = sample("summary", "-p", "Phú Yên", "--to", "x@example.org", "--send")
    assert result.exit_code == 1 and "EGOVKPI_SMTP_SECURITY" in result.output
    assert smtp.messages == []


def test_recipient_refused(sample: Run, smtp: Inbox) -> None:
    result = sample("summary", "-p", "Phú Yên", "--to", "nobody@refused.example", "--send")
    assert result.exit_code == 1 and "refused every recipient: nobody@refused.example (550" in result.output


def test_if_changed_sends_once_per_change(run: Run, smtp: Inbox, isolated: Path) -> None:
    args = ("summary", "-p", "Phú Yên", "--to", "x@example.org", "--send", "--if-changed")
    run("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "10")
    assert run(*args).exit_code == 0
    second = run(*args)
    assert second.exit_code == 0 and "nothing sent" in second.output
    other = run("summary", "-p", "Phú Yên", "--to", "y@example.org", "--send", "--if-changed")
    assert other.exit_code == 0 and "Sent" in other.output  # other recipients: their own history
    run("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019", "--value", "60")
    assert "Sent" in run(*args).output
    assert len(smtp.messages) == 3
    import sqlite3

    with sqlite3.connect(isolated / "figures.db") as conn:
        rows = conn.execute("SELECT recipients, subject, message_id FROM summaries ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["x@example.org", "y@example.org", "x@example.org"]
    assert all(r[2].startswith("<") for r in rows)


def test_dry_run_prints_and_connects_to_nothing(sample: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EGOVKPI_SMTP_PORT", str(free_port()))  # nothing listens: a connection would fail
    result = sample("summary", "-p", "Phú Yên", "--to", "x@example.org")
    assert result.exit_code == 0, result.output
    assert re.search(r"Subject: Phú Yên: 0/\d+ e-government targets met", result.output)
    assert "--- text/plain ---" in result.output and "--- text/html ---" in result.output


def test_output_writes_an_eml_file(sample: Run, isolated: Path) -> None:
    result = sample("summary", "-p", "Phú Yên", "--to", "x@example.org", "--output", "week.eml")
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes((isolated / "week.eml").read_bytes(), policy=email.policy.default)
    assert message["Subject"].startswith("Phú Yên:")
    assert "192,577" in parts(message)["text/plain"]


BASE = {"EGOVKPI_SMTP_HOST": "h", "EGOVKPI_SMTP_FROM": "a@b.org"}
TO = ["--to", "x@example.org"]


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        ({}, TO, "EGOVKPI_SMTP_HOST is not set"),
        ({"EGOVKPI_SMTP_HOST": "h"}, TO, "EGOVKPI_SMTP_FROM is not set"),
        (BASE, [], "no recipients"),
        (BASE, ["--to", "not-an-address"], "not an e-mail"),
        ({**BASE, "EGOVKPI_SMTP_PORT": "abc"}, TO, "EGOVKPI_SMTP_PORT='abc'"),
        ({**BASE, "EGOVKPI_SMTP_SECURITY": "tls"}, TO, "EGOVKPI_SMTP_SECURITY='tls'"),
        ({**BASE, "EGOVKPI_SMTP_TIMEOUT": "-1"}, TO, "EGOVKPI_SMTP_TIMEOUT='-1'"),
        ({**BASE, "EGOVKPI_SMTP_USER": "u"}, TO, "EGOVKPI_SMTP_PASSWORD is not"),
    ],
)
def test_settings_refused_with_exit_2(
    sample: Run, monkeypatch: pytest.MonkeyPatch, env: dict[str, Any], args: list[str], message: str
) -> None:
    for name in ("HOST", "PORT", "USER", "PASSWORD", "FROM", "SECURITY", "TIMEOUT"):
        monkeypatch.delenv(f"EGOVKPI_SMTP_{name}", raising=False)
    monkeypatch.delenv("EGOVKPI_MAIL_TO", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = sample("summary", "-p", "Phú Yên", "--send", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and result.output.count("\n") == 1
