"""The summary's HTML part on a phone: rendered by headless Chromium 360 px wide, measured in its DOM, not pixels.

Headless Chromium will not make its --dump-dom window narrower than 500 px, so the probe page holds a copy of the
mail in an iframe of exactly 360 px (a viewport of its own, as a phone's) and, once loaded, writes what it measured
into its <title>, which --dump-dom prints. A screenshot at 360 px is taken too; set EGOVKPI_UPDATE_SCREENSHOT=1 to
write it to docs/summary-phone.png, the picture the README shows.
"""

from __future__ import annotations

import email
import email.policy
import html
import json
import os
import re
import shutil
import subprocess
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import HEADLESS, ROOT, Run

CHROMIUM = Path("/usr/bin/chromium")
PHONE = 360  # CSS pixels: the narrowest common phone
SCREENSHOT = ROOT / "docs" / "summary-phone.png"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: install it (apt-get install chromium), as .ci/run does"
)

PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>pending</title></head><body style="margin: 0;">
<iframe id="mail" style="display: block; width: %dpx; height: 4000px; border: 0;" srcdoc="%s"></iframe>
<script>
window.addEventListener("load", function () {
  var page = document.getElementById("mail").contentWindow, doc = page.document;
  var all = function (selector) { return Array.prototype.slice.call(doc.querySelectorAll(selector)); };
  var right = function (element) { return element.getBoundingClientRect().right; };
  document.title = JSON.stringify({
    viewport: page.innerWidth,
    clientWidth: doc.documentElement.clientWidth,
    scrollWidth: doc.documentElement.scrollWidth,
    statuses: all(".status").map(right),
    figures: all(".figure").map(right),
    names: all("td > div:first-child").map(right),
    brokenNumbers: all(".number").filter(function (e) { return e.getClientRects().length !== 1; }).map(
      function (e) { return e.textContent; })
  });
});
</script></body></html>
"""


def chromium(*args: str, profile: Path) -> str:
    command = [
        str(CHROMIUM),
        *HEADLESS,
        f"--user-data-dir={profile}",
        f"--window-size={PHONE},2000",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def html_part(run: Run, *args: str) -> str:
    result = run("summary", *args, "--output", "phone.eml")
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(Path("phone.eml").read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    [page] = [part.get_content() for part in message.iter_parts() if part.get_content_type() == "text/html"]
    assert isinstance(page, str)
    return page


def measure(page: str, folder: Path) -> dict[str, Any]:
    probe = folder / "probe.html"
    probe.write_text(PROBE % (PHONE, html.escape(page, quote=True)), encoding="utf-8")
    dom = chromium("--dump-dom", probe.as_uri(), profile=folder / "profile")
    found = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert found and found[1] != "pending", dom[:500]
    measured: dict[str, Any] = json.loads(html.unescape(found[1]))
    return measured


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_summary_reads_on_a_phone(sample: Run, tmp_path: Path, lang: str) -> None:
    page = html_part(sample, "-p", "national", "-p", "Phú Yên", "-p", "Nam Định", "--lang", lang)
    measured = measure(page, tmp_path)
    assert measured["viewport"] == PHONE
    assert measured["scrollWidth"] <= measured["clientWidth"] <= PHONE, "the page scrolls sideways"
    assert len(measured["statuses"]) >= 20
    assert max(measured["statuses"]) <= measured["clientWidth"], "a status is cut off"
    assert max(measured["figures"]) <= measured["clientWidth"], "a figure is cut off"
    assert max(measured["names"]) <= measured["clientWidth"], "a KPI name is cut off"
    assert measured["brokenNumbers"] == [], "a number wraps onto two lines"


def test_screenshot_at_phone_width(sample: Run, tmp_path: Path) -> None:
    page = tmp_path / "summary.html"
    page.write_text(html_part(sample, "-p", "national", "--lang", "vi"), encoding="utf-8")
    shot = tmp_path / "summary-phone.png"
    chromium("--hide-scrollbars", f"--screenshot={shot}", page.as_uri(), profile=tmp_path / "profile")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(data[16:20], "big") == PHONE  # the IHDR width
    if os.environ.get("EGOVKPI_UPDATE_SCREENSHOT", "").strip() not in ("", "0"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
