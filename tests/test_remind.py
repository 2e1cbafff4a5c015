"""egovkpi remind: one reminder per province with missing reports, delivered to a real SMTP server on 127.0.0.1 with
its recipients, in Vietnamese, with the template attached; not repeated within N days; recorded as delivered.
And the national summary's 'not yet reported' section."""

from __future__ import annotations

import email
import email.policy
import io
import re
import socket
import sqlite3
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.helpers import Run

PERIOD = ["--period", "2025-H1"]  # due in July 2025: owed whatever day the tests run
SCOPE = ["-p", "Hà Nội", "-p", "Huế", "-p", "Đắk Lắk"]
CONTACTS = """\
contacts:
  Hà Nội: van.thu@hanoi.example.org
  Huế: [so.tttt@hue.example.org, VP@hue.example.org]
  Phú Yên: luu.tru@phuyen.example.org   # merged into Đắk Lắk: its office is reminded with Đắk Lắk's
  Đắk Lắk: stttt@daklak.example.org
"""


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((sorted(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    def by_subject(self) -> dict[str, list[str]]:
        """Each reminder's province (from its subject) and who got it."""
        found = {}
        for rcpts, message in self.messages:
            province = re.match(r"Nhắc việc: (.+) còn thiếu", message["Subject"])
            assert province, message["Subject"]
            found[province[1]] = rcpts
        return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("EGOVKPI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EGOVKPI_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("EGOVKPI_SMTP_SECURITY", "none")
    monkeypatch.setenv("EGOVKPI_SMTP_FROM", "egovkpi@vpcp.example.org")
    monkeypatch.setenv("EGOVKPI_SMTP_TIMEOUT", "5")
    monkeypatch.delenv("EGOVKPI_REMIND_DAYS", raising=False)
    try:
        yield inbox
    finally:
        controller.stop()


def fill(workbook: bytes, value: float = 42.5) -> Path:
    """The template with every value cell filled, saved as filled.xlsx (received on a day in the past: a figure
    recorded today is received on today's date in Việt Nam, which may be tomorrow where the tests run)."""
    import datetime as dt

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        row[header.index("Giá trị")].value = value
        row[header.index("Nguồn")].value = "Báo cáo số 12/BC-UBND"
        row[header.index("Ngày nhận")].value = dt.date(2025, 8, 1)
    book.save("filled.xlsx")
    return Path("filled.xlsx")


def rows(workbook: bytes) -> list[tuple[object, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook))
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def attachment(message: EmailMessage) -> tuple[str, bytes]:
    [part] = list(message.iter_attachments())
    content = part.get_content()
    assert isinstance(content, bytes)
    return str(part.get_filename()), content


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")


@pytest.fixture
def gaps(run: Run, isolated: Path) -> Run:
    """A store in which Hà Nội has sent everything for 2025-H1, Huế and Đắk Lắk (with Phú Yên) nothing; contacts."""
    (isolated / "contacts.yaml").write_text(CONTACTS, encoding="utf-8")
    for quarter in ("2025-Q1", "2025-Q2"):
        done = run.add(
            "--value", "61.5", "--received", "2025-07-10", province="Hà Nội", kpi="dossiers_fully_online",
            period=quarter,
        )  # fmt: skip
        assert done.exit_code == 0, done.output
    return run


def test_one_reminder_per_province_with_missing_reports(gaps: Run, smtp: Inbox) -> None:
    result = gaps("remind", *SCOPE, *PERIOD, "--send")
    assert result.exit_code == 0, result.output
    assert smtp.by_subject() == {
        "Huế": ["VP@hue.example.org", "so.tttt@hue.example.org"],
        "Đắk Lắk": ["luu.tru@phuyen.example.org", "stttt@daklak.example.org"],
    }  # none to Hà Nội, which has reported everything
    assert result.output.count("Sent 'Nhắc việc: ") == 2
    message = next(message for _, message in smtp.messages if "Đắk Lắk" in message["Subject"])
    assert message["Subject"].startswith("Nhắc việc: Đắk Lắk còn thiếu 4 báo cáo Chính phủ điện tử (")
    assert message["Content-Language"] == "vi"
    text = text_of(message)
    assert text.startswith("Kính gửi Đắk Lắk,\n")
    assert "Báo cáo của Phú Yên, nay do Đắk Lắk chịu trách nhiệm:" in text
    assert "kỳ 2025-Q1: hạn nộp 15/04/2025, đã quá hạn " in text and "kỳ 2025-Q2: hạn nộp 15/07/2025" in text
    assert "Tỷ lệ hồ sơ thủ tục hành chính được xử lý hoàn toàn" in text
    assert max(len(line) for line in text.splitlines()) <= 78
    name, workbook = attachment(message)
    assert re.fullmatch(r"bao-cao-con-thieu-dak-lak-\d{4}-\d\d-\d\d\.xlsx", name)
    assert f"egovkpi import {name}" in text
    table = rows(workbook)
    assert table[0][:6] == ("Tỉnh", "Mã tỉnh", "Chỉ tiêu", "Tên chỉ tiêu", "Kỳ", "Giá trị")
    assert [row[:3] + row[4:6] for row in table[1:]] == [
        ("Phú Yên", "54", "dossiers_fully_online", "2025-Q1", None),
        ("Phú Yên", "54", "dossiers_fully_online", "2025-Q2", None),
        ("Đắk Lắk", "66", "dossiers_fully_online", "2025-Q1", None),
        ("Đắk Lắk", "66", "dossiers_fully_online", "2025-Q2", None),
    ]  # the units that owe them, as they stood: the old Đắk Lắk (66) with Phú Yên (54), both now in Đắk Lắk
    html = message.get_body(("html",))
    assert html is not None and "<li><code>dossiers_fully_online</code>" in str(html.get_content())


def test_the_filled_template_imports(gaps: Run, smtp: Inbox) -> None:
    gaps("remind", "-p", "Đắk Lắk", *PERIOD, "--send")
    [(_, message)] = smtp.messages
    filled = fill(attachment(message)[1])
    result = gaps("import", str(filled))
    assert result.exit_code == 0, result.output
    for province in ("Phú Yên", "Đắk Lắk"):
        history = gaps("history", "-p", province, "-k", "dossiers_fully_online", "--as-of", "2025-06-30", "-f", "csv")
        assert history.output.count("42.5") == 2, history.output
    again = gaps("remind", "-p", "Đắk Lắk", *PERIOD, "--send", "--every", "0")
    assert again.exit_code == 0 and again.output.startswith("Nothing to remind"), again.output


def test_an_unfilled_row_stops_the_import(gaps: Run, smtp: Inbox) -> None:
    """Import refuses a row without a figure: the reminder tells the province to delete the rows it cannot fill."""
    from openpyxl import load_workbook

    gaps("remind", "-p", "Huế", *PERIOD, "--send")
    [(_, message)] = smtp.messages
    assert "Xóa các hàng chưa điền được" in " ".join(text_of(message).split())
    path = fill(attachment(message)[1])
    book = load_workbook(path)
    book.worksheets[0].cell(row=3, column=6).value = None
    book.save(path)
    refused = gaps("import", str(path))
    assert refused.exit_code == 2 and "row 3: give a value, or a numerator and a denominator" in refused.output
    book.worksheets[0].delete_rows(3)
    book.save(path)
    assert gaps("import", str(path)).exit_code == 0


def test_not_repeated_within_seven_days(gaps: Run, smtp: Inbox) -> None:
    assert gaps("remind", *SCOPE, *PERIOD, "--send").exit_code == 0
    again = gaps("remind", *SCOPE, *PERIOD, "--send")
    assert again.exit_code == 0, again.output
    assert len(smtp.messages) == 2
    assert re.search(r"^Huế: not reminded: reminded on .+; not again before .+ \(every 7 days", again.output, re.M)
    dry = gaps("remind", *SCOPE, *PERIOD)
    assert "Đắk Lắk: --send would not remind it: reminded on" in dry.output
    every = gaps("remind", *SCOPE, *PERIOD, "--send", "--every", "0")
    assert every.exit_code == 0 and len(smtp.messages) == 4


def test_every_from_the_environment(gaps: Run, smtp: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    gaps("remind", *SCOPE, *PERIOD, "--send")
    monkeypatch.setenv("EGOVKPI_REMIND_DAYS", "0")
    assert gaps("remind", *SCOPE, *PERIOD, "--send").exit_code == 0 and len(smtp.messages) == 4
    monkeypatch.setenv("EGOVKPI_REMIND_DAYS", "a week")
    result = gaps("remind", *SCOPE, *PERIOD, "--send")
    assert result.exit_code == 2 and "EGOVKPI_REMIND_DAYS='a week' is not a number of days" in result.output


def test_if_changed_reminds_only_the_province_whose_list_changed(gaps: Run, smtp: Inbox) -> None:
    gaps("remind", *SCOPE, *PERIOD, "--send")
    smtp.messages.clear()
    arrived = gaps.add(
        "--value", "30", "--received", "2025-08-01", province="Huế", kpi="dossiers_fully_online", period="2025-Q1"
    )  # fmt: skip
    assert arrived.exit_code == 0, arrived.output
    result = gaps("remind", *SCOPE, *PERIOD, "--send", "--if-changed", "--every", "0")
    assert result.exit_code == 0, result.output
    assert list(smtp.by_subject()) == ["Huế"]
    assert "Huế còn thiếu 1 báo cáo" in smtp.messages[0][1]["Subject"]
    assert "Đắk Lắk: not reminded: the same reports were missing when it was reminded on" in result.output


def test_partial_refusal_is_recorded_and_the_others_still_go(
    gaps: Run, smtp: Inbox, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated / "contacts.yaml").write_text(
        CONTACTS.replace("VP@hue.example.org", "nobody@refused.example"), encoding="utf-8"
    )
    result = gaps("remind", *SCOPE, *PERIOD, "--send")
    assert result.exit_code == 1
    assert smtp.by_subject()["Huế"] == ["so.tttt@hue.example.org"] and len(smtp.messages) == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: Huế: the SMTP server refused nobody@refused.example (550 5.1.1 no such mailbox); the others got "
        "the reminder"
    ]
    with sqlite3.connect(isolated / "figures.db") as conn:
        recorded = dict(conn.execute("SELECT unit, recipients FROM reminders").fetchall())
    assert recorded["46@2025-01-01"] == "so.tttt@hue.example.org"
    assert recorded["66@2025-07-01"] == "luu.tru@phuyen.example.org,stttt@daklak.example.org"
    again = gaps("remind", *SCOPE, *PERIOD, "--send")  # only the address never reached is tried, and refused again
    assert again.exit_code == 1 and len(smtp.messages) == 2
    assert "Error: Huế: the SMTP server 127.0.0.1:" in again.output and "refused every recipient" in again.output


def test_server_down_fails_each_province_in_one_line(gaps: Run, smtp: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGOVKPI_SMTP_PORT", str(free_port()))
    result = gaps("remind", *SCOPE, *PERIOD, "--send")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2 and all("cannot reach the SMTP server 127.0.0.1:" in line for line in errors)
    assert gaps("remind", *SCOPE, *PERIOD).output.count("--- text/plain ---") == 2  # nothing was recorded


def test_dry_run_prints_each_message_and_sends_nothing(gaps: Run, smtp: Inbox) -> None:
    result = gaps("remind", *SCOPE, *PERIOD)
    assert result.exit_code == 0, result.output
    assert smtp.messages == []
    assert result.output.count("--- text/plain ---") == 2
    assert "Đến: so.tttt@hue.example.org, VP@hue.example.org" in result.output
    assert re.search(r"--- application/vnd\.openxml\S+: bao-cao-con-thieu-hue-\S+\.xlsx \(\d+ B\) ---", result.output)


def test_english_and_eml_files(gaps: Run, isolated: Path) -> None:
    result = gaps("remind", *SCOPE, *PERIOD, "--lang", "en", "-o", "out")  # a new folder is made
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (isolated / "out").iterdir())
    assert len(written) == 2 and all(name.startswith("missing-reports-") for name in written)
    message = email.message_from_bytes((isolated / "out" / written[0]).read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"].startswith("Reminder: Đắk Lắk has 4 e-government reports missing")
    assert "2025-Q1: due 2025-04-15, " in text_of(message)
    assert "Wrote out/" in result.output
    assert gaps("remind", *SCOPE, *PERIOD, "-o", "nowhere/deeper").exit_code == 2  # never a chain of folders
    (isolated / "a-file").write_text("x", encoding="utf-8")
    assert gaps("remind", *SCOPE, *PERIOD, "-o", "a-file").exit_code == 2


def test_province_without_contact_is_a_warning(gaps: Run, smtp: Inbox) -> None:
    result = gaps("remind", *SCOPE, "-p", "Cà Mau", *PERIOD, "--send")
    assert result.exit_code == 0, result.output
    assert len(smtp.messages) == 2
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning:")]
    assert warnings == ["Warning: Cà Mau has 4 reports missing and no address in contacts.yaml; not reminded"]


def test_nothing_to_remind(gaps: Run, smtp: Inbox) -> None:
    result = gaps("remind", "-p", "Hà Nội", *PERIOD, "--send")
    assert result.exit_code == 0 and result.output == "Nothing to remind: every report due has been received\n"
    assert smtp.messages == []


def test_default_window_is_the_last_twelve_months(gaps: Run) -> None:
    result = gaps("remind", "-p", "Hà Nội")
    assert result.exit_code == 0, result.output
    assert "Nhắc việc: Hà Nội còn thiếu" in result.output and "2025-Q1" not in result.output


# The national summary: 'not yet reported'


def summary_parts(run: Run, *args: str) -> dict[str, str]:
    result = run("summary", *args, "--output", "out.eml")
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(Path("out.eml").read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return {part.get_content_type(): str(part.get_content()) for part in message.iter_parts()}


@pytest.mark.parametrize("scope", [[], ["-p", "national"], ["-p", "national", "-p", "Hà Nội"]])
def test_national_summary_says_what_is_not_reported(sample: Run, scope: list[str]) -> None:
    parts = summary_parts(sample, *scope, "--lang", "en")
    text = parts["text/plain"]
    assert max(len(line) for line in text.splitlines()) <= 78
    text = text.replace("\n  ", " ")  # a line wrapped at 78 columns, its rest indented
    found = re.search(
        r"Not yet reported \(reports due since \d{4}-\d\d-\d\d\)\n=+\n\n(\d+) of (\d+) reports due are missing; "
        r"received: [\d.]+ %, on time: [\d.]+ %\.\nMost missing: (.+)\.\nEach province is reminded with: egovkpi "
        r"remind --send\n",
        text,
    )
    assert found, text
    assert int(found[1]) <= int(found[2]) and len(found[3].split(", ")) == 5
    assert '<h3 class="not-reported"' in parts["text/html"] and "Most missing: " in parts["text/html"]


def test_province_summary_has_no_such_section(sample: Run) -> None:
    parts = summary_parts(sample, "-p", "Phú Yên")
    assert "Not yet reported" not in parts["text/plain"] and "not-reported" not in parts["text/html"]


def test_section_in_vietnamese(sample: Run) -> None:
    parts = summary_parts(sample, "--lang", "vi")
    assert re.search(r"Chưa báo cáo \(các báo cáo đến hạn từ \d\d/\d\d/\d{4}\)", parts["text/plain"])
    assert re.search(r"Còn thiếu \d+/\d+ báo cáo đến hạn; đã nhận: [\d,]+ %, đúng hạn", parts["text/plain"])
    assert "Thiếu nhiều nhất: " in parts["text/html"]


def test_section_is_escaped_in_html() -> None:
    import datetime as dt

    from egovkpi.provinces import Unit
    from egovkpi.reminders import Outstanding
    from egovkpi.render.html import summary_html
    from egovkpi.report import Report

    odd = Unit("99", "<b>Tỉnh & Co</b>", "<b>Tỉnh & Co</b>", "x", "Tỉnh", None, None)
    gaps = Outstanding(dt.date(2025, 11, 26), 10, 3, 70.0, 50.0, ((odd, 3),))
    report = Report(day=dt.date(2026, 11, 26), period=None, single=False, results=[])
    page = summary_html(report, "en", None, gaps)
    assert "<b>Tỉnh" not in page and "&lt;b&gt;Tỉnh &amp; Co&lt;/b&gt; 3" in page
    assert "3 of 10 reports due are missing; received: 70 %, on time: 50 %." in page


def test_compose_takes_the_section_and_keeps_to_78_columns() -> None:
    import datetime as dt

    from egovkpi import mail
    from egovkpi.provinces import registry
    from egovkpi.reminders import Outstanding
    from egovkpi.report import Report

    units = registry()
    most = tuple((units.match(name), 18) for name in ("Thành phố Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "Thanh Hóa"))
    gaps = Outstanding(dt.date(2025, 11, 26), 1234, 567, 54.3, 12.5, most)
    report = Report(day=dt.date(2026, 11, 26), period=None, single=False, results=[])
    message = mail.compose(report, "vi", "egovkpi@example.org", ["x@example.org"], None, gaps)
    text = str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert max(len(line) for line in text.splitlines()) <= 78
    assert "Còn thiếu 567/1.234 báo cáo đến hạn; đã nhận: 54,3 %, đúng hạn: 12,5 %." in text
    assert "Thiếu nhiều nhất: Hồ Chí Minh 18, Bà Rịa - Vũng Tàu 18, Thanh Hóa 18." in text.replace("\n  ", " ")
    without = mail.compose(report, "vi", "egovkpi@example.org", ["x@example.org"])
    assert "Chưa báo cáo" not in str(without.get_body(("plain",)).get_content())  # type: ignore[union-attr]
