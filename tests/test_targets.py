from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import egovkpi.targets as targets_module
from egovkpi.errors import InputError
from egovkpi.provinces import registry
from egovkpi.targets import TargetsFile, load_targets
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


def shipped() -> TargetsFile:
    return load_targets(ROOT / "targets.yaml", registry())


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("online_dossiers", "online_dossiers"),
        ("ONLINE_DOSSIERS", "online_dossiers"),
        ("  online_dossiers\t", "online_dossiers"),
        ("Online-Dossiers", "online_dossiers"),
        ("online dossiers", "online_dossiers"),
        ("e-documents", "e_documents"),
        ("Level4_Services", "level4_services"),
    ],
)
def test_kpi_code_forgives_case_spaces_and_hyphens(typed: str, code: str) -> None:
    assert shipped().kpi(typed).code == code


def test_unknown_kpi_suggests_and_puts_the_codes_in_the_hint() -> None:
    targets = shipped()
    with pytest.raises(InputError) as info:
        targets.kpi("online_dosiers")
    assert info.value.problem == "unknown KPI 'online_dosiers'; did you mean 'online_dossiers' or 'one_stop_dossiers'?"
    assert info.value.hint == f"accepted: {', '.join(targets.kpis)}"
    assert str(info.value) == f"{info.value.problem} ({info.value.hint})"
    assert info.value.exit_code == 2


@pytest.mark.parametrize(("typed", "shown"), [("nope", "nope"), ("", "—"), ("a\nb", "a b")])
def test_unknown_kpi_without_a_close_code(typed: str, shown: str) -> None:
    with pytest.raises(InputError) as info:
        shipped().kpi(typed)
    assert info.value.problem == f"unknown KPI '{shown}'"
    assert info.value.hint.startswith("accepted: level4_services, ")


def test_unknown_province_in_a_target_keeps_its_hint(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('scope: "Thanh Hóa"', 'scope: "Thanh Hoaa"'))
    with pytest.raises(InputError) as info:
        load_targets(path, registry())
    assert info.value.problem.startswith(f"{path}: KPI 'level4_services' (line 3), target 2 (line 8): unknown province")
    assert "did you mean 'Thanh Hóa'" in info.value.problem
    assert info.value.hint.startswith("accepted: a province name")


def test_short_forms_work_as_target_scopes(tmp_path: Path) -> None:
    targets = load_targets(write(tmp_path, GOOD.replace('scope: "Thanh Hóa"', 'scope: "TP.HCM"')), registry())
    assert targets.kpis["level4_services"].targets[1].scope.key == "79"


