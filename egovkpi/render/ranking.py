"""A ranking as records (JSON, CSV), as table rows in the reader's language, and as the summary's top and bottom."""

from __future__ import annotations

from typing import Any

from egovkpi.messages import Text, t
from egovkpi.ranking import ATTAINMENT, COMPOSITE, Ranking, Standing
from egovkpi.render.text import number
from egovkpi.render.words import STATUS_LABELS, day, say, translate, unit_title

KPI_COLUMNS = ["rank", "province", "province_code", "period", "value", "target", "attainment", "status"]
COMPOSITE_COLUMNS = ["rank", "province", "province_code", "met", "applicable", "share_met", "mean_attainment"]
MOVEMENT_COLUMNS = ["previous_rank", "movement"]
# The table's headings (JSON and CSV keep the column names).
TITLES: dict[str, dict[str, str]] = {
    "en": {
        "rank": "rank",
        "province": "province",
        "period": "period",
        "value": "value",
        "target": "target",
        "attainment": "% attained",
        "status": "status",
        "met": "met",
        "applicable": "targets",
        "share_met": "% met",
        "mean_attainment": "mean % attained",
        "previous_rank": "previous rank",
        "movement": "movement",
    },
    "vi": {
        "rank": "hạng",
        "province": "tỉnh",
        "period": "kỳ",
        "value": "giá trị",
        "target": "mục tiêu",
        "attainment": "% đạt",
        "status": "đánh giá",
        "met": "số chỉ tiêu đạt",
        "applicable": "số chỉ tiêu",
        "share_met": "% chỉ tiêu đạt",
        "mean_attainment": "% đạt bình quân",
        "previous_rank": "hạng kỳ trước",
        "movement": "thay đổi",
    },
}
NEW = {"en": "new", "vi": "mới"}


def columns(ranking: Ranking) -> list[str]:
    return [*(COMPOSITE_COLUMNS if ranking.basis == COMPOSITE else KPI_COLUMNS), *MOVEMENT_COLUMNS]


def records(ranking: Ranking) -> list[dict[str, Any]]:
    """Each province as plain data for JSON and CSV: numbers with a dot, null where unranked or unknown."""
    return [_record(standing, ranking.basis) for standing in ranking.standings]


def _record(standing: Standing, basis: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "rank": standing.rank,
        "province": standing.scope.name,
        "province_code": standing.scope.code,
        "province_valid_from": standing.scope.valid_from.isoformat() if standing.scope.valid_from else None,
    }
    if basis == COMPOSITE:
        row |= {
            "met": standing.met if standing.rank is not None else None,
            "applicable": standing.applicable or None,
            "share_met": _rounded(standing.score),
            "mean_attainment": _rounded(standing.mean_attainment),
            "status": standing.reason,
        }
    else:
        result = standing.result
        figure = result.figure if result else None
        row |= {
            "period": figure.period if figure else None,
            "value": figure.value if figure else None,
            "target": result.target.value if result and result.target else None,
            "attainment": _rounded(result.attainment if result else None),
            "status": result.status if result and figure else standing.reason,
        }
    return row | {"previous_rank": standing.previous_rank, "movement": standing.movement}


def _rounded(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def table_rows(ranking: Ranking, lang: str) -> tuple[list[str], list[dict[str, str]]]:
    """The headings and each province's cells, as the reader of `lang` reads them ('—' where there is nothing)."""
    names = [c for c in columns(ranking) if c not in ("province_code", "previous_rank")]
    titles = [TITLES[lang][c] for c in names]
    rows = []
    for standing, record in zip(ranking.standings, records(ranking), strict=True):
        shown = _cells(standing, record, lang)
        rows.append({title: shown[name] for name, title in zip(names, titles, strict=True)})
    return titles, rows


def _cells(standing: Standing, record: dict[str, Any], lang: str) -> dict[str, str]:
    def plain(value: Any) -> str:
        return "—" if value is None else value if isinstance(value, str) else number(float(value), lang, 4)

    movement = record["movement"]
    cells = {name: plain(value) for name, value in record.items()}
    cells["province"] = unit_title(standing.scope, lang)
    cells["status"] = STATUS_LABELS[lang].get(record["status"], "—") if "status" in record else "—"
    if record.get("met") is not None:
        cells["met"] = str(record["met"])
    cells["movement"] = NEW[lang] if movement == "new" else movement or "—"
    for name in ("share_met", "mean_attainment", "attainment"):
        if name in record:
            cells[name] = number(record[name], lang, 1)
    return cells


def title(ranking: Ranking, lang: str) -> str:
    """What is ranked, judged when, on which map."""
    when = day(ranking.report.day, lang)
    where = say(lang, f"map_{ranking.report.map}")
    if ranking.kpi is None:
        return translate(
            t("Provinces by the share of their targets met, judged on {day} ({map})", day=when, map=where), lang
        )
    return translate(
        t(
            "Provinces on {kpi} ({name}), judged on {day} ({map})",
            kpi=ranking.kpi.code,
            name=ranking.kpi.name(lang),
            day=when,
            map=where,
        ),
        lang,
    )


def notes(ranking: Ranking, lang: str) -> list[str]:
    """The sentences under the table: what the rank is by, and what the movement is measured from."""
    found: list[Text] = []
    if ranking.basis == COMPOSITE:
        found.append(
            t(
                "Ranked by the share of applicable targets met; ties broken by the mean attainment, each capped "
                "at {cap}% (a target without a figure counts 0)",
                cap=100,
            )
        )
    elif ranking.basis == ATTAINMENT:
        found.append(t("Ranked by attainment of the target that applies to each province"))
    else:
        found.append(t("Ranked by value: not every province with a figure has a target"))
    found.append(t("Ties share a rank; provinces without data are listed last, unranked"))
    if ranking.previous is not None:
        found.append(t("Movement: places gained (+) or lost (-) since {period}", period=str(ranking.previous)))
    return [translate(text, lang) for text in found]


def extreme_lines(top: list[Standing], bottom: list[Standing], lang: str) -> list[tuple[str, list[str]]]:
    """The summary's top and bottom of the composite: (heading, one line per province)."""
    sections = [(t("Top five provinces, by the share of their targets met"), top)]
    if bottom:
        sections.append((t("Bottom five provinces"), bottom))
    return [(translate(heading, lang), [_line(s, lang) for s in standings]) for heading, standings in sections]


def _line(standing: Standing, lang: str) -> str:
    how = t(
        "{met} of {applicable} targets met, mean attainment {mean}%",
        met=standing.met,
        applicable=standing.applicable,
        mean=number(standing.mean_attainment, lang, 1),
    )
    return f"{standing.rank:>3}. {unit_title(standing.scope, lang)}: {translate(how, lang)}"
