from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import egovkpi.yamlfile as yamlfile_module
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
    assert info.value.problem.startswith("unknown KPI 'online_dosiers'; did you mean 'online_dossiers' or ")
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
    monkeypatch.setattr(yamlfile_module, "_SafeLoader", yaml.SafeLoader)
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


# Comparators, tiers, definitions, eras and sources (issue "The data tells the truth")
DETAILED = """\
kpis:
  satisfaction:
    name: {vi: "Mức độ hài lòng", en: "Satisfaction"}
    definition: {vi: "Tỷ lệ người dân hài lòng", en: "Share of citizens satisfied"}
    era: {from: 2011-11-08, to: 2020, basis: "Nghị quyết 30c/NQ-CP"}
    figures_from: "SIPAS, Bộ Nội vụ"
    unit: percent
    direction: higher
    targets:
      - scope: national
        value: 80
        comparator: ">"
        deadline: 2020
        basis: "Nghị quyết 30c/NQ-CP"
        source: "https://example.org/30c"
        verification: secondary_quote
  work_records_online:
    name: {vi: "Hồ sơ công việc trên môi trường mạng", en: "Work records online"}
    unit: percent
    direction: higher
    targets:
      - {scope: national, value: 90, tier: ministry, deadline: 2025, basis: "QĐ 749/QĐ-TTg"}
      - {scope: national, value: 90, tier: province, deadline: 2025, basis: "QĐ 749/QĐ-TTg"}
      - {scope: national, value: 80, tier: district, deadline: 2025, basis: "QĐ 749/QĐ-TTg", source: seeds/001}
      - {scope: national, value: 60, tier: commune, deadline: 2025, basis: "QĐ 749/QĐ-TTg"}
  un_egov_rank:
    name: {vi: "Xếp hạng Chính phủ điện tử", en: "UN e-government rank"}
    unit: count
    direction: lower
    applies_to: national
    applies_to_reason: "the UN ranks countries, not provinces"
    targets:
      - {scope: national, value: 70, comparator: top_n, deadline: 2025, basis: "QĐ 749/QĐ-TTg"}
      - {scope: national, value: 50, comparator: top_n, deadline: 2025, basis: "QĐ 942/QĐ-TTg"}
  data_sharing_platform:
    name: {vi: "Nền tảng chia sẻ dữ liệu", en: "Data sharing platform"}
    definition: "LGSP/MGSP"
    era: {from: "2019-03-07"}
    unit: percent
    direction: higher
    applies_to: national
    targets: []
"""


def detailed(tmp_path: Path, text: str = DETAILED) -> TargetsFile:
    return load_targets(write(tmp_path, text), registry())


def test_comparators_tiers_definitions_eras_and_sources_load(tmp_path: Path) -> None:
    import datetime as dt

    targets = detailed(tmp_path)
    satisfaction = targets.kpis["satisfaction"]
    [milestone] = satisfaction.targets
    assert (milestone.comparator, milestone.tier, milestone.source) == (">", "", "https://example.org/30c")
    assert satisfaction.definition("en") == "Share of citizens satisfied"
    assert satisfaction.definition("vi") == "Tỷ lệ người dân hài lòng"
    assert satisfaction.era is not None
    assert (satisfaction.era.start, satisfaction.era.end) == (dt.date(2011, 11, 8), dt.date(2020, 12, 31))
    assert satisfaction.figures_from == "SIPAS, Bộ Nội vụ"
    assert [t.tier for t in targets.kpis["work_records_online"].targets] == [
        "ministry",
        "province",
        "district",
        "commune",
    ]
    assert [t.comparator for t in targets.kpis["work_records_online"].targets] == [">="] * 4  # the default, written
    rank = targets.kpis["un_egov_rank"]
    assert [t.comparator for t in rank.targets] == ["top_n", "top_n"]
    assert rank.national_reason == "the UN ranks countries, not provinces"
    platform = targets.kpis["data_sharing_platform"]
    assert platform.definition("vi") == platform.definition("en") == "LGSP/MGSP"
    assert platform.era is not None and (platform.era.start, platform.era.end) == (dt.date(2019, 3, 7), None)


