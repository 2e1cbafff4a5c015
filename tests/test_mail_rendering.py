"""The summary e-mail reads right everywhere: its Subject decodes to exactly the text sent, its plain text keeps to
78 columns with every KPI's full name, its HTML is escaped, and every sentence of mail.py is in Vietnamese too."""

from __future__ import annotations

import ast
import email
import email.policy
import itertools
import json
import re
import unicodedata
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import pytest

from egovkpi import mail
from egovkpi.messages import t
from egovkpi.render.summary import WIDTH, kpi_lines, wrap
from egovkpi.render.vietnamese import VI
from egovkpi.render.words import HEADERS, translate
from tests.helpers import ROOT, Run

VI_TEXT = (
    "Nam Định, Phú Yên, Tiền Giang: đạt 1/36 chỉ tiêu Chính phủ điện tử (26/11/2026) · Tỷ lệ hồ sơ thủ tục hành "
    "chính được xử lý hoàn toàn trực tuyến, Mức độ hài lòng của người dân, tổ chức với sự phục vụ của cơ quan "
    "hành chính nhà nước, Tỷ lệ dịch vụ công trực tuyến mức độ 3, 4 được tích hợp với Cổng Dịch vụ công quốc gia, "
    "Tỷ lệ văn bản trao đổi giữa các cơ quan nhà nước dưới dạng điện tử; Xếp hạng Chính phủ điện tử của Việt Nam"
)
EN_TEXT = (
    "Phú Yên, Tiền Giang, Hà Nội: 7/36 e-government targets met (2026-11-26) · Administrative dossiers processed "
    "completely online, Citizen and business satisfaction with administrative services, Level 3/4 online services "
    "integrated with the National Public Service Portal, Documents exchanged electronically between state agencies"
)
ASCII_TEXT = "National: 3/14 e-government targets met (2025) " * 10


