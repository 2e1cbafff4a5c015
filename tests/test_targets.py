from __future__ import annotations

from pathlib import Path

import pytest

from egovkpi.errors import InputError
from egovkpi.provinces import registry
from egovkpi.targets import load_targets
from tests.helpers import ROOT, Run

GOOD = """\
kpis:
  level4_services:
    name: {vi: "Tỷ lệ dịch vụ công trực tuyến mức độ 4", en: "Online public services at level 4"}
    unit: percent
    direction: higher
    targets:
      - {scope: national, value: 30, deadline: 2020, basis: "Nghị quyết 17/NQ-CP ngày 07/3/2019"}
      - {scope: "Thanh Hóa", value: 30, deadline: 2020, basis: "Quyết định 1118/QĐ-UBND (2019)"}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_file_is_valid_and_has_the_headline_targets() -> None:
    targets = load_targets(ROOT / "targets.yaml", registry())
    national = {
        (code, t.value, t.deadline.year) for code, k in targets.kpis.items() for t in k.targets if t.scope.is_national
    }
    assert ("level4_services", 30, 2020) in national
    assert ("e_documents", 90, 2020) in national
    assert ("online_dossiers", 50, 2025) in national
    assert any(t.unverified for k in targets.kpis.values() for t in k.targets)
    assert all(t.basis for k in targets.kpis.values() for t in k.targets)


def test_issue_example_loads(tmp_path: Path) -> None:
    targets = load_targets(write(tmp_path, GOOD), registry())
    assert [t.scope.name for t in targets.kpis["level4_services"].targets] == ["national", "Thanh Hóa"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("unit: percent", "unit: percentage"), r"KPI 'level4_services' \(line 3\): unit 'percentage' is not one of"),
        (("direction: higher", "direction: up"), "direction 'up' is not one of higher, lower"),
        (
            ('value: 30, deadline: 2020, basis: "N', 'value: abc, deadline: 2020, basis: "N'),
            "target 1 .*'abc' is not a number",
        ),
        (('value: 30, deadline: 2020, basis: "N', 'value: 130, deadline: 2020, basis: "N'), "outside 0-100"),
        (('value: 30, deadline: 2020, basis: "N', 'value: -1, deadline: 2020, basis: "N'), "outside 0-100"),
        (('value: 30, deadline: 2020, basis: "N', 'value: .nan, deadline: 2020, basis: "N'), "not a finite number"),
        (('value: 30, deadline: 2020, basis: "N', 'value: true, deadline: 2020, basis: "N'), "not a number"),
        (('scope: "Thanh Hóa"', 'scope: "Atlantis"'), r"target 2 \(line 8\): unknown province 'Atlantis'"),
        (('deadline: 2020, basis: "Q', 'deadline: 2020-13, basis: "Q'), "does not exist"),
        (("    targets:\n", "    targets: 5\n    old:\n"), "'targets' must be a list"),
        (("level4_services:", "Level 4:"), "KPI code 'Level 4' must be lower-case"),
        (("name: {vi:", "name: {xx:"), r"'name' must be \{vi: ..., en: ...\}"),
        (('basis: "Nghị quyết 17/NQ-CP ngày 07/3/2019"', "basis: 17"), "'basis' must be a non-empty text"),
    ],
)
def test_broken_files_are_refused_with_file_and_place(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    path = write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(InputError, match=message) as info:
        load_targets(path, registry())
    assert str(info.value).startswith(str(path))


def test_duplicate_kpi_key(tmp_path: Path) -> None:
    body = GOOD.split("\n", 1)[1]
    with pytest.raises(InputError, match=r"line 9: duplicate key 'level4_services'"):
        load_targets(write(tmp_path, "kpis:\n" + body + body), registry())


def test_duplicate_inner_key(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="line 5: duplicate key 'unit'"):
        load_targets(
            write(tmp_path, GOOD.replace("    unit: percent\n", "    unit: percent\n    unit: count\n")), registry()
        )


def test_yaml_syntax_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"t.yaml: line \d+, column \d+: YAML syntax error"):
        load_targets(write(tmp_path, GOOD + "  - {scope: [\n"), registry())


@pytest.mark.parametrize("text", ["", "just text", "kpis: []", "- 1\n- 2\n"])
def test_wrong_shape(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError, match="needs a top-level 'kpis:' mapping"):
        load_targets(write(tmp_path, text), registry())


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such targets file"):
        load_targets(tmp_path / "nope.yaml", registry())
    path = tmp_path / "latin.yaml"
    path.write_bytes("kpis:\n  a: {name: 'Hòa'}\n".encode("cp1258", errors="replace").replace(b"a", b"\xe0", 1))
    with pytest.raises(InputError, match="not UTF-8"):
        load_targets(path, registry())


def test_cli_refuses_a_broken_file_in_one_line(tmp_path: Path, run: Run) -> None:
    path = write(tmp_path, GOOD.replace("unit: percent", "unit: percentage"))
    result = run("targets", "--check", "--targets", str(path))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "unit 'percentage'" in result.output


def test_cli_check_summarises(run: Run) -> None:
    result = run("targets", "--check", "--targets", str(ROOT / "targets.yaml"))
    assert result.exit_code == 0
    assert "valid:" in result.output and "unverified" in result.output


def test_env_and_local_file_are_used(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "targets.yaml").write_text(GOOD, encoding="utf-8")
    assert "1 KPIs" in run("targets", "--check").output
    other = tmp_path / "other.yaml"
    other.write_text(GOOD.replace("level4_services", "other_kpi"), encoding="utf-8")
    monkeypatch.setenv("EGOVKPI_TARGETS", str(other))
    assert "other_kpi" in run("targets", "--format", "csv").output
