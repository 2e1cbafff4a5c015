"""targets.yaml's `frequency`, `due` and `reported_by`: read, refused in one line, and the due days and reporters
they give."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from egovkpi.errors import InputError
from egovkpi.periods import Period, parse_period
from egovkpi.provinces import NATION, REFORM_DAY, registry
from egovkpi.schedule import Schedule, reporters
from egovkpi.targets import TargetsFile, load_targets
from tests.helpers import Run

KPI = """\
kpis:
  online_dossiers:
    name: {{vi: "Hồ sơ trực tuyến", en: "Online dossiers"}}
    unit: percent
    direction: higher
{extra}    targets:
      - {{scope: national, value: 50, deadline: 2025, basis: "NQ 17/NQ-CP"}}
"""


def load(tmp_path: Path, extra: str = "", text: str | None = None) -> TargetsFile:
    path = tmp_path / "t.yaml"
    path.write_text(text if text is not None else KPI.format(extra=extra), encoding="utf-8")
    return load_targets(path, registry())


def schedule(tmp_path: Path, extra: str) -> Schedule:
    return load(tmp_path, extra).kpis["online_dossiers"].schedule


def test_without_the_keys_a_kpi_is_yearly_due_15_days_after_reported_by_its_targets(tmp_path: Path) -> None:
    found = schedule(tmp_path, "")
    assert (found.kind, found.days_after, found.day_of_next_month, found.reported_by) == ("Y", 15, None, None)


@pytest.mark.parametrize(
    ("written", "kind"),
    [("year", "Y"), ("half", "H"), ("quarter", "Q"), ("month", "M"), ("none", ""), ("Quarter", "Q")],
)
def test_frequency(tmp_path: Path, written: str, kind: str) -> None:
    found = schedule(tmp_path, f"    frequency: {written}\n")
    assert found.kind == kind
    assert found.scheduled is bool(kind)


@pytest.mark.parametrize(
    ("written", "days_after", "day_of_next"),
    [
        ('"15 days after the period ends"', 15, None),
        ('"30 days after period end"', 30, None),
        ("20", 20, None),
        ('"day 10 of the following month"', None, 10),
        ('"Day 5 of the following month"', None, 5),
        ('"15 ngày sau khi kết thúc kỳ"', 15, None),
        ('"ngày 10 tháng sau"', None, 10),
    ],
)
def test_due(tmp_path: Path, written: str, days_after: int | None, day_of_next: int | None) -> None:
    found = schedule(tmp_path, f"    due: {written}\n")
    assert (found.days_after, found.day_of_next_month) == (days_after, day_of_next)


def test_reported_by(tmp_path: Path) -> None:
    assert schedule(tmp_path, "    reported_by: national\n").reported_by == (NATION,)
    listed = schedule(tmp_path, '    reported_by: [national, "phu yen", "Thanh Hoá"]\n').reported_by
    assert listed is not None and [unit.name for unit in listed] == ["national", "Phú Yên", "Thanh Hóa"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    frequency: weekly\n", "'frequency' 'weekly' is not one of year, half, quarter, month, none"),
        ("    frequency: 4\n", "'frequency' 4 is not one of"),
        ('    due: "soon"\n', "'due' 'soon' is not a due date rule"),
        ('    due: "day 40 of the following month"\n', "is not a due date rule"),
        ("    due: 400\n", "'due' 400 is not a due date rule"),
        ("    due: true\n", "is not a due date rule"),
        ("    reported_by: []\n", "'reported_by' must be national or a list of unit names"),
        ("    reported_by: [1, 2]\n", "'reported_by' must be national or a list of unit names"),
        ("    reported_by: {national: yes}\n", "'reported_by' must be national or a list of unit names"),
        ("    reported_by: [Nowhere]\n", "unknown province 'Nowhere'"),
    ],
)
def test_bad_values_are_refused_naming_the_kpi_and_line(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        load(tmp_path, extra)
    assert "KPI 'online_dossiers' (line 3)" in str(refused.value)
    assert message in str(refused.value)


def test_the_command_refuses_a_bad_schedule_in_one_line(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(KPI.format(extra='    due: "whenever"\n'), encoding="utf-8")
    result = run("targets", "--check", "--targets", str(path))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "'due' 'whenever' is not a due date rule" in result.output
    assert "'day 10 of the following month'" in result.output  # what is accepted
    vietnamese = run("targets", "--check", "--targets", str(path), "--lang", "vi")
    assert vietnamese.exit_code == 2 and "không phải quy tắc hạn nộp" in vietnamese.output


@pytest.mark.parametrize(
    ("period", "rule", "due"),
    [
        ("2024-Q1", Schedule("Q"), dt.date(2024, 4, 15)),  # 15 days after 31/03
        ("2024-Q1", Schedule("Q", None, 10), dt.date(2024, 4, 10)),  # day 10 of the following month
        ("2024-02", Schedule("M"), dt.date(2024, 3, 15)),  # February of a leap year ends on the 29th
        ("2025-02", Schedule("M"), dt.date(2025, 3, 15)),
        ("2024-02", Schedule("M", None, 10), dt.date(2024, 3, 10)),
        ("2024-01", Schedule("M", None, 31), dt.date(2024, 2, 29)),  # day 31 of February is its last
        ("2025-01", Schedule("M", None, 31), dt.date(2025, 2, 28)),
        ("2024-Q1", Schedule("Q", None, 31), dt.date(2024, 4, 30)),
        ("2024-Q4", Schedule("Q"), dt.date(2025, 1, 15)),  # into the next year
        ("2024", Schedule("Y", 0, None), dt.date(2024, 12, 31)),
    ],
)
def test_due_days(period: str, rule: Schedule, due: dt.date) -> None:
    assert rule.due(parse_period(period)) == due


def test_periods_and_the_latest_due() -> None:
    quarterly = Schedule("Q")
    periods = quarterly.periods(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert [str(period) for period in periods] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    # 2024-Q4 is due on 15/01/2025: not yet due that day, overdue the day after
    assert quarterly.latest_due(dt.date(2025, 1, 15)) == Period(2024, "Q", 3)
    assert quarterly.latest_due(dt.date(2025, 1, 16)) == Period(2024, "Q", 4)
    assert Schedule("").periods(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == []
    assert Schedule("Y").periods(dt.date(2024, 1, 1), dt.date(2024, 6, 30)) == []  # a year not wholly inside


REPORTERS = """\
kpis:
  national_and_provinces:
    name: {vi: "a", en: "a"}
    unit: percent
    direction: higher
    targets:
      - {scope: national, value: 50, deadline: 2025, basis: "b"}
  provinces_tier:
    name: {vi: "b", en: "b"}
    unit: percent
    direction: higher
    targets:
      - {scope: national, value: 50, deadline: 2025, basis: "b", tier: province}
  nation_only:
    name: {vi: "c", en: "c"}
    unit: count
    direction: lower
    applies_to: national
    targets:
      - {scope: national, value: 50, deadline: 2025, basis: "b", comparator: top_n}
  one_province:
    name: {vi: "d", en: "d"}
    unit: percent
    direction: higher
    targets:
      - {scope: "Phú Yên", value: 50, deadline: 2024, basis: "b"}
  listed:
    name: {vi: "e", en: "e"}
    unit: percent
    direction: higher
    reported_by: [national, "Đắk Lắk"]
    targets:
      - {scope: national, value: 50, deadline: 2025, basis: "b"}
  of_an_era:
    name: {vi: "f", en: "f"}
    unit: percent
    direction: higher
    era: {from: "2011-06-13", to: "2022-08-14"}
    targets:
      - {scope: national, value: 50, deadline: 2020, basis: "b"}
  unscheduled:
    name: {vi: "g", en: "g"}
    unit: count
    direction: lower
    frequency: none
    targets:
      - {scope: national, value: 50, deadline: 2025, basis: "b"}
