"""The SMTP settings (EGOVKPI_SMTP_*), the password's three sources, and the CA file that the server's certificate
is verified against.

The password is read from EGOVKPI_SMTP_PASSWORD; else from the first line of the file EGOVKPI_SMTP_PASSWORD_FILE
names; else, when a user is set, from `password` in the [smtp] section of the settings file (`config_path`:
$XDG_CONFIG_HOME/egovkpi/smtp.ini, else ~/.config/egovkpi/smtp.ini). A file that other users may read or write
(any of mode 0o077) is refused. The password never enters a message, a repr or a stored row: every error here
names the file and what is wrong with it, never what it holds.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from egovkpi.errors import InputError
from egovkpi.messages import Text, t

SECURITIES = ("starttls", "ssl", "none")
PASSWORD_FILE_ENV = "EGOVKPI_SMTP_PASSWORD_FILE"
CA_FILE_ENV = "EGOVKPI_SMTP_CA_FILE"
MOST = 64 * 1024  # bytes read of a password or settings file
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
    ca_file: str | None = None  # the CA certificates (PEM) to verify the server by, instead of the system's


def check_address(address: str, what: str | Text) -> str:
    cleaned = address.strip()
    if not _ADDRESS.match(cleaned):
        raise InputError(
            t("{what} '{address}' is not an e-mail address (accepted: name@example.org)", what=what, address=cleaned)
        )
    return cleaned


def config_path(env: Mapping[str, str] = os.environ) -> Path | None:
    """Where the settings file is: $XDG_CONFIG_HOME/egovkpi/smtp.ini, else ~/.config/egovkpi/smtp.ini; None when
    neither can be told (no HOME)."""
    base = env.get("XDG_CONFIG_HOME", "").strip()
    if base and os.path.isabs(base):
        return Path(base) / "egovkpi" / "smtp.ini"
    home = env.get("HOME", "").strip()
    if not home:
        try:
            home = str(Path.home())
        except (RuntimeError, KeyError):
            return None
    return Path(home) / ".config" / "egovkpi" / "smtp.ini"


def _private(path: Path) -> str:
    """The file's text, if only its owner may read or write it; refused (exit 2), never quoting what it holds."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise InputError(t("{path}: no such file (the SMTP password file)", path=path)) from None
    except OSError as exc:
        raise InputError(t("cannot read {path}: {error}", path=path, error=_why(exc))) from None
    try:
        mode = os.fstat(fd).st_mode
        if os.name != "nt" and mode & 0o077:
            raise InputError(
                t(
                    "{path} holds the SMTP password but other users may read or write it (mode {mode}); "
                    "refused: run chmod 600 {path}",
                    path=path,
                    mode=oct(stat.S_IMODE(mode))[2:].zfill(3),
                )
            )
        data = os.read(fd, MOST)
    except OSError as exc:
        raise InputError(t("cannot read {path}: {error}", path=path, error=_why(exc))) from None
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(t("{path}: is not UTF-8 text", path=path)) from None


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _from_file(path: Path) -> str:
    """The password file's first line, without its line end."""
    first = _private(path).split("\n", 1)[0].rstrip("\r")
    if not first:
        raise InputError(t("{path}: the first line is empty; it should be the SMTP password", path=path))
    return first


def _from_config(path: Path) -> str:
    """`password` in the [smtp] section of the settings file; empty if the file or the key is not there."""
    import configparser

    if not path.exists():
        return ""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(_private(path), source=str(path))
    except configparser.Error:  # its message would quote the line, the password perhaps: never shown
        raise InputError(
            t("{path} is not a settings file: expected a line [smtp], then a line password = …", path=path)
        ) from None
    return parser.get("smtp", "password", fallback="")


def password(env: Mapping[str, str], user: str) -> str:
    """EGOVKPI_SMTP_PASSWORD; else the first line of EGOVKPI_SMTP_PASSWORD_FILE; else, with a user, `password` in
    the settings file; else empty."""
    given = env.get("EGOVKPI_SMTP_PASSWORD", "")
    if given:
        return given
    named = env.get(PASSWORD_FILE_ENV, "").strip()
    if named:
        return _from_file(Path(named).expanduser())
    place = config_path(env)
    if user and place is not None:
        return _from_config(place)
    return ""


def ca_file(env: Mapping[str, str]) -> str | None:
    """EGOVKPI_SMTP_CA_FILE, checked to be a PEM file of certificates (exit 2 if not); None if unset."""
    import ssl

    named = env.get(CA_FILE_ENV, "").strip()
    if not named:
        return None
    path = Path(named).expanduser()
    if not path.is_file():
        raise InputError(t("EGOVKPI_SMTP_CA_FILE='{path}': no such file (the CA certificate, PEM)", path=path))
    try:
        ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, ValueError, OSError):
        raise InputError(
            t(
                "EGOVKPI_SMTP_CA_FILE='{path}' is not a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)",
                path=path,
            )
        ) from None
    return str(path)


def mail_settings(env: Mapping[str, str] = os.environ, sending: bool = True) -> MailSettings:
    """Read EGOVKPI_SMTP_*; refuse missing or invalid values with the variable's name (exit 2). The password and
    the CA file are read only when sending."""

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
    host, user, sender = get("HOST"), get("USER"), get("FROM")
    secret, cafile = "", None
    if sending:
        if not host:
            raise InputError(t("EGOVKPI_SMTP_HOST is not set: the SMTP server to send through (e.g. smtp.example.org)"))
        if not sender:
            raise InputError(t("EGOVKPI_SMTP_FROM is not set: the sender address (e.g. egovkpi@example.org)"))
        secret = password(env, user)
        if user and not secret:
            raise InputError(
                t(
                    "EGOVKPI_SMTP_USER is set but EGOVKPI_SMTP_PASSWORD is not, nor EGOVKPI_SMTP_PASSWORD_FILE, "
                    "nor password in {path}",
                    path=config_path(env) or "~/.config/egovkpi/smtp.ini",
                )
            )
        cafile = ca_file(env)
    sender = check_address(sender, "EGOVKPI_SMTP_FROM") if sender else "egovkpi@localhost"
    return MailSettings(host, int(port_text), user, secret, sender, security, timeout, cafile)