def test_an_unquoted_equals_sign_is_the_comparator(tmp_path: Path) -> None:
    text = GOOD.replace('value: 30, deadline: 2020, basis: "N', 'value: 30, comparator: =, deadline: 2020, basis: "N')
    assert detailed(tmp_path, text).kpis["level4_services"].targets[0].comparator == "="


def test_the_shipped_file_loads_with_its_comparators_and_tiers() -> None:
    targets = shipped()
    comparators = {t.comparator for k in targets.kpis.values() for t in k.targets}
    assert comparators <= {">=", ">", "<=", "<", "=", "top_n"}


ONE_TARGET = 'value: 30, deadline: 2020, basis: "N'


@pytest.mark.parametrize(
    ("change", "message", "hint"),
    [
        (
            (ONE_TARGET, 'value: 30, comparator: "=>", deadline: 2020, basis: "N'),
            "target 1 (line 7): comparator '=>' is not one of >=, >, <=, <, =, top_n",
            'use >=, >, <=, <, =, top_n, quoted in YAML: comparator: ">"',
        ),
        (
            (ONE_TARGET, 'value: 30, comparator: 1, deadline: 2020, basis: "N'),
            "comparator 1 is not one of",
            "use >=",
        ),
        (
            (ONE_TARGET, 'value: 30, comparator: "<=", deadline: 2020, basis: "N'),
            "target 1 (line 7): comparator '<=' does not fit direction higher",
            "for direction higher use >=, >, =",
        ),
        (
            (ONE_TARGET, 'value: 30, comparator: top_n, deadline: 2020, basis: "N'),
            "comparator 'top_n' does not fit direction higher",
            "for direction higher use >=, >, =",
        ),
        (
            (ONE_TARGET, 'value: 30, tier: "provincial", deadline: 2020, basis: "N'),
            "target 1 (line 7): tier 'provincial' is not one of ministry, province, district, commune",
            "",
        ),
        ((ONE_TARGET, 'value: 30, tier: [province], deadline: 2020, basis: "N'), "tier [...] is not one of", ""),
        ((ONE_TARGET, 'value: 30, source: 12, deadline: 2020, basis: "N'), "'source' must be a non-empty text", ""),
        (("    unit: percent\n", "    unit: percent\n    definition: 12\n"), "'definition' must be a text or", ""),
        (
            ("    unit: percent\n", "    unit: percent\n    era: 2011\n"),
            "KPI 'level4_services' (line 3): 'era' must be",
            "",
        ),
        (("    unit: percent\n", "    unit: percent\n    era: {basis: x}\n"), "'era' needs 'from' or 'to'", ""),
        (("    unit: percent\n", "    unit: percent\n    era: {from: soon}\n"), "era 'from' 'soon' is not a date", ""),
        (
            ("    unit: percent\n", "    unit: percent\n    era: {from: '2022-02-30'}\n"),
            "'2022-02-30' is not a date",
            "",
        ),
        (
            ("    unit: percent\n", "    unit: percent\n    era: {from: 2022, to: 2011}\n"),
            "'era' begins on 2022-01-01",
            "",
        ),
        (
            ("    unit: percent\n", "    unit: percent\n    figures_from: [a]\n"),
            "'figures_from' must be a non-empty",
            "",
        ),
    ],
)
def test_comparators_tiers_and_kpi_texts_are_validated(
    tmp_path: Path, change: tuple[str, str], message: str, hint: str
) -> None:
    path = write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(InputError) as info:
        load_targets(path, registry())
    assert info.value.problem.startswith(f"{path}: KPI 'level4_services' (line 3)")
    assert message in info.value.problem and info.value.hint.startswith(hint)
    assert "\n" not in str(info.value) and info.value.exit_code == 2


@pytest.mark.parametrize(("value", "ok"), [("50", True), ("1", True), ("0", False), ("50.5", False)])
def test_a_top_n_value_is_a_rank(tmp_path: Path, value: str, ok: bool) -> None:
    text = DETAILED.replace(
        "{scope: national, value: 70, comparator: top_n", f"{{scope: national, value: {value}, comparator: top_n"
    )
    if ok:
        assert detailed(tmp_path, text).kpis["un_egov_rank"].targets[0].value == float(value)
        return
    with pytest.raises(InputError, match=r"is not a rank|not a whole number"):
        detailed(tmp_path, text)