def subjects(text: str) -> list[str]:
    """Every length from 20 to 400 characters, each from the start and from 1 to 8 characters further on, so that
    spaces fall at every position around the folds (a subject never starts or ends with a space)."""
    text = " ".join([text] * (1 + 410 // len(text)))
    found = {text[shift : shift + length].strip() for length in range(20, 401) for shift in (0, 1 + length % 8)}
    return sorted(found, key=len)


def raw_message(subject: str, policy: email.policy.EmailPolicy[EmailMessage] = mail.POLICY) -> bytes:
    message = EmailMessage(policy=policy)
    message["From"] = "egovkpi@phuyen.gov.vn"
    message["To"] = "x@example.org"
    message["Subject"] = subject
    message.set_content("x")
    return message.as_bytes()


def legacy_subject(raw: bytes) -> str:
    """The Subject as older readers decode it: unfolded (RFC 5322 2.2.3), then decode_header and make_header."""
    value = email.message_from_bytes(raw, policy=email.policy.compat32)["Subject"]
    assert isinstance(value, str)
    return str(make_header(decode_header(re.sub(r"\r?\n(?=[ \t])", "", value))))


def header_lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n\n", 1)[0].split(b"\n")


@pytest.mark.parametrize("text", [VI_TEXT, EN_TEXT, ASCII_TEXT], ids=["vi", "en", "ascii"])
def test_subject_decodes_to_exactly_the_text_for_every_length(text: str) -> None:
    cases = subjects(text)
    assert len(cases) > 600 and len(cases[0]) <= 20 and len(cases[-1]) >= 399
    folds: set[str] = set()
    for subject in cases:
        raw = raw_message(subject)
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert parsed["Subject"] == subject, subject
        assert legacy_subject(raw) == subject, subject
        lines = header_lines(raw)
        assert all(len(line) <= WIDTH for line in lines), subject
        assert raw.isascii()
        folds |= {_fold_kind(before, after) for before, after in itertools.pairwise(lines) if after.startswith(b" ")}
    if not text.isascii():  # a space was just before a fold, just after one, and neither
        assert {"space before", "space after", "no space"} <= folds, folds


def _fold_kind(before: bytes, after: bytes) -> str:
    """Where the space was at a fold between two encoded words: ending the first, starting the second, or neither."""
    decoded = [str(make_header(decode_header(line.strip().decode()))) for line in (before, after)]
    if decoded[0].endswith(" "):
        return "space before"
    return "space after" if decoded[1].startswith(" ") else "no space"


def test_subject_over_smtputf8_is_exact() -> None:
    for subject in subjects(VI_TEXT)[::37]:
        raw = raw_message(subject, mail.POLICY.clone(utf8=True))
        assert email.message_from_bytes(raw, policy=email.policy.default)["Subject"] == subject
        assert legacy_subject(raw) == subject


def plain_text(run: Run, *args: str) -> str:
    result = run("summary", *args, "--output", "out.eml")
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(Path("out.eml").read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    [text] = [part.get_content() for part in message.iter_parts() if part.get_content_type() == "text/plain"]
    assert isinstance(text, str)
    return text


def kpi_names(run: Run, lang: str, scope: list[str]) -> set[str]:
    """The names of the KPIs the summary shows: those with a figure or a target."""
    result = run("report", *scope, "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    return {str(row["kpi_name"]) for row in rows if row["actual"] is not None or row["target"] is not None}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("scope", [["-p", "Phú Yên"], ["-p", "national"], ["-p", "Nam Định", "-p", "Hà Nội"], []])
def test_plain_text_keeps_to_78_columns_with_full_names(sample: Run, lang: str, scope: list[str]) -> None:
    text = plain_text(sample, *scope, "--lang", lang)
    lines = text.splitlines()
    assert unicodedata.is_normalized("NFC", text)
    assert max(len(line) for line in lines) <= WIDTH, max(lines, key=len)
    assert "…" not in text
    joined = re.sub(r"\s+", " ", text)
    names = kpi_names(sample, lang, scope)
    assert len(names) >= 5
    missing = [name for name in names if unicodedata.normalize("NFC", name) not in joined]
    assert missing == []
    assert any(len(name) > WIDTH for name in names) or max(len(name) for name in names) > 44  # wrapped, not cut


def test_plain_text_numbers_are_right_aligned(sample: Run) -> None:
    text = plain_text(sample, "-p", "national", "--lang", "en")
    lines = text.splitlines()
    header = next(line for line in lines if line.strip().startswith("Period") and "Status" in line)
    rows = [line for line in lines if line.startswith("    ") and line.rstrip().endswith(("met", "missed", "no data"))]
    assert rows
    for heading in ("Actual", "Target", "Attained", "Gap"):
        end = header.index(heading) + len(heading)
        assert all(row[end - 1] != " " and row[end] == " " for row in rows), heading
    status = header.index("Status")
    assert all(row[status - 2 : status] == "  " and row[status] != " " for row in rows)


def test_too_wide_figures_are_listed_one_per_line() -> None:
    headers = HEADERS["vi"]
    wide = [
        "Số hồ sơ tiếp nhận trên Cổng dịch vụ công trực tuyến của tỉnh trong cả năm, kể cả hồ sơ bổ sung",
        "2025-Q4†",
        "123.456.789.012.345",
        "100.000.000.000.000*",
        "2025-Q4",
        "123.456,8 %",
        "+23.456.789.012.345",
        "chưa có chỉ tiêu",
    ]
    lines = kpi_lines(headers, [wide, ["Tỷ lệ", "2019", "1", "2", "2020", "50 %", "-1", "không đạt"]])
    assert max(len(line) for line in lines) <= WIDTH
    assert wide[0] in re.sub(r"\s+", " ", "\n".join(lines))
    assert "    Đạt được   123.456.789.012.345" in lines
    assert "    Mục tiêu  100.000.000.000.000*" in lines
    assert "    Đánh giá  chưa có chỉ tiêu" in lines
    number_ends = {len(line) for line in lines if line.startswith(("    Đạt được", "    Chênh", "    % đạt"))}
    assert len(number_ends) == 1  # right-aligned under one another
    narrow = kpi_lines(headers, [["Tỷ lệ", "2019", "1", "2", "2020", "50 %", "-1", "không đạt"]])
    assert narrow[1].startswith("    Kỳ") and len(narrow) == 5  # one row when it fits


def test_wrap_measures_composed_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Tỷ lệ hồ sơ thủ tục hành chính được xử lý hoàn toàn trực tuyến " * 3)
    assert len(decomposed) > 3 * 78
    lines = wrap(decomposed)
    assert all(len(line) <= WIDTH and unicodedata.is_normalized("NFC", line) for line in lines)
    assert " ".join(lines) == unicodedata.normalize("NFC", decomposed).strip()
    assert [len(line) for line in lines] != [len(unicodedata.normalize("NFD", line)) for line in lines]


def test_html_lets_names_wrap_and_keeps_numbers_whole(sample: Run) -> None:
    sample("summary", "-p", "national", "--lang", "vi", "--output", "out.eml")
    message = email.message_from_bytes(Path("out.eml").read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    [page] = [part.get_content() for part in message.iter_parts() if part.get_content_type() == "text/html"]
    assert '<meta name="viewport"' in page and "@media print" in page
    assert page.count('class="status"') == page.count("<tr>") > 0
    assert page.count('class="number"') > page.count('class="status"')
    assert '&nbsp;<span class="number" style="white-space: nowrap;">—</span>' not in page
    assert all("white-space: nowrap" in span for span in re.findall(r'<span class="number"[^>]*>', page))
    assert "Đánh giá ngày" in page and re.search(r"\d\d/\d\d/\d{4}", page)


def _templates() -> list[str]:
    """The English template of every t("...") in mail.py."""
    tree = ast.parse((ROOT / "egovkpi" / "mail.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t":
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str)
            found.append(first.value)
    return found


def test_every_sentence_of_mail_is_in_vietnamese() -> None:
    templates = _templates()
    assert len(templates) >= 20
    missing = [template for template in templates if template not in VI]
    assert missing == []
    for template in templates:
        fields = set(re.findall(r"{(\w+)}", template))
        assert set(re.findall(r"{(\w+)}", VI[template])) == fields, template
    source = (ROOT / "egovkpi" / "mail.py").read_text(encoding="utf-8")
    assert not re.search(r"(InputError|Failure)\(f?\"", source), "an error raised with an untranslated str"


def test_settings_errors_in_vietnamese(sample: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "PORT", "USER", "PASSWORD", "FROM", "SECURITY", "TIMEOUT"):
        monkeypatch.delenv(f"EGOVKPI_SMTP_{name}", raising=False)
    result = sample("summary", "-p", "Phú Yên", "--to", "x@example.org", "--send", "--lang", "vi")
    assert result.exit_code == 2 and "chưa đặt EGOVKPI_SMTP_HOST" in result.output
    monkeypatch.setenv("EGOVKPI_SMTP_PORT", "abc")
    result = sample("summary", "-p", "Phú Yên", "--lang", "vi")
    assert result.exit_code == 2 and "EGOVKPI_SMTP_PORT='abc' không phải là số cổng" in result.output
    monkeypatch.delenv("EGOVKPI_SMTP_PORT")
    result = sample("summary", "-p", "Phú Yên", "--to", "không-phải-địa-chỉ", "--lang", "vi")
    assert result.exit_code == 2 and "người nhận 'không-phải-địa-chỉ' không phải là địa chỉ e-mail" in result.output


def test_confirmations_in_both_languages() -> None:
    message = EmailMessage(policy=mail.POLICY)
    message["Subject"] = "Phú Yên: đạt 0/12 chỉ tiêu Chính phủ điện tử (26/11/2026)"
    message["Message-ID"] = "<1@phuyen.gov.vn>"
    sent = mail.sent_text(message, ["a@example.org", "b@example.org"])
    assert translate(sent, "en") == (
        "Sent 'Phú Yên: đạt 0/12 chỉ tiêu Chính phủ điện tử (26/11/2026)' to a@example.org, b@example.org "
        "(<1@phuyen.gov.vn>)"
    )
    assert translate(sent, "vi").startswith("Đã gửi 'Phú Yên: đạt 0/12 chỉ tiêu Chính phủ điện tử (26/11/2026)' tới ")
    last = mail.Previous("a@example.org", "f", "2026-11-26T01:02:03+00:00")
    assert translate(mail.unchanged_text(last, ["a@example.org"], "vi"), "vi") == (
        "Không có thay đổi so với bản tổng hợp đã gửi tới a@example.org lúc 26/11/2026 08:02 (GMT+7); không gửi lại"
    )
    dry = mail.unchanged_text(last, ["a@example.org"], "en", sending=False)
    assert translate(dry, "en") == (
        "Unchanged since the summary sent on 2026-11-26 08:02 (GMT+7): --send would not send it"
    )
    assert translate(t("recipient"), "vi") == "người nhận"


def test_dry_run_reads_in_the_message_language(sample: Run) -> None:
    result = sample("summary", "-p", "Phú Yên", "--to", "x@example.org", "--lang", "vi")
    assert result.exit_code == 0, result.output
    head = result.output.split("\n\n", 1)[0].splitlines()
    assert [line.split(":", 1)[0] for line in head] == ["Từ", "Đến", "Ngày", "Message-ID", "Tiêu đề"]
    assert re.fullmatch(r"Ngày: \d\d/\d\d/\d{4} \d\d:\d\d \(GMT\+7\)", head[2])
    english = sample("summary", "-p", "Phú Yên", "--to", "x@example.org", "--lang", "en").output.splitlines()
    assert english[0] == "From: egovkpi@localhost" and english[4].startswith("Subject: Phú Yên: ")


def test_content_language_is_on_the_message(sample: Run) -> None:
    sample("summary", "-p", "Phú Yên", "--lang", "vi", "--output", "out.eml")
    message = email.message_from_bytes(Path("out.eml").read_bytes(), policy=email.policy.default)
    assert message["Content-Language"] == "vi" and message.get_content_type() == "multipart/alternative"
