"""The SMTP password: its three sources in order, the refusal of a file other users may read, and never a trace of
it in what is printed (with EGOVKPI_DEBUG=1 too), stored or written, whatever fails. And a partly refused
delivery: recorded for those who got it, so that --if-changed does not send it to them again."""

from __future__ import annotations

import base64
import socket
import sqlite3
import subprocess
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from typer.testing import Result

from egovkpi.mailsettings import MailSettings, config_path
from tests.helpers import Run
from tests.processes import egovkpi, environment
from tests.test_summary import Inbox, free_port
from tests.test_tls import server_context, tls_server

PASSWORD = "S3cr3t-Pässwörd-XYZ"
TRACES = [PASSWORD.encode(), PASSWORD.encode("latin-1"), base64.b64encode(PASSWORD.encode())]  # as bytes
TO = ("--to", "x@example.org")


def accept(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == b"officer" and data.password == PASSWORD.encode()
    return AuthResult(success=True) if ok else AuthResult(success=False, handled=False)


def reject(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object) -> AuthResult:
    return AuthResult(success=False, handled=False)


def echo(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object) -> AuthResult:
    """A careless server that quotes the password it refused in its reply."""
    said = data.password.decode() if isinstance(data, LoginPassword) else "?"
    return AuthResult(success=False, handled=False, message=f"535 5.7.8 wrong password {said}")


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A user 'officer', no password anywhere yet, the settings file's folder in tmp_path/config."""
    for name in ("PASSWORD", "PASSWORD_FILE", "CA_FILE"):
        monkeypatch.delenv(f"EGOVKPI_SMTP_{name}", raising=False)
    monkeypatch.delenv("EGOVKPI_DEBUG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("EGOVKPI_SMTP_USER", "officer")
    monkeypatch.setenv("EGOVKPI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EGOVKPI_SMTP_SECURITY", "none")
    monkeypatch.setenv("EGOVKPI_SMTP_FROM", "egovkpi@phuyen.gov.vn")
    monkeypatch.setenv("EGOVKPI_SMTP_TIMEOUT", "5")
    return monkeypatch


Server = Callable[..., Inbox]


@pytest.fixture
def server(settings: pytest.MonkeyPatch) -> Iterator[Server]:
    """Starts a plain SMTP server on 127.0.0.1 with the given authenticator, and points the settings at it."""
    controllers: list[Controller] = []

    def start(authenticator: Callable[..., AuthResult] = accept) -> Inbox:
        inbox, port = Inbox(), free_port()
        controller = Controller(
            inbox, hostname="127.0.0.1", port=port, authenticator=authenticator, auth_require_tls=False
        )
        controller.start()
        controllers.append(controller)
        settings.setenv("EGOVKPI_SMTP_PORT", str(port))
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def private(path: Path, text: str, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def config_file(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    place = config_path({"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert place == tmp_path / "config" / "egovkpi" / "smtp.ini"
    return private(place, text, mode)


# the sources, in order


def test_the_password_from_the_environment(sample: Run, server: Server, settings: pytest.MonkeyPatch) -> None:
    inbox = server()
    settings.setenv("EGOVKPI_SMTP_PASSWORD", PASSWORD)
    assert sample("summary", "-p", "Phú Yên", *TO, "--send").exit_code == 0
    assert len(inbox.messages) == 1


@pytest.mark.parametrize("text", [f"{PASSWORD}\n", PASSWORD, f"{PASSWORD}\r\nsecond line\n", f"\ufeff{PASSWORD}\n"])
def test_the_password_file_first_line(
    sample: Run, server: Server, settings: pytest.MonkeyPatch, tmp_path: Path, text: str
) -> None:
    inbox = server()
    settings.setenv("EGOVKPI_SMTP_PASSWORD_FILE", str(private(tmp_path / "smtp-password", text)))
    result = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1


def test_the_password_from_the_settings_file(
    sample: Run, server: Server, settings: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inbox = server()
    config_file(tmp_path, f"# egovkpi's SMTP password\n[smtp]\npassword = {PASSWORD}\n")
    result = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1


def test_the_environment_comes_first_then_the_file_then_the_settings_file(
    sample: Run, server: Server, settings: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inbox = server()
    config_file(tmp_path, "[smtp]\npassword = wrong-from-settings\n")
    refused = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert refused.exit_code == 1 and "refused the login" in refused.output  # the settings file's was used
    settings.setenv("EGOVKPI_SMTP_PASSWORD_FILE", str(private(tmp_path / "pw", PASSWORD)))
    assert sample("summary", "-p", "Phú Yên", *TO, "--send").exit_code == 0  # the file before the settings file
    settings.setenv("EGOVKPI_SMTP_PASSWORD", "wrong-from-environment")
    refused = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert refused.exit_code == 1 and "refused the login" in refused.output  # the environment before the file
    assert len(inbox.messages) == 1


def test_the_settings_file_is_read_only_with_a_user(
    sample: Run, server: Server, settings: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inbox = server()
    settings.delenv("EGOVKPI_SMTP_USER")
    config_file(tmp_path, "[smtp]\npassword = x\n", mode=0o644)  # would be refused if it were read
    assert sample("summary", "-p", "Phú Yên", *TO, "--send").exit_code == 0
    assert len(inbox.messages) == 1


def test_no_password_anywhere_names_every_source(sample: Run, settings: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert result.exit_code == 2
    assert "EGOVKPI_SMTP_PASSWORD is not, nor EGOVKPI_SMTP_PASSWORD_FILE, nor password in " in result.output
    assert str(tmp_path / "config" / "egovkpi" / "smtp.ini") in result.output


def test_the_password_is_not_in_the_repr() -> None:
    shown = repr(MailSettings("h", 25, "officer", PASSWORD, "a@b.org", "none", 5.0))
    assert PASSWORD not in shown and "officer" in shown


# files other users may read or write


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602, 0o660])
@pytest.mark.parametrize("where", ["EGOVKPI_SMTP_PASSWORD_FILE", "settings file"])
def test_a_file_other_users_may_read_or_write_is_refused(
    sample: Run, server: Server, settings: pytest.MonkeyPatch, tmp_path: Path, mode: int, where: str
) -> None:
    inbox = server()
    if where == "settings file":
        path = config_file(tmp_path, f"[smtp]\npassword = {PASSWORD}\n", mode)
    else:
        path = private(tmp_path / "pw", PASSWORD, mode)
        settings.setenv("EGOVKPI_SMTP_PASSWORD_FILE", str(path))
    result = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"Error: {path} holds the SMTP password but other users may read or write it (mode {mode:o}); "
        f"refused: run chmod 600 {path}\n"
    )
    assert inbox.messages == []


def test_the_refusal_in_vietnamese(sample: Run, settings: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = private(tmp_path / "pw", PASSWORD, 0o644)
    settings.setenv("EGOVKPI_SMTP_PASSWORD_FILE", str(path))
    result = sample("summary", "-p", "Phú Yên", *TO, "--send", "--lang", "vi")
    assert result.exit_code == 2
    assert result.output.startswith(f"Lỗi: {path} chứa mật khẩu SMTP") and f"chmod 600 {path}" in result.output


@pytest.mark.parametrize(
    ("content", "said"),
    [(None, "no such file"), ("\nsecond\n", "the first line is empty"), (b"\xff\xfe\xfa", "is not UTF-8 text")],
)
def test_a_password_file_that_cannot_be_used_is_refused_with_exit_2(
    sample: Run, settings: pytest.MonkeyPatch, tmp_path: Path, content: str | bytes | None, said: str
) -> None:
    path = tmp_path / "pw"
    if isinstance(content, bytes):
        path.write_bytes(content)
        path.chmod(0o600)
    elif content is not None:
        private(path, content)
    settings.setenv("EGOVKPI_SMTP_PASSWORD_FILE", str(path))
    result = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert result.exit_code == 2 and said in result.output and str(path) in result.output
    assert result.output.count("\n") == 1


# never a trace of the password


def traces(result: Result, folder: Path) -> list[str]:
    """Where the password shows: what was printed, the exception CliRunner caught, the store, every file written."""
    found = []
    caught = result.exception
    shown = [("output", result.output.encode())]
    if caught is not None and not isinstance(caught, SystemExit):
        shown.append(("traceback", "".join(traceback.format_exception(caught)).encode()))
    for path in folder.rglob("*"):
        if path.is_file() and path.name not in ("pw", "smtp.ini"):
            shown.append((str(path), path.read_bytes()))
    for where, data in shown:
        for trace in TRACES:
            if trace in data:
                found.append(f"{where}: {trace!r}")
    return found


def silent_server() -> tuple[socket.socket, int]:
    quiet = socket.socket()
    quiet.bind(("127.0.0.1", 0))
    quiet.listen()
    return quiet, int(quiet.getsockname()[1])


FAILURES = [
    "login refused",
    "password quoted by the server",
    "connection refused",
    "timeout",
    "certificate not verified",
    "bad port",
    "password file readable by others",
    "settings file readable by others",
    "settings file without a section",
    "every recipient refused",
    "one recipient refused",
]


@pytest.mark.parametrize("debug", ["", "1"])
@pytest.mark.parametrize("failure", FAILURES)
def test_no_failure_shows_stores_or_writes_the_password(
    sample: Run, server: Server, settings: pytest.MonkeyPatch, tmp_path: Path, failure: str, debug: str
) -> None:
    settings.setenv("EGOVKPI_DEBUG", debug)
    settings.setenv("EGOVKPI_SMTP_PASSWORD", PASSWORD)
    to = "x@example.org"
    quiet = None
    if failure in ("login refused", "password quoted by the server"):
        server(reject if failure == "login refused" else echo)
    elif failure == "connection refused":
        settings.setenv("EGOVKPI_SMTP_PORT", str(free_port()))
    elif failure == "timeout":
        quiet, port = silent_server()
        settings.setenv("EGOVKPI_SMTP_PORT", str(port))
        settings.setenv("EGOVKPI_SMTP_TIMEOUT", "0.5")
    elif failure == "bad port":
        settings.setenv("EGOVKPI_SMTP_PORT", "abc")
    elif failure in ("password file readable by others", "settings file readable by others"):
        settings.delenv("EGOVKPI_SMTP_PASSWORD")
        server()
        if failure.startswith("password"):
            settings.setenv("EGOVKPI_SMTP_PASSWORD_FILE", str(private(tmp_path / "pw", PASSWORD, 0o644)))
        else:
            config_file(tmp_path, f"[smtp]\npassword = {PASSWORD}\n", 0o644)
    elif failure == "settings file without a section":
        settings.delenv("EGOVKPI_SMTP_PASSWORD")
        config_file(tmp_path, f"password = {PASSWORD}\n")
    elif failure in ("every recipient refused", "one recipient refused"):
        server()
        to = "nobody@refused.example" if failure.startswith("every") else "x@example.org,nobody@refused.example"
    try:
        if failure == "certificate not verified":
            ca = trustme.CA()
            with tls_server(Inbox(), "starttls", server_context(ca, "127.0.0.1")) as port:
                settings.setenv("EGOVKPI_SMTP_PORT", str(port))
                settings.setenv("EGOVKPI_SMTP_SECURITY", "starttls")
                result = sample("summary", "-p", "Phú Yên", "--to", to, "--send", "-o", "sent.eml")
        else:
            result = sample("summary", "-p", "Phú Yên", "--to", to, "--send", "-o", "sent.eml")
    finally:
        if quiet is not None:
            quiet.close()
    assert result.exit_code in (1, 2), result.output
    assert result.output.count("\n") <= 3, result.output  # Wrote, what was sent, one line of what failed
    assert traces(result, tmp_path) == []
    if failure == "password quoted by the server":
        assert "wrong password ***" in result.output


def test_no_traceback_quotes_it_in_a_real_process(tmp_path: Path) -> None:
    """The installed command, EGOVKPI_DEBUG=1: stdout and stderr of a refused login and of a refused file."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=echo, auth_require_tls=False)
    controller.start()
    try:
        pw = private(tmp_path / "pw", PASSWORD, 0o644)
        base = {
            "EGOVKPI_DEBUG": "1", "EGOVKPI_SMTP_HOST": "127.0.0.1", "EGOVKPI_SMTP_PORT": str(port),
            "EGOVKPI_SMTP_SECURITY": "none", "EGOVKPI_SMTP_FROM": "a@example.org", "EGOVKPI_SMTP_USER": "officer",
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "EGOVKPI_SMTP_TIMEOUT": "5",
        }  # fmt: skip
        runs = [{"EGOVKPI_SMTP_PASSWORD": PASSWORD}, {"EGOVKPI_SMTP_PASSWORD_FILE": str(pw)}]
        for extra in runs:
            env = environment(tmp_path / "figures.db", **base, **extra)
            for name in ("EGOVKPI_SMTP_PASSWORD", "EGOVKPI_SMTP_PASSWORD_FILE", "EGOVKPI_SMTP_CA_FILE"):
                if name not in extra:
                    env.pop(name, None)
            done = subprocess.run(
                [egovkpi(), "summary", "--to", "x@example.org", "--send"],
                env=env, cwd=tmp_path, capture_output=True, timeout=60,
            )  # fmt: skip
            assert done.returncode in (1, 2), done.stderr
            assert b"Traceback" not in done.stderr
            for trace in TRACES:
                assert trace not in done.stdout + done.stderr, (extra, done.stderr)
    finally:
        controller.stop()


# a partly refused delivery


def rows(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return [(str(r[0]), str(r[1])) for r in conn.execute("SELECT recipients, fingerprint FROM summaries")]


def test_a_partly_refused_summary_is_recorded_for_those_who_got_it(
    run: Run, server: Server, settings: pytest.MonkeyPatch, isolated: Path
) -> None:
    settings.delenv("EGOVKPI_SMTP_USER")
    inbox = server()
    run.add("--value", "10")
    args = ("summary", "-p", "Phú Yên", "--to", "x@example.org,nobody@refused.example", "--send", "--if-changed")
    first = run(*args)
    assert first.exit_code == 1
    assert first.stdout.startswith("Sent '") and " to x@example.org (<" in first.stdout
    assert first.stderr.startswith("Error: the SMTP server 127.0.0.1:")
    assert "refused some recipients: nobody@refused.example (550 5.1.1 no such mailbox)" in first.stderr
    assert [rcpts for rcpts, _ in inbox.messages] == [["x@example.org"]]
    assert [recipients for recipients, _ in rows(isolated / "figures.db")] == ["x@example.org"]

    again = run(*args)  # x@example.org has it: only the refused one is tried, and refused again
    assert again.exit_code == 1
    assert again.stdout.startswith("Unchanged for x@example.org since ")
    assert "refused every recipient: nobody@refused.example" in again.stderr
    assert len(inbox.messages) == 1

    other = run("summary", "-p", "Phú Yên", "--to", "x@example.org,y@example.org", "--send", "--if-changed")
    assert other.exit_code == 0, other.output
    [_, (rcpts, message)] = inbox.messages
    assert rcpts == ["y@example.org"] and message["To"] == "y@example.org"
    both = run("summary", "-p", "Phú Yên", "--to", "x@example.org,y@example.org", "--send", "--if-changed")
    assert both.exit_code == 0 and "nothing sent" in both.output
    assert len(inbox.messages) == 2

    run.add("--value", "60")  # changed: everyone gets it again
    changed = run("summary", "-p", "Phú Yên", "--to", "x@example.org,y@example.org", "--send", "--if-changed")
    assert changed.exit_code == 0 and len(inbox.messages) == 3
    assert sorted(inbox.messages[-1][0]) == ["x@example.org", "y@example.org"]
    recorded = [recipients for recipients, _ in rows(isolated / "figures.db")]
    assert recorded == ["x@example.org", "y@example.org", "x@example.org,y@example.org"]