@pytest.mark.parametrize("typed", [">=", ">"])
def test_an_unquoted_greater_than_is_refused_with_how_to_write_it(tmp_path: Path, run: Run, typed: str) -> None:
    text = GOOD.replace(
        "    targets:\n",
        "    targets:\n      - scope: national\n        value: 30\n"
        f"        comparator: {typed}\n        deadline: 2020\n        basis: NQ\n",
        1,
    )
    result = run("targets", "--check", "--targets", str(write(tmp_path, text)))
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert 'quoted in YAML: comparator: ">"' in result.output


def test_the_comparator_refusal_is_said_in_vietnamese(tmp_path: Path, run: Run) -> None:
    path = write(tmp_path, GOOD.replace(ONE_TARGET, 'value: 30, comparator: "=>", deadline: 2020, basis: "N', 1))
    result = run("targets", "--check", "--targets", str(path), "--lang", "vi")
    assert result.exit_code == 2
    assert "phép so sánh '=>' không hợp lệ" in result.output and "chỉ tiêu 'level4_services' (dòng 3)" in result.output


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ('    applies_to_reason: "the UN ranks countries, not provinces"\n', "the UN ranks countries, not provinces"),
        ("", "it is measured for the country as a whole, not for each province"),
    ],
)
@pytest.mark.parametrize("kpi", ["un_egov_rank", "UN-EGOV-RANK"])
def test_a_provincial_figure_for_a_national_only_kpi_is_refused(
    tmp_path: Path, run: Run, reason: str, said: str, kpi: str
) -> None:
    text = DETAILED.replace('    applies_to_reason: "the UN ranks countries, not provinces"\n', reason)
    path = write(tmp_path, text)
    result = run("add", "-p", "Hà Nội", "-k", kpi, "--period", "2024", "--value", "20", "--targets", str(path))
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert f"un_egov_rank is national only: {said}" in result.output
    assert (
        run("add", "-p", "national", "-k", kpi, "--period", "2024", "--value", "71", "--targets", str(path)).exit_code
        == 0
    )


def test_a_provincial_figure_for_a_national_only_kpi_is_refused_in_vietnamese(tmp_path: Path, run: Run) -> None:
    path = write(tmp_path, DETAILED)
    args = ["-p", "Hà Nội", "-k", "data_sharing_platform", "--period", "2024", "--value", "20", "--targets", str(path)]
    result = run("add", *args, "--lang", "vi")
    assert result.exit_code == 2
    assert "data_sharing_platform chỉ tính cho toàn quốc: đo cho cả nước, không cho từng tỉnh" in result.output


def test_targets_lists_comparator_and_tier(tmp_path: Path, run: Run) -> None:
    import csv
    import io
    import json

    path = str(write(tmp_path, DETAILED))
    rows = json.loads(run("targets", "-f", "json", "--targets", path).output)
    rank = [row for row in rows if row["kpi"] == "un_egov_rank"]
    assert [(row["target"], row["comparator"], row["tier"]) for row in rank] == [
        (70, "top_n", None),
        (50, "top_n", None),
    ]
    tiers = [row["tier"] for row in rows if row["kpi"] == "work_records_online"]
    assert tiers == ["ministry", "province", "district", "commune"]
    header = next(csv.reader(io.StringIO(run("targets", "-f", "csv", "--targets", path).output)))
    assert {"comparator", "tier"} <= set(header)
    table = run("targets", "--targets", path, "--lang", "en").output
    assert "more than" in table and "rank in the top" in table and "districts" in table
    assert "cấp huyện" in run("targets", "--targets", path, "--lang", "vi").output


