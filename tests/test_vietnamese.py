"""With EGOVKPI_LANG=vi no English word reaches the reader, except codes, proper names and machine formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run

# Words of the program's English that must never show in Vietnamese output (KPI codes, options, paths,
# file names and URLs are taken out before looking).
ENGLISH = {
    "the",
    "is",
    "not",
    "and",
    "or",
    "of",
    "to",
    "for",
    "with",
    "no",
    "unknown",
    "error",
    "stored",
    "revision",
    "value",
    "period",
    "province",
    "provinces",
    "target",
    "targets",
    "met",
    "missed",
    "behind",
    "track",
    "data",
    "national",
    "percent",
    "count",
    "days",
    "higher",
    "lower",
    "unverified",
    "recorded",
    "source",
    "note",
    "withdrawn",
    "accepted",
    "file",
    "line",
    "empty",
    "give",
    "cannot",
    "does",
    "exist",
    "judged",
    "previous",
    "unchanged",
    "imported",
    "new",
    "revised",
    "valid",
    "until",
    "from",
    "see",
    "did",
    "you",
    "mean",
    "missing",
    "option",
    "invalid",
    "choose",
    "store",
    "there",
    "figure",
    "figures",
    "attained",
    "gap",
    "status",
    "deadline",
    "actual",
    "basis",
    "direction",
    "unit",
    "scope",
    "name",
    "code",
    "verification",
    "all",
    "sent",
    "summary",
    "if",
    "when",
    "by",
    "at",
    "on",
    "in",
    "has",
    "have",
    "be",
    "ambiguous",
    "write",
    "started",
}
CODE = re.compile(
    r"'[^'\n]*'|--[a-z-]+|https?://\S+|\S+\.(?:csv|db|yaml|py)\b|[a-z0-9]+(?:_[a-z0-9]+)+|EGOVKPI_[A-Z_]+"
)


def english_words(output: str) -> set[str]:
    """The English words left in `output` once codes, quoted names, options, paths and URLs are taken out."""
    shown = output.split("--- text/html ---")[0]  # a dry run prints the HTML part as source: markup, not words
    bare = CODE.sub(" ", shown)
    return {word for word in re.findall(r"[^\W\d_]+", bare) if word.lower() in ENGLISH}


def commands(sample: Path) -> list[tuple[str, ...]]:
    bad = sample / "bad.csv"
    bad.write_text("province,kpi,period,value\nPhú Yên,nope,2019,1\nNowhere,online_dossiers,2019,1\n", encoding="utf-8")
    contacts = sample / "contacts.yaml"
    contacts.write_text("contacts:\n  Phú Yên: a@example.org\n  national: b@example.org\n", encoding="utf-8")
    bad_contacts = sample / "bad-contacts.yaml"
    bad_contacts.write_text("contacts:\n  Phu Yenn: a@example.org\n", encoding="utf-8")
    return [
        ("report", "-p", "Phú Yên"),
        ("report", "-p", "Phú Yên", "-f", "markdown"),
        ("report",),
        ("history", "-p", "Hải Phòng", "-k", "e_documents"),
        ("targets",),
        ("targets", "--check"),
        ("provinces",),
        ("provinces", "--as-of", "2025-06-30"),
        ("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2020", "--value", "40,5"),
        ("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2020", "--value", "40,5"),
        ("add", "-p", "Phú Yên", "-k", "portal_dossiers_received", "--period", "2020", "--value", "12.000"),
        ("add", "-p", "Phu Yenn", "-k", "online_dossiers", "--period", "2020", "--value", "1"),
        ("add", "-p", "Phú Yên", "-k", "online_dosiers", "--period", "2020", "--value", "1"),
        ("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2092", "--value", "1"),
        ("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2026", "--value", "1"),
        ("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2019-13", "--value", "1"),
        ("add", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2020"),
        ("add", "-p", "Phú Yên"),
        ("withdraw", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2020", "--reason", "nhầm"),
        ("withdraw", "-p", "Phú Yên", "-k", "online_dossiers", "--period", "2020", "--reason", "nhầm"),
        ("import", str(bad)),
        ("import", str(sample / "missing.csv")),
        ("report", "-f", "xml"),
        ("report", "--db", str(sample / "nothing-here.db")),
        ("repot",),
        ("summary", "-p", "Phú Yên"),
        ("summary", "-p", "Phú Yên", "--send"),
        ("missing",),
        ("missing", "--map", "34", "--period", "2024", "-p", "Đắk Lắk"),
        ("missing", "--period", "2026-Q4"),
        ("completeness",),
        ("completeness", "--by", "kpi", "--from", "2024"),
        ("completeness", "--from", "2025", "--to", "2024"),
        ("remind", "--period", "2025-Q2", "-p", "Đắk Lắk", "-p", "Hà Nội", "--contacts", str(contacts)),
        ("remind", "--contacts", str(bad_contacts)),
        ("remind", "--contacts", str(sample / "nope.yaml")),
        ("remind", "--send"),
        ("check",),
        ("backup", str(sample / "backup.db")),
        ("backup", str(sample / "backup.db")),
        ("backup", str(sample / "khong-co" / "backup.db")),
    ]


@pytest.fixture
def vietnamese(sample: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("EGOVKPI_LANG", "vi")
    monkeypatch.setenv("COLUMNS", "100")
    return sample


def test_no_english_reaches_a_vietnamese_reader(vietnamese: Run, isolated: Path) -> None:
    found = {}
    for args in commands(isolated):
        result = vietnamese(*args)
        words = english_words(result.output.replace(str(ROOT), "").replace(str(isolated), ""))
        if words:
            found[" ".join(args)] = sorted(words)
    assert not found, found


def test_the_check_finds_english() -> None:
    assert english_words("Error: unknown province 'x'") == {"Error", "unknown", "province"}
    assert english_words("Lỗi: không có tỉnh 'x' (xem 'egovkpi add --help'), online_dossiers, a.csv") == set()
