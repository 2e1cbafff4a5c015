"""RESULTS.md from one run of the suite: the goals of issue 16 met or missed, every timing, the machine, and where
the time goes (cProfile of the import and the reports, `-X importtime` of the start-up)."""

from __future__ import annotations

import os
import platform
import pstats
import re
import sqlite3
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench_measure import Measurement

ROOT = Path(__file__).resolve().parent.parent
BIG = 1_000_000
SMALL = 10_000


def label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return f"{size:,}"


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": cpu,
        "cores": f"{os.cpu_count()} logical ({affinity} usable)",
        "RAM": ram,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "load average at the start": load(),
    }


def load() -> str:
    """The 1, 5 and 15 minute load averages: above the core count, other work shared the machine."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = [line for line in git("status", "--porcelain", "--", "egovkpi").splitlines() if line]
    if changed:
        return f"{head} (plus {len(changed)} uncommitted change(s) under egovkpi/ in the working tree)"
    return head


# ---- profiles


def _where(file: str, line: int, name: str) -> str:
    if file == "~":
        return name
    path = file
    for marker in ("site-packages/",):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        root = str(ROOT) + os.sep
        if path.startswith(root):
            path = path[len(root) :]
        elif "/lib/python3" in path:
            path = "stdlib/" + path.split("/lib/python3", 1)[1].split("/", 1)[1]
    return f"{path}:{line}({name})"


WRAPPERS = (
    "<frozen runpy>",
    "<string>:",
    "<built-in method builtins.exec>",
    "typer/",
    "click/",
    "egovkpi/__main__.py",
    "egovkpi/launch.py",
    "egovkpi/cli/__init__.py",
)


@dataclass
class Profile:
    title: str
    command: str
    total: float
    entries: list[tuple[str, int, float, float]]  # function, calls, self seconds, cumulative seconds

    def top(self, key: str, count: int) -> list[tuple[str, int, float, float]]:
        """The `count` functions with the most cumulative or self time; by cumulative time, without the chain of
        calls every command goes through (runpy, typer and click, egovkpi's main)."""
        index = 2 if key == "self" else 3
        shown = [entry for entry in self.entries if key == "self" or not entry[0].startswith(WRAPPERS)]
        return sorted(shown, key=lambda entry: entry[index], reverse=True)[:count]

    def as_json(self) -> dict[str, Any]:
        """The title, command, total and the entries any table shows (the top 100 by cumulative and by self time)."""
        kept = {entry[0]: entry for key in ("cumulative", "self") for entry in self.top(key, 100)}
        return {"title": self.title, "command": self.command, "total": self.total, "entries": list(kept.values())}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        entries = [(name, calls, own, total) for name, calls, own, total in data["entries"]]
        return cls(data["title"], data["command"], data["total"], entries)

    def hot(self, count: int = 4) -> str:
        """The functions with the most time of their own, as a phrase for the goals table."""
        parts = [f"`{name}` {own / self.total:.0%}" for name, _, own, _ in self.top("self", count)]
        return "self time: " + ", ".join(parts)


def load_profile(path: Path, title: str, command: str) -> Profile:
    stats = pstats.Stats(str(path))
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    entries = [(_where(*func), calls, own, total) for func, (_, calls, own, total, _) in raw.items()]
    return Profile(title, command, max(total for _, _, _, total in entries), entries)


@dataclass
class ImportTimes:
    command: str
    total_us: int
    top_level: list[tuple[str, int]]  # module, cumulative microseconds
    packages: list[tuple[str, int]]


def load_importtime(path: Path, command: str) -> ImportTimes:
    pattern = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")
    top: list[tuple[str, int]] = []
    packages: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        found = pattern.match(line)
        if not found:
            continue
        cumulative, depth, name = int(found.group(2)), len(found.group(3)) - 1, found.group(4)
        if depth == 0:
            top.append((name, cumulative))
        if "." not in name:
            packages[name] = max(packages.get(name, 0), cumulative)
    total = sum(us for _, us in top)
    return ImportTimes(
        command,
        total,
        sorted(top, key=lambda item: item[1], reverse=True)[:12],
        sorted(packages.items(), key=lambda item: item[1], reverse=True)[:12],
    )


# ---- the run


@dataclass
class Run:
    label: str
    command: str
    started: str
    seconds: float
    sizes: list[int]
    repeat: int
    big_repeat: int
    largest: int
    xlsx_size: int
    measurements: dict[str, Measurement]
    datasets: dict[int, dict[str, Any]]
    stores: dict[int, int]  # size -> rows in the figures table (every revision)
    machine: dict[str, str]
    commit: str
    notes: list[str] = field(default_factory=list)
    profiles: list[Profile] = field(default_factory=list)
    importtime: ImportTimes | None = None

    def get(self, key: str) -> Measurement | None:
        found = self.measurements.get(key)
        return found if found is not None and found.samples else None

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "command": self.command,
            "started": self.started,
            "seconds": self.seconds,
            "sizes": self.sizes,
            "machine": self.machine,
            "commit": self.commit,
            "datasets": {str(size): info for size, info in self.datasets.items()},
            "stores": {str(size): rows for size, rows in self.stores.items()},
            "measurements": {key: value.as_json() for key, value in self.measurements.items()},
            "notes": self.notes,
            "repeat": self.repeat,
            "big_repeat": self.big_repeat,
            "largest": self.largest,
            "xlsx_size": self.xlsx_size,
            "profiles": [profile.as_json() for profile in self.profiles],
            "importtime": None if self.importtime is None else asdict(self.importtime),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Run:
        """A run as results.json keeps it, to write RESULTS.md again without measuring."""
        times = data["importtime"]
        return cls(
            label=data["label"],
            command=data["command"],
            started=data["started"],
            seconds=data["seconds"],
            sizes=data["sizes"],
            repeat=data["repeat"],
            big_repeat=data["big_repeat"],
            largest=data["largest"],
            xlsx_size=data["xlsx_size"],
            measurements={key: Measurement.from_json(key, value) for key, value in data["measurements"].items()},
            datasets={int(size): info for size, info in data["datasets"].items()},
            stores={int(size): rows for size, rows in data["stores"].items()},
            machine=data["machine"],
            commit=data["commit"],
            notes=data["notes"],
            profiles=[Profile.from_json(profile) for profile in data["profiles"]],
            importtime=None
            if times is None
            else ImportTimes(
                times["command"],
                times["total_us"],
                [(name, us) for name, us in times["top_level"]],
                [(name, us) for name, us in times["packages"]],
            ),
        )


def _s(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def _n(value: float) -> str:
    return f"{value:,.0f}"


@dataclass
class Goal:
    what: str
    figure: str
    goal: str
    met: bool | None  # None: not measured
    by: str
    floor: str
    why: str = ""


def _profile(run: Run, title: str) -> Profile | None:
    return next((profile for profile in run.profiles if profile.title.startswith(title)), None)


def goals(run: Run) -> list[Goal]:
    big, small = run.largest, min(run.sizes)
    at = label(big)
    found: list[Goal] = []
    ours, floor = run.get(f"import.{big}"), run.get(f"floor.{big}")
    imported = _profile(run, "import")
    if ours and floor:
        ratio = ours.rate / floor.rate
        size_rows = ours.rows or 0
        found.append(
            Goal(
                f"`import` of {at} rows, rows/s",
                f"{_n(ours.rate)} rows/s ({ratio:.2f}× the floor); by CPU time {_n(size_rows / ours.cpu)} rows/s "
                f"({floor.cpu / ours.cpu:.2f}×)",
                "≥ 0.5× the floor (near the speed of SQLite itself)",
                ratio >= 0.5,
                "met" if ratio >= 0.5 else f"{0.5 / ratio:.1f}× too slow: needs {_n(floor.rate * 0.5)} rows/s",
                f"`csv` + `sqlite3` `executemany`: {_n(floor.rate)} rows/s",
                imported.hot() if imported else "",
            )
        )
        steps = ", ".join(
            f"{label(size)} {run.measurements[f'import.{size}'].peak_mb:.0f} MB"
            for size in run.sizes
            if run.get(f"import.{size}")
        )
        found.append(
            Goal(
                f"`import` of {at} rows, peak memory",
                f"{ours.peak_mb:.0f} MB",
                "flat: under 150 MB at a million rows",
                ours.peak_mb < 150,
                "met" if ours.peak_mb < 150 else f"{ours.peak_mb - 150:.0f} MB over ({ours.peak_mb / 150:.1f}×)",
                f"the floor peaks at {floor.peak_mb:.0f} MB",
                f"peak by file size: {steps}",
            )
        )
    for key, name, limit in (("report_national", "national `report`", 1.0), ("report_province", None, None)):
        large, base = run.get(f"{key}.{big}"), run.get(f"{key}.{small}")
        shown = name or '`report --province "Phú Yên"`'
        profile = _profile(run, "national report" if name else "province report")
        why = profile.hot() if profile else ""
        if large and limit is not None:
            found.append(
                Goal(
                    f"{shown} at {at} figures",
                    f"{_s(large.seconds)} (CPU {_s(large.cpu)})",
                    f"under {_s(limit)}",
                    large.seconds < limit,
                    "met" if large.seconds < limit else f"{large.seconds - limit:.2f} s over ({large.seconds:.1f}×)",
                    f"{_s(base.seconds)} on the {label(small)} store" if base else "",
                    why,
                )
            )
        if large and base and big != small:
            ratio = large.seconds / base.seconds
            middle = [
                f"{label(size)} {_s(m.seconds)}" for size in run.sizes if (m := run.get(f"{key}.{size}")) is not None
            ]
            found.append(
                Goal(
                    f"{shown}, {at} against {label(small)}",
                    f"{ratio:.2f}× ({' · '.join(middle)}); by CPU time {large.cpu / base.cpu:.2f}×",
                    "within 1.3×",
                    ratio <= 1.3,
                    "met" if ratio <= 1.3 else f"{ratio / 1.3:.1f}× over the allowed 1.3×",
                    f"{_s(base.seconds)} on the {label(small)} store",
                    why,
                )
            )
    helped, bare = run.get("startup.help"), run.get("startup.python")
    if helped:
        why = ""
        if run.importtime:
            why = "imports: " + ", ".join(f"`{name}` {us / 1000:.0f} ms" for name, us in run.importtime.packages[:5])
        found.append(
            Goal(
                "`egovkpi --help`",
                f"{_s(helped.seconds)} (CPU {_s(helped.cpu)})",
                "under 150 ms",
                helped.seconds < 0.15,
                "met" if helped.seconds < 0.15 else f"{(helped.seconds - 0.15) * 1000:.0f} ms over",
                f"bare `python -c pass`: {_s(bare.seconds)}" if bare else "",
                why,
            )
        )
    return found


def _goal_table(run: Run) -> list[str]:
    lines = [
        "| what | figure | goal | met? | by how much | the floor | why (see *Where the time goes*) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for goal in goals(run):
        met = "—" if goal.met is None else ("**met**" if goal.met else "**missed**")
        lines.append(f"| {goal.what} | {goal.figure} | {goal.goal} | {met} | {goal.by} | {goal.floor} | {goal.why} |")
    return lines


def _import_table(run: Run) -> list[str]:
    lines = [
        "| rows | egovkpi `import` | rows/s | CPU | runs (min–max s) | peak memory | floor | floor rows/s | floor CPU "
        "| floor peak | egovkpi ÷ floor |",
        "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in run.sizes:
        ours, floor = run.get(f"import.{size}"), run.get(f"floor.{size}")
        if not ours or not floor:
            continue
        lines.append(
            f"| {label(size)} | {_s(ours.seconds)} | {_n(ours.rate)} | {_s(ours.cpu)} | {len(ours.samples)} "
            f"({ours.spread}) | {ours.peak_mb:.0f} MB | {_s(floor.seconds)} | {_n(floor.rate)} | {_s(floor.cpu)} "
            f"| {floor.peak_mb:.0f} MB "
            f"| {ours.rate / floor.rate:.2f}× |"
        )
    return lines


def _report_table(run: Run) -> list[str]:
    small = min(run.sizes)
    lines = [
        f"| store | figures stored | national `report` | × {label(small)} | CPU | peak | "
        f'`report --province "Phú Yên"` | × {label(small)} | CPU | peak | runs |',
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    base_n, base_p = run.get(f"report_national.{small}"), run.get(f"report_province.{small}")
    for size in run.sizes:
        national, province = run.get(f"report_national.{size}"), run.get(f"report_province.{size}")
        if not national or not province or not base_n or not base_p:
            continue
        lines.append(
            f"| {label(size)} | {_n(run.stores.get(size, 0))} | {_s(national.seconds)} "
            f"| {national.seconds / base_n.seconds:.2f}× | {_s(national.cpu)} | {national.peak_mb:.0f} MB "
            f"| {_s(province.seconds)} | {province.seconds / base_p.seconds:.2f}× | {_s(province.cpu)} "
            f"| {province.peak_mb:.0f} MB | {len(national.samples)} |"
        )
    return lines


OTHER = [
    ("startup.python", "`python -c pass` (the floor of any start)"),
    ("startup.help", "`egovkpi --help`"),
    ("add", "`add` (a new figure, another key each run)"),
    ("history", '`history -p "Phú Yên" -k online_dossiers`'),
    ("export_csv", "`export --format csv -o FILE`"),
    ("export_xlsx", "`export --format xlsx -o FILE`"),
    ("merge", "`merge` of two stores of half the figures each"),
    ("import_xlsx", "`import` of an .xlsx file"),
    ("rank", "`rank` (the composite)"),
    ("report_html", "`report --format html -o FILE` (national)"),
    ("summary", "`summary` (national, the e-mail printed)"),
    ("missing", "`missing`"),
    ("withdraw", "`withdraw` (one figure each run)"),
    ("import_revisions", "`import` of the revisions file (~5%: each row a revision 2)"),
]


def _other_table(run: Run) -> list[str]:
    lines = [
        "| command | on | median | rows/s | CPU | runs (min–max s) | peak memory | note |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | --- |",
    ]
    for prefix, title in OTHER:
        keys = sorted(key for key in run.measurements if key == prefix or key.startswith(prefix + "."))
        for key in keys:
            m = run.measurements[key]
            where = m.title
            if m.unavailable:
                lines.append(f"| {title} | {where} | not available | | | | | {m.unavailable} |")
                continue
            if not m.samples:
                continue
            rate = _n(m.rate) if m.rows else ""
            lines.append(
                f"| {title} | {where} | {_s(m.seconds)} | {rate} | {_s(m.cpu)} | {len(m.samples)} ({m.spread}) "
                f"| {m.peak_mb:.0f} MB | {m.note} |"
            )
    return lines


def _profile_section(profile: Profile) -> list[str]:
    lines = [
        f"### {profile.title}",
        "",
        f"`{profile.command}`: {profile.total:.2f} s under cProfile (which slows Python code about 1.5–2×; the "
        "shares are what matter).",
        "",
        "Top functions by cumulative time (the call chain of runpy, typer, click and egovkpi's `main` left out):",
        "",
        "| cumulative | share | self | calls | function |",
        "| ---: | ---: | ---: | ---: | --- |",
    ]
    for name, calls, own, total in profile.top("cumulative", 25):
        lines.append(f"| {total:.2f} s | {total / profile.total:.0%} | {own:.2f} s | {calls:,} | `{name}` |")
    lines += [
        "",
        "Top functions by their own time (self):",
        "",
        "| self | share | cumulative | calls | function |",
        "| ---: | ---: | ---: | ---: | --- |",
    ]
    for name, calls, own, total in profile.top("self", 15):
        lines.append(f"| {own:.2f} s | {own / profile.total:.0%} | {total:.2f} s | {calls:,} | `{name}` |")
    return [*lines, ""]


def _importtime_section(times: ImportTimes) -> list[str]:
    lines = [
        "### start-up (`-X importtime`)",
        "",
        f"`{times.command}`: {times.total_us / 1000:.0f} ms of imports (one run, with `-X importtime`'s own cost).",
        "",
        "| package | cumulative import time |",
        "| --- | ---: |",
    ]
    lines += [f"| `{name}` | {us / 1000:.1f} ms |" for name, us in times.packages]
    return [*lines, ""]


def _dataset_lines(run: Run) -> list[str]:
    lines = [
        "| size | rows in the import file | periods | by period length (months: figures) | provincial units "
        "| KPIs | revisions | withdrawals | figures stored (every revision) |",
        "| ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, info in sorted(run.datasets.items()):
        tiers = ", ".join(f"{months}: {count:,}" for months, count in info["by_period_length"].items())
        lines.append(
            f"| {label(size)} | {info['rows']:,} | {info['first_period']} … {info['last_period']} | {tiers} "
            f"| {info['provincial_units']} + national | {info['kpis']} | {info['revisions']:,} "
            f"| {info['withdrawals']} | {_n(run.stores[size]) if size in run.stores else '—'} |"
        )
    return lines


def _busy(run: Run) -> list[str]:
    """A warning when other work shared the machine: the 1-minute load average above the core count."""
    loads = [m.load for m in run.measurements.values() if m.samples]
    cores = os.cpu_count() or 1
    if not loads or max(loads) <= cores:
        return []
    return [
        f"**The machine was busy with other work during this run** (1-minute load average {min(loads):.1f} to "
        f"{max(loads):.1f} on {cores} cores): wall times are slower than on an idle machine. CPU times (user + "
        "system of the command alone) are shown beside them and are the fairer comparison between runs.",
        "",
    ]


def render(run: Run) -> str:
    out = [
        f"# Benchmark results: {run.label}",
        "",
        "Written by `benchmarks/run.py` (see `benchmarks/README.md`); every figure is the median of the runs shown, "
        "each run a fresh process, timed from start to exit; peak memory is the largest resident set of any run.",
        "",
        f"- date: {run.started}",
        f"- code: commit {run.commit}",
        f"- command: `{run.command}`",
        f"- the whole run took {run.seconds / 60:.1f} minutes",
        f"- sizes: {', '.join(label(size) for size in run.sizes)}; runs per figure: {run.repeat} "
        f"({run.big_repeat} for imports of a million rows or more; at least 3 where runs take minutes, see each "
        "figure's runs)",
        "",
        *_busy(run),
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in run.machine.items()],
        "",
        "## The goals of issue 16",
        "",
        *_goal_table(run),
        "",
    ]
    if run.largest != BIG:
        out += [
            f"The largest store of this run is {label(run.largest)}, not 1M: the goals are judged at "
            f"{label(run.largest)} (a `--quick` or `--sizes` run).",
            "",
        ]
    out += ["## Import", "", *_import_table(run), ""]
    out += [
        "The floor is `benchmarks/bench_floor.py`: Python's `csv` module and `sqlite3` `executemany` of the same "
        "file's rows into a table with the columns of egovkpi's `figures` table and its indexes (the unique one on "
        "(scope, kpi, period, revision), the partial one of figures with counts), WAL mode, one transaction, no "
        "checking. It runs in the same run, "
        "alternating with egovkpi's runs.",
        "",
        "## Reports",
        "",
        *_report_table(run),
        "",
        "## Every timing",
        "",
        *_other_table(run),
        "",
        "## Where the time goes",
        "",
    ]
    for profile in run.profiles:
        out += _profile_section(profile)
    if run.importtime:
        out += _importtime_section(run.importtime)
    if not run.profiles and not run.importtime:
        out += ["Not profiled in this run (`--profile` profiles).", ""]
    out += ["## The dataset", "", *_dataset_lines(run), ""]
    out += [
        "Generated by `benchmarks/bench_data.py` (seeded; the same files on every machine): every provincial unit "
        "of both maps in the periods it existed (the 63 until June 2025, the 34 from July 2025 up to the current "
        "month, November 2026, partial) and the nation, times every KPI of `targets.yaml` (national-only KPIs for "
        "the nation alone); the newest months first, depth by depth, back as far as the size needs (January 2000 "
        "at the earliest; past every month, quarters). The store of each size is built in this run by the real "
        "`egovkpi import` (the first timed run), then the revisions file, then `egovkpi withdraw` of each "
        "withdrawal.",
        "",
    ]
    if run.notes:
        out += ["## Notes", "", *[f"- {note}" for note in run.notes], ""]
    return "\n".join(out) + "\n"
