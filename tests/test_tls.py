"""Delivery over STARTTLS and SSL to a real TLS server on 127.0.0.1 with a test CA (trustme): trusted through
EGOVKPI_SMTP_CA_FILE, refused (exit 1, one line) when the certificate does not verify."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller

from tests.helpers import Run
from tests.test_summary import Inbox, authenticator, free_port

TO = ("--to", "x@example.org")


def server_context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    """The server's side: a certificate for `names`, signed by `ca`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    return context


@contextmanager
def tls_server(inbox: Inbox, security: str, context: ssl.SSLContext) -> Iterator[int]:
    """An SMTP server on 127.0.0.1: TLS from the first byte (ssl), or STARTTLS required before anything (starttls);
    a login only over TLS. Yields its port."""
    port = free_port()
    if security == "ssl":
        controller = Controller(  # aiosmtpd does not know the whole connection is TLS: it allows the login
            inbox, hostname="127.0.0.1", port=port, ssl_context=context, authenticator=authenticator,
            auth_require_tls=False,
        )  # fmt: skip
    else:
        controller = Controller(
            inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
            authenticator=authenticator,
        )  # fmt: skip
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def mail_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """Settings for a server on 127.0.0.1, no CA file, no user, no settings file of the user's."""
    for name in ("USER", "PASSWORD", "PASSWORD_FILE", "CA_FILE"):
        monkeypatch.delenv(f"EGOVKPI_SMTP_{name}", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("EGOVKPI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EGOVKPI_SMTP_FROM", "egovkpi@phuyen.gov.vn")
    monkeypatch.setenv("EGOVKPI_SMTP_TIMEOUT", "5")
    return monkeypatch


def pem(ca: trustme.CA, folder: Path, name: str = "office-ca.pem") -> Path:
    path = folder / name
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_delivered_over_tls_with_the_office_ca(
    sample: Run, mail_env: pytest.MonkeyPatch, ca: trustme.CA, tmp_path: Path, security: str
) -> None:
    inbox = Inbox()
    with tls_server(inbox, security, server_context(ca, "127.0.0.1", "localhost")) as port:
        mail_env.setenv("EGOVKPI_SMTP_PORT", str(port))
        mail_env.setenv("EGOVKPI_SMTP_SECURITY", security)
        mail_env.setenv("EGOVKPI_SMTP_CA_FILE", str(pem(ca, tmp_path)))
        mail_env.setenv("EGOVKPI_SMTP_USER", "officer")  # the server takes a login over TLS only
        from tests.test_summary import PASSWORD

        mail_env.setenv("EGOVKPI_SMTP_PASSWORD", PASSWORD)
        result = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert result.exit_code == 0, result.output
    [(rcpts, message)] = inbox.messages
    assert rcpts == ["x@example.org"] and message["Subject"].startswith("Phú Yên:")


@pytest.mark.parametrize("security", ["starttls", "ssl"])
@pytest.mark.parametrize("trusted", ["system", "another CA", "wrong name"])
def test_a_certificate_that_does_not_verify_is_refused(
    sample: Run, mail_env: pytest.MonkeyPatch, ca: trustme.CA, tmp_path: Path, security: str, trusted: str
) -> None:
    names = ("mail.example.org",) if trusted == "wrong name" else ("127.0.0.1", "localhost")
    if trusted == "another CA":
        mail_env.setenv("EGOVKPI_SMTP_CA_FILE", str(pem(trustme.CA(), tmp_path, "other.pem")))
    if trusted == "wrong name":
        mail_env.setenv("EGOVKPI_SMTP_CA_FILE", str(pem(ca, tmp_path)))
    inbox = Inbox()
    with tls_server(inbox, security, server_context(ca, *names)) as port:
        mail_env.setenv("EGOVKPI_SMTP_PORT", str(port))
        mail_env.setenv("EGOVKPI_SMTP_SECURITY", security)
        result = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: the certificate of the SMTP server 127.0.0.1:{port} did not verify (")
    assert "set EGOVKPI_SMTP_CA_FILE" in result.output and result.output.count("\n") == 1
    assert inbox.messages == []


def test_the_refusal_in_vietnamese(sample: Run, mail_env: pytest.MonkeyPatch, ca: trustme.CA) -> None:
    inbox = Inbox()
    with tls_server(inbox, "ssl", server_context(ca, "127.0.0.1")) as port:
        mail_env.setenv("EGOVKPI_SMTP_PORT", str(port))
        mail_env.setenv("EGOVKPI_SMTP_SECURITY", "ssl")
        result = sample("summary", "-p", "Phú Yên", *TO, "--send", "--lang", "vi")
    assert result.exit_code == 1
    assert result.output.startswith("Lỗi: chứng thư của máy chủ SMTP 127.0.0.1:")
    assert "EGOVKPI_SMTP_CA_FILE" in result.output and result.output.count("\n") == 1


def test_remind_verifies_by_the_ca_file_too(
    run: Run, mail_env: pytest.MonkeyPatch, ca: trustme.CA, tmp_path: Path
) -> None:
    (tmp_path / "contacts.yaml").write_text("contacts:\n  Hà Nội: [so@hanoi.example.org]\n", encoding="utf-8")
    remind = ("remind", "-p", "Hà Nội", "--period", "2025-H1", "--send")
    inbox = Inbox()
    with tls_server(inbox, "starttls", server_context(ca, "127.0.0.1")) as port:
        mail_env.setenv("EGOVKPI_SMTP_PORT", str(port))
        mail_env.setenv("EGOVKPI_SMTP_SECURITY", "starttls")
        refused = run(*remind)
        assert refused.exit_code == 1, refused.output
        assert "did not verify" in refused.output and inbox.messages == []
        mail_env.setenv("EGOVKPI_SMTP_CA_FILE", str(pem(ca, tmp_path)))
        sent = run(*remind)
    assert sent.exit_code == 0, sent.output
    assert [rcpts for rcpts, _ in inbox.messages] == [["so@hanoi.example.org"]]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "no such file"),
        (b"not a certificate\n", "is not a PEM file of CA certificates"),
        (b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "is not a PEM file of CA certificates"),
    ],
)
def test_a_ca_file_that_is_not_one_is_refused_with_exit_2(
    sample: Run, mail_env: pytest.MonkeyPatch, tmp_path: Path, content: bytes | None, said: str
) -> None:
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_bytes(content)
    mail_env.setenv("EGOVKPI_SMTP_PORT", str(free_port()))  # nothing listens: it never gets that far
    mail_env.setenv("EGOVKPI_SMTP_CA_FILE", str(path))
    result = sample("summary", "-p", "Phú Yên", *TO, "--send")
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: EGOVKPI_SMTP_CA_FILE='{path}'") and said in result.output
    assert result.output.count("\n") == 1


def test_the_dry_run_does_not_read_the_ca_file(sample: Run, mail_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mail_env.setenv("EGOVKPI_SMTP_CA_FILE", str(tmp_path / "absent.pem"))
    assert sample("summary", "-p", "Phú Yên", *TO).exit_code == 0