"""


def test_who_must_report(tmp_path: Path) -> None:
    kpis = load(tmp_path, text=REPORTERS).kpis
    units = registry()

    def who(code: str, period: str) -> list[str]:
        return [unit.key for unit in reporters(kpis[code], parse_period(period), units)]

    old = [unit.key for unit in units.as_of(dt.date(2024, 12, 31))]
    new = [unit.key for unit in units.as_of(REFORM_DAY)]
    assert who("national_and_provinces", "2024") == ["national", *sorted(old, key=lambda key: (key[:2], key))]
    assert len(who("national_and_provinces", "2024")) == 64 and len(who("national_and_provinces", "2025")) == 35
    assert set(who("national_and_provinces", "2025-H2")) == {"national", *new}
    assert "national" not in who("provinces_tier", "2024") and len(who("provinces_tier", "2024")) == 63
    assert who("nation_only", "2024") == ["national"]
    assert who("one_province", "2024") == ["54"]  # Phú Yên, until it ended
    assert who("one_province", "2025") == []
    # a name stands for every unit it has meant: the old Đắk Lắk, then the merged one
    assert who("listed", "2024") == ["national", "66"]
    assert who("listed", "2025-H2") == ["national", "66@2025-07-01"]
    assert who("of_an_era", "2022") != [] and who("of_an_era", "2023") == []
    assert who("unscheduled", "2024") == []