def test_targets_kpi_shows_one_kpi_in_english(tmp_path: Path, run: Run) -> None:
    path = str(write(tmp_path, DETAILED))
    result = run("targets", "--kpi", "Satisfaction", "--targets", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    for said in [
        "satisfaction · Satisfaction",
        "Share of citizens satisfied",
        "from 2011-11-08 to 2020-12-31 (Nghị quyết 30c/NQ-CP)",
        "SIPAS, Bộ Nội vụ",
        "higher is better",
        "Milestones of satisfaction",
        "more than",
        "https://example.org/30c",
        "secondary quote",
    ]:
        assert said in result.output, said


def test_targets_kpi_shows_one_kpi_in_vietnamese(tmp_path: Path, run: Run) -> None:
    path = str(write(tmp_path, DETAILED))
    result = run("targets", "-k", "work-records-online", "--targets", path, "--lang", "vi")
    assert result.exit_code == 0, result.output
    for said in [
        "Hồ sơ công việc trên môi trường mạng",
        "càng cao càng tốt",
        "Các mốc mục tiêu của work_records_online",
    ]:
        assert said in result.output, said
    for said in ["cấp bộ", "cấp tỉnh", "cấp huyện", "cấp xã", "tối thiểu", "Toàn quốc", "seeds/001"]:
        assert said in result.output, said
    assert "Mốc cho cấp bộ, cấp huyện, cấp xã chỉ được liệt kê" in result.output
    era = run("targets", "-k", "satisfaction", "--targets", path, "--lang", "vi").output
    assert "từ 08/11/2011 đến 31/12/2020 (Nghị quyết 30c/NQ-CP)" in era and "Tỷ lệ người dân hài lòng" in era


def test_targets_kpi_shows_the_stricter_note_and_an_empty_kpi(tmp_path: Path, run: Run) -> None:
    path = str(write(tmp_path, DETAILED))
    rank = run("targets", "-k", "un_egov_rank", "--targets", path, "--lang", "en").output
    assert "Of two milestones due on one day, the stricter is judged." in rank
    assert "the UN ranks countries, not provinces" in rank and "the nation only" in rank
    empty = run("targets", "-k", "data_sharing_platform", "--targets", path, "--lang", "en").output
    assert "data_sharing_platform has no milestones in" in empty and "LGSP/MGSP" in empty


@pytest.mark.parametrize("width", ["40", "60", "200"])
def test_targets_kpi_fits_the_width(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, width: str) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", width)
    output = run("targets", "-k", "work_records_online", "--targets", str(write(tmp_path, DETAILED))).output
    assert all(cell_len(line) <= int(width) for line in output.splitlines())


def test_targets_kpi_as_json_and_csv(tmp_path: Path, run: Run) -> None:
    import csv
    import io
    import json

    path = str(write(tmp_path, DETAILED))
    about = json.loads(run("targets", "-k", "satisfaction", "-f", "json", "--targets", path, "--lang", "en").output)
    assert about["kpi"] == "satisfaction" and about["definition"] == "Share of citizens satisfied"
    assert about["era"] == {"from": "2011-11-08", "to": "2020-12-31", "basis": "Nghị quyết 30c/NQ-CP"}
    assert about["figures_from"] == "SIPAS, Bộ Nội vụ" and about["applies_to"] == "all"
    [milestone] = about["milestones"]
    assert milestone == {
        "scope": "national",
        "tier": None,
        "comparator": ">",
        "target": 80,
        "deadline": "2020",
        "basis": "Nghị quyết 30c/NQ-CP",
        "source": "https://example.org/30c",
        "verification": "secondary_quote",
        "note": None,
    }
    vi = json.loads(run("targets", "-k", "satisfaction", "-f", "json", "--targets", path, "--lang", "vi").output)
    assert vi["definition"] == "Tỷ lệ người dân hài lòng"
    rows = list(
        csv.DictReader(io.StringIO(run("targets", "-k", "work_records_online", "-f", "csv", "--targets", path).output))
    )
    assert [(row["tier"], row["target"]) for row in rows] == [
        ("ministry", "90.0"),
        ("province", "90.0"),
        ("district", "80.0"),
        ("commune", "60.0"),
    ]


def test_targets_kpi_refuses_an_unknown_kpi(tmp_path: Path, run: Run) -> None:
    result = run("targets", "-k", "satisfactoin", "--targets", str(write(tmp_path, DETAILED)))
    assert result.exit_code == 2 and "did you mean 'satisfaction'" in result.output
