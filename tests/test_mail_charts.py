"""The summary e-mail carries the report's pictures: each KPI's chart, and for an overview the top and bottom five."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from tests.helpers import Run


def html_part(run: Run, isolated: Path, *args: str) -> str:
    result = run("summary", "--to", "x@example.org", "-o", "m.eml", *args)
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes((isolated / "m.eml").read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    [html] = [part.get_content() for part in message.walk() if part.get_content_type() == "text/html"]
    return str(html)


def test_each_kpi_with_figures_has_its_chart(sample: Run, isolated: Path) -> None:
    page = html_part(sample, isolated, "-p", "national")
    charts = page.count('role="img"')
    assert charts >= 10 and page.count("<svg") == charts
    assert ">Online public services at level 4 in National</title>" in page  # each chart says what it shows
    assert "2020: 30.86" in page  # and its figures in words
    assert "<script" not in page


def test_an_overview_ends_with_the_top_and_bottom_five(run: Run, isolated: Path) -> None:
    for province, value in (("Hà Nội", "60"), ("Hải Phòng", "40"), ("Thanh Hóa", "55")):
        assert run.add("--value", value, province=province, period="2025-Q4").exit_code == 0
    page = html_part(run, isolated, "--period", "2025-Q4")
    assert "Top five provinces" in page
    top = page.split("Top five provinces", 1)[1]
    assert top.index("Hà Nội") < top.index("Hải Phòng")
