"""Will the deadline be met, and why: one sentence per KPI with a target still ahead, under a report's table, in
the mail and in the HTML page. The band, the growth observed and required, and the projection at the deadline."""

from __future__ import annotations

from egovkpi.attainment import MET, Result
from egovkpi.messages import t
from egovkpi.render.text import number
from egovkpi.render.words import BAND_LABELS, translate, unit_title
from egovkpi.report import Report


def forecast_line(result: Result, lang: str) -> str | None:
    """'online_dossiers: acceleration needed: 22.47 % a year observed, 25.74 % needed; projected 45 by 2025'."""
    if result.band is None or result.target is None or result.status in (MET, None):
        return None
    band = BAND_LABELS[lang].get(result.band, result.band)
    if result.observed_rate is None or result.required_rate is None:
        return translate(t("{kpi}: {band}", kpi=result.kpi.code, band=band), lang)
    projected = number(result.projection, lang) if result.projection is not None else "—"
    return translate(
        t(
            "{kpi}: {band}: {observed} % a year observed, {required} % needed; projected {projected} by {deadline} "
            "(target {target})",
            kpi=result.kpi.code,
            band=band,
            observed=number(100 * result.observed_rate, lang),
            required=number(100 * result.required_rate, lang),
            projected=projected,
            deadline=result.target.deadline,
            target=number(result.target.value, lang),
        ),
        lang,
    )


def forecast_lines(report: Report, lang: str) -> list[str]:
    """Every KPI of the report not yet met with a deadline ahead: the forecast, named by scope in an overview."""
    lines = []
    for result in report.results:
        line = forecast_line(result, lang)
        if line is None or result.target is None or result.target.deadline.end < report.day:
            continue
        lines.append(line if report.single else f"{unit_title(result.scope, lang)} · {line}")
    return lines