def bomb(levels: int, width: int = 9) -> str:
    """'Billion laughs': each anchor is a list of `width` aliases to the one before."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * width)}]" for n in range(1, levels)]
    return "\n".join(lines) + f"\nkpis:\n  x:\n    name: *l{levels - 1}\n"


HOSTILE = [
    pytest.param("kpis: " + "[" * 10_000, "nest", id="10000-open-brackets"),
    pytest.param("kpis: " + "[" * 10_000 + "]" * 10_000, "nest", id="10000-nested-lists"),
    pytest.param("kpis: " + "{a: " * 5_000 + "1" + "}" * 5_000, "nest", id="5000-nested-mappings"),
    pytest.param(
        "kpis:\n" + "".join(" " * n + "a:\n" for n in range(1, 3_000)) + " " * 3_000 + "b\n", "nest", id="block"
    ),
    pytest.param("kpis: " + "[" * 100 + "]" * 100, "nested deeper than 64 levels", id="100-levels"),
    pytest.param("? [a, b]\n: 1\n", "line 1: a list cannot be a key", id="list-key-top"),
    pytest.param("kpis:\n  ? [a, b]\n  : 1\n", "line 2: a list cannot be a key", id="list-key"),
    pytest.param("kpis:\n  ? {a: 1}\n  : 1\n", "line 2: a mapping cannot be a key", id="mapping-key"),
    pytest.param("kpis:\n  [a]: 1\n", "line 2: a list cannot be a key", id="flow-list-key"),
    pytest.param("kpis:\n  ? !!set {a, b}\n  : 1\n", "a mapping cannot be a key", id="set-key"),
    pytest.param(bomb(9), "more than 1,000,000 values once aliases are expanded", id="billion-laughs"),
    pytest.param(bomb(30, 2), "more than 1,000,000 values once aliases are expanded", id="doubling-laughs"),
    pytest.param(bomb(9).split("kpis:")[0] + GOOD, "more than 1,000,000 values", id="unused-bomb"),
    pytest.param("kpis: &a {x: *a}\n", "'name' must be", id="self-reference"),
    pytest.param(
        "kpis:\n  x: {deadline: 2020-13-45}\n", "line 2: '2020-13-45' is not a valid timestamp", id="bad-date"
    ),
    pytest.param("kpis:\n  x: !!int abc\n", "line 2: 'abc' is not a valid int", id="bad-int"),
    pytest.param("kpis:\n  x: !!bool maybe\n", "'maybe' is not a valid bool", id="bad-bool"),
    pytest.param("kpis:\n  x: !!timestamp abc\n", "'abc' is not a valid timestamp", id="bad-timestamp"),
    pytest.param("kpis:\n  x: " + "9" * 5_000 + "\n", "is not a valid int", id="5000-digits"),
    pytest.param("kpis:\n  x: \x00\n", "line 2: character #x0000 is not allowed", id="nul"),
    pytest.param("kpis: !!python/object/apply:os.system [ls]\n", "could not determine a constructor", id="python-tag"),
    pytest.param(
        GOOD.replace('value: 30, deadline: 2020, basis: "N', 'value: [*a], deadline: 2020, basis: "N').replace(
            "kpis:", "a: &a [1, 2]\nkpis:", 1
        ),
        "value [...] is not a number",
        id="list-value",
    ),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE)
def test_hostile_yaml_is_a_one_line_error_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=re.escape(message)) as info:
        load_targets(path, registry())
    assert str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value) and len(str(info.value)) < 300
    assert info.value.exit_code == 2


@pytest.mark.parametrize(("text", "message"), [case for case in HOSTILE if case.id in {"10000-nested-lists", "block"}])
def test_the_depth_limit_does_not_rely_on_libyaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    """PyYAML without libyaml recurses once per level: the event scan refuses first."""
    monkeypatch.setattr(targets_module, "_SafeLoader", yaml.SafeLoader)
    with pytest.raises(InputError, match="nested deeper than 64 levels"):
        load_targets(write(tmp_path, text), registry())


@pytest.mark.parametrize("case", ["10000-nested-lists", "billion-laughs", "list-key-top", "bad-date"])
def test_cli_refuses_hostile_yaml_in_one_line(tmp_path: Path, run: Run, case: str) -> None:
    [text] = [param.values[0] for param in HOSTILE if param.id == case]
    result = run("targets", "--check", "--targets", str(write(tmp_path, str(text))))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "t.yaml" in result.output


def test_anchors_aliases_and_merge_keys_are_fine(tmp_path: Path) -> None:
    text = GOOD.replace(
        "kpis:", 'defaults: &kpi {unit: percent, direction: higher}\nnq17: &nq17 "NQ 17/NQ-CP"\nkpis:', 1
    )
    text = text.replace("    unit: percent\n    direction: higher\n", "    <<: *kpi\n")
    text = text.replace('basis: "Nghị quyết 17/NQ-CP ngày 07/3/2019"', "basis: *nq17")
    kpi = load_targets(write(tmp_path, text), registry()).kpis["level4_services"]
    assert (kpi.unit, kpi.direction, kpi.targets[0].basis) == ("percent", "higher", "NQ 17/NQ-CP")


def test_a_merge_key_does_not_count_as_a_duplicate_but_a_real_one_does(tmp_path: Path) -> None:
    text = "d: &d {unit: count}\nkpis:\n  x:\n    <<: *d\n    unit: percent\n    unit: days\n"
    with pytest.raises(InputError, match="line 6: duplicate key 'unit'"):
        load_targets(write(tmp_path, text), registry())


NATIONAL_ONLY = GOOD.replace("    targets:\n", "    applies_to: national\n    targets:\n", 1).replace(
    '      - {scope: "Thanh Hóa", value: 30, deadline: 2020, basis: "Quyết định 1118/QĐ-UBND (2019)"}\n', ""
)


@pytest.mark.parametrize(("applies_to", "national_only"), [("national", True), ("all", False), ("null", False)])
def test_applies_to_is_national_or_all(tmp_path: Path, applies_to: str, national_only: bool) -> None:
    text = NATIONAL_ONLY.replace("applies_to: national", f"applies_to: {applies_to}")
    assert load_targets(write(tmp_path, text), registry()).kpis["level4_services"].national_only is national_only


def test_applies_to_is_optional(tmp_path: Path) -> None:
    assert not load_targets(write(tmp_path, GOOD), registry()).kpis["level4_services"].national_only


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("nationwide", "'nationwide'"),
        ("National", "'National'"),
        ("province", "'province'"),
        ('""', "''"),
        ("1", "1"),
        ("true", "True"),
        ("[national]", "[...]"),
        ("{scope: national}", "{...}"),
    ],
)
def test_a_bad_applies_to_is_refused(tmp_path: Path, value: str, shown: str) -> None:
    path = write(tmp_path, NATIONAL_ONLY.replace("applies_to: national", f"applies_to: {value}"))
    with pytest.raises(InputError) as info:
        load_targets(path, registry())
    expected = f"{path}: KPI 'level4_services' (line 3): 'applies_to' {shown} is not one of national, all"
    assert info.value.problem == expected
    assert "\n" not in str(info.value) and info.value.exit_code == 2


def test_a_national_only_kpi_refuses_a_provincial_target(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    targets:\n", "    applies_to: national\n    targets:\n", 1))
    with pytest.raises(InputError) as info:
        load_targets(path, registry())
    assert info.value.problem == (
        f"{path}: KPI 'level4_services' (line 3), target 2 (line 9): "
        "the KPI applies to the nation only (applies_to: national): no target for Thanh Hóa"
    )


@pytest.mark.parametrize(("scope", "deadline"), [("Phú Yên", "2030"), ("Phú Yên", "2025"), ("Nam Định", "2025-H2")])
def test_a_provincial_target_after_its_unit_ended_is_refused(tmp_path: Path, scope: str, deadline: str) -> None:
    text = GOOD.replace(
        'scope: "Thanh Hóa", value: 30, deadline: 2020', f'scope: "{scope}", value: 30, deadline: {deadline}'
    )
    with pytest.raises(InputError) as info:
        load_targets(write(tmp_path, text), registry())
    assert f"target 2 (line 8): {scope} did not exist on " in info.value.problem
    assert info.value.hint.startswith("a target applies to a unit that exists on its deadline day")


@pytest.mark.parametrize(("scope", "deadline"), [("Phú Yên", "2025-H1"), ("Phú Yên", "2025-06"), ("Hải Phòng", "2025")])
def test_a_provincial_target_due_while_its_unit_exists_loads(tmp_path: Path, scope: str, deadline: str) -> None:
    text = GOOD.replace(
        'scope: "Thanh Hóa", value: 30, deadline: 2020', f'scope: "{scope}", value: 30, deadline: {deadline}'
    )
    [_, own] = load_targets(write(tmp_path, text), registry()).kpis["level4_services"].targets
    assert own.scope.valid_on(own.deadline.end)


@pytest.mark.parametrize(
    ("text", "vietnamese"),
    [
        (NATIONAL_ONLY.replace("applies_to: national", "applies_to: everyone"), "'applies_to' 'everyone' không hợp lệ"),
        (GOOD.replace("    targets:\n", "    applies_to: national\n    targets:\n", 1), "chỉ áp dụng cho toàn quốc"),
        (
            GOOD.replace('deadline: 2020, basis: "Q', 'deadline: 2030, basis: "Q').replace("Thanh Hóa", "Phú Yên"),
            "không tồn tại",
        ),
    ],
)
def test_the_new_refusals_are_said_in_vietnamese(tmp_path: Path, text: str, vietnamese: str) -> None:
    from egovkpi.render.words import translate

    with pytest.raises(InputError) as info:
        load_targets(write(tmp_path, text), registry())
    said = translate(info.value.text, "vi")
    assert vietnamese in said and "chỉ tiêu 'level4_services' (dòng 3)" in said
