"""The benchmark suite of issue 16: egovkpi at national scale, measured against its goals and its floor.

    .venv/bin/python benchmarks/run.py                    # 10k, 100k and 1M; 5 runs each (3 for the 1M import)
    .venv/bin/python benchmarks/run.py --quick            # 10k and 100k, 3 runs, no profile: for development
    .venv/bin/python benchmarks/run.py --sizes 10k,100k --repeat 5 --only import,report

Generates the national dataset (`bench_data.py`, cached in benchmarks/.cache), builds each store with the real
`egovkpi import`, times every command of issue 16 in fresh subprocesses with an environment of their own, and
writes benchmarks/RESULTS.md (and results.json beside it). Run by hand; never by the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shlex
import shutil
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import bench_data
import bench_results
from bench_measure import CommandFailed, Measurement, Sample, bench_env, enough, log, repeat, run_once
from bench_results import label

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
GROUPS = ("startup", "import", "report", "commands", "merge", "xlsx", "missing", "profile")
XLSX_ROWS = 100_000  # the Excel import is of 100k rows whatever the sizes
PROVINCE = "Phú Yên"
HISTORY_KPI = bench_data.HISTORY_KPI


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "").replace(",", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_db(source: Path, target: Path) -> None:
    remove_db(target)
    shutil.copyfile(source, target)


def checkpoint(path: Path) -> int:
    """Fold the WAL into the main file, so that the store is one file to cache and copy; the figures it holds."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows: int = conn.execute("SELECT count(*) FROM figures").fetchone()[0]
    finally:
        conn.close()
    return rows


def schema_key() -> str:
    """Stores are cached per generator version and per egovkpi schema (its migrations)."""
    digest = hashlib.sha256((ROOT / "egovkpi" / "migrations.py").read_bytes()).hexdigest()[:10]
    return f"v{bench_data.GENERATOR_VERSION}-{digest}"


class Suite:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.sizes: list[int] = sorted({parse_size(size) for size in args.sizes.split(",")})
        self.repeat: int = args.repeat
        self.big_repeat: int = min(args.big_repeat, args.repeat)
        self.largest = max(self.sizes)
        self.xlsx_size = XLSX_ROWS if XLSX_ROWS in self.sizes else min(self.sizes)
        self.groups = set(args.only.split(",")) if args.only else set(GROUPS)
        if not args.profile:
            self.groups.discard("profile")
        self.data_dir = CACHE / f"data-v{bench_data.GENERATOR_VERSION}"
        self.store_dir = CACHE / f"stores-{schema_key()}"
        self.work = CACHE / "work" / f"run-{os.getpid()}"
        self.home = self.work / "home"
        self.egovkpi = str(Path(sys.executable).with_name("egovkpi"))
        self.measurements: dict[str, Measurement] = {}
        self.datasets: dict[int, dict[str, Any]] = {}
        self.stores: dict[int, int] = {}
        self.notes: list[str] = []
        self.profiles: list[bench_results.Profile] = []
        self.importtime: bench_results.ImportTimes | None = None

    # ---- running

    def output(self, name: str) -> Path:
        return self.work / f"{name}.out"

    def run(self, db: Path, name: str, args: Sequence[str], ok: Sequence[int] = (0,)) -> Sample:
        return run_once(args, bench_env(db, self.home), self.work, self.output(name), ok=ok)

    def cli(self, db: Path, name: str, *args: str, ok: Sequence[int] = (0,)) -> Sample:
        return self.run(db, name, [self.egovkpi, *args], ok=ok)

    def expect(self, name: str, text: str) -> None:
        said = self.output(name).read_text(encoding="utf-8", errors="replace")
        if text not in said:
            raise CommandFailed(f"{name}: expected {text!r} in its output, got:\n{said[:2000]}")

    def measure(
        self,
        key: str,
        title: str,
        runs: int,
        once: Callable[[int], Sample],
        *,
        rows: int | None = None,
        note: str = "",
        warmup: Callable[[], object] | None = None,
        before: Callable[[int], object] | None = None,
    ) -> Measurement:
        log(f"{key}: {title}, {runs} run(s)")
        measurement = Measurement(key, title, rows=rows, note=note)
        self.measurements[key] = measurement
        return repeat(measurement, runs, once, budget=self.args.budget, warmup=warmup, before=before)

    # ---- data and stores

    def files(self, size: int) -> bench_data.Files:
        if not bench_data.files(self.data_dir, size).info.exists():
            log(f"generating the {label(size)} dataset in {self.data_dir}")
        found = bench_data.ensure(self.data_dir, size)
        self.datasets[size] = found.describe()
        return found

    def store(self, size: int) -> Path:
        return self.store_dir / f"store-{size}.db"

    def finish_store(self, size: int, db: Path) -> None:
        """Revisions and withdrawals on a freshly imported store, which then becomes the cached store."""
        files = self.files(size)
        revisions = int(self.datasets[size]["revisions"])
        sample = self.cli(db, "revisions", "import", str(files.revisions))
        self.expect("revisions", f"0 new, {revisions} revised")
        key = f"import_revisions.{size}"
        self.measurements[key] = Measurement(key, f"{label(size)} store", [sample], rows=revisions, note="one run")
        withdrawals = json.loads(files.withdrawals.read_text(encoding="utf-8"))
        key = f"withdraw.{size}"
        self.measurements[key] = Measurement(key, f"{label(size)} store", note="a different figure each run")
        for item in withdrawals:
            args = ["-p", item["province"], "-k", item["kpi"], "--period", item["period"]]
            sample = self.cli(db, "withdraw", "withdraw", *args, "--reason", "benchmark: withdrawn")
            self.measurements[key].samples.append(sample)
        self.stores[size] = checkpoint(db)
        self.store_dir.mkdir(parents=True, exist_ok=True)
        remove_db(self.store(size))
        shutil.move(db, self.store(size))
        (self.store_dir / f"store-{size}.json").write_text(json.dumps({"rows": self.stores[size]}), encoding="utf-8")

    def ensure_store(self, size: int) -> Path:
        """The cached store of this size; built (one untimed import) when this run did not import it."""
        path = self.store(size)
        info = self.store_dir / f"store-{size}.json"
        if not path.exists() or not info.exists():
            log(f"building the {label(size)} store (not measured)")
            db = self.work / f"build-{size}.db"
            remove_db(db)
            self.cli(db, "build", "import", str(self.files(size).figures))
            self.finish_store(size, db)
            for key in (f"import_revisions.{size}", f"withdraw.{size}"):
                self.measurements[key].note += "; while building a store for a run without `import`"
        self.files(size)
        self.stores[size] = int(json.loads(info.read_text(encoding="utf-8"))["rows"])
        return path

    def half_store(self, size: int, half: str) -> Path:
        """The store of the first (a) or second (b) half of the figures file, every revision of its figures: the
        store of this size with the other half's figures deleted. Its figures' first revisions were stored in the
        file's order, so the first half is the figures whose revision 1 has an id up to size / 2."""
        path = self.store_dir / f"half-{half}-{size}.db"
        if not path.exists():
            log(f"making the merge store {path.name} from the {label(size)} store")
            db = self.work / f"half-{half}.db"
            copy_db(self.ensure_store(size), db)
            keep = "NOT EXISTS" if half == "a" else "EXISTS"
            conn = sqlite3.connect(db, isolation_level=None)
            try:  # the figures first recorded in the first half of the import, in an indexed table: at 1M a
                # row-value IN (SELECT ...) with a small page cache read hundreds of GB and did not end in 10 minutes
                conn.execute("PRAGMA cache_size = -400000")
                conn.execute("BEGIN")
                conn.execute(
                    "CREATE TEMP TABLE chosen AS SELECT scope, kpi, period FROM figures WHERE revision = 1 AND id <= ?",
                    (size // 2,),
                )
                conn.execute("CREATE UNIQUE INDEX temp.chosen_key ON chosen (scope, kpi, period)")
                conn.execute(
                    f"DELETE FROM figures WHERE {keep} (SELECT 1 FROM chosen c WHERE c.scope = figures.scope "
                    "AND c.kpi = figures.kpi AND c.period = figures.period)"
                )
                conn.execute("COMMIT")
                conn.execute("VACUUM")
            finally:
                conn.close()
            checkpoint(db)
            self.store_dir.mkdir(parents=True, exist_ok=True)
            shutil.move(db, path)
        return path

    # ---- the measurements

    def startup(self) -> None:
        runs = max(10, self.repeat)
        db = self.work / "none.db"
        self.measure(
            "startup.python",
            "nothing",
            runs,
            lambda i: self.run(db, "pass", [sys.executable, "-c", "pass"]),
            warmup=lambda: self.run(db, "pass", [sys.executable, "-c", "pass"]),
        )
        self.measure(
            "startup.help",
            "nothing",
            runs,
            lambda i: self.cli(db, "help", "--help"),
            warmup=lambda: self.cli(db, "help", "--help"),
        )

    def imports(self, size: int) -> None:
        files = self.files(size)
        runs = self.big_repeat if size >= bench_results.BIG else self.repeat
        note = f"{runs} runs, not {self.repeat}: a million rows takes minutes" if runs < self.repeat else ""
        ours = Measurement(f"import.{size}", f"{label(size)} rows, empty store", rows=size, note=note)
        floor = Measurement(f"floor.{size}", f"{label(size)} rows, empty table", rows=size, note=note)
        self.measurements[ours.key], self.measurements[floor.key] = ours, floor
        log(f"import.{size}: {label(size)} rows, up to {runs} run(s), alternating with the floor")
        db, floor_db = self.work / f"import-{size}.db", self.work / f"floor-{size}.db"
        while not enough(ours.samples, runs, self.args.budget * 3):
            remove_db(db)
            sample = self.cli(db, "import", "import", str(files.figures))
            self.expect("import", f"{size} new, 0 revised")
            ours.samples.append(sample)
            log(f"  import {label(size)} [{len(ours.samples)}/{runs}] {sample.seconds:.2f} s, "
                f"{size / sample.seconds:,.0f} rows/s, {sample.max_rss_mb:.0f} MB")  # fmt: skip
            if len(ours.samples) == 1:
                self.finish_store(size, db)  # the store every later measurement reads: built by this run
            remove_db(db)
            remove_db(floor_db)
            floor_args = [sys.executable, str(HERE / "bench_floor.py"), str(files.figures), str(floor_db)]
            sample = self.run(floor_db, "floor", floor_args)
            self.expect("floor", str(size))
            floor.samples.append(sample)
            log(f"  floor {label(size)} [{len(floor.samples)}/{runs}] {sample.seconds:.2f} s, "
                f"{size / sample.seconds:,.0f} rows/s, {sample.max_rss_mb:.0f} MB")  # fmt: skip
            remove_db(floor_db)
        if len(ours.samples) < runs:
            ours.note = floor.note = f"{len(ours.samples)} runs, not {runs}: each takes {ours.seconds:.0f} s"

    def reports(self, size: int) -> None:
        store = self.ensure_store(size)
        for key, args in (("report_national", ()), ("report_province", ("--province", PROVINCE))):
            name = f"{key}.{size}"

            def once(i: int, args: tuple[str, ...] = args, name: str = name) -> Sample:
                return self.cli(store, name, "report", *args)

            self.measure(name, f"{label(size)} store", self.repeat, once, warmup=lambda: once(-1))

    def commands(self) -> None:
        size = self.largest
        store = self.ensure_store(size)
        at = f"{label(size)} store"
        scratch = self.work / "scratch.db"
        copy_db(store, scratch)

        def add(i: int) -> Sample:
            args = ["-p", "national", "-k", "e_documents", "--period", f"{2001 + i}-H1", "--value", f"{50 + i}.5"]
            sample = self.cli(scratch, "add", "add", *args, "--source", "benchmark")
            self.expect("add", "(revision 1)")
            return sample

        self.measure("add", at, self.repeat, add, warmup=lambda: add(-1))
        self.measure(
            "history",
            at,
            self.repeat,
            lambda i: self.cli(store, "history", "history", "-p", PROVINCE, "-k", HISTORY_KPI),
            warmup=lambda: self.cli(store, "history", "history", "-p", PROVINCE, "-k", HISTORY_KPI),
        )
        current = size - int(self.datasets[size]["withdrawals"])  # withdrawn figures are not exported
        exported = self.work / "export.csv"
        self.measure(
            "export_csv",
            at,
            self.repeat,
            lambda i: self.cli(store, "export", "export", "--format", "csv", "-o", str(exported), "--force"),
            rows=current,
            note="every current figure, to a file",
        )
        exported.unlink(missing_ok=True)
        self.measure("rank", at, self.repeat, lambda i: self.cli(store, "rank", "rank"))
        page = self.work / "report.html"
        self.measure(
            "report_html",
            at,
            self.repeat,
            lambda i: self.cli(store, "html", "report", "--format", "html", "-o", str(page)),
        )
        self.measure(  # the cron job: the national summary e-mail, printed (a dry run sends nothing)
            "summary", at, self.repeat, lambda i: self.cli(store, "summary", "summary"), note="dry run, printed"
        )
        remove_db(scratch)

    def missing(self) -> None:
        size = self.largest
        store = self.ensure_store(size)
        try:
            self.cli(store, "missing-help", "missing", "--help")
        except CommandFailed as exc:
            reason = str(exc).strip().splitlines()[-1][:200]
            self.measurements["missing"] = Measurement(
                "missing", f"{label(size)} store", unavailable=f"`egovkpi missing --help` failed: {reason}"
            )
            log(f"missing: not available ({reason})")
            return
        self.measure(
            "missing",
            f"{label(size)} store",
            self.repeat,
            lambda i: self.cli(store, "missing", "missing", ok=(0, 3)),
            note="every KPI's latest period due; exit 3: reports are missing",
        )

    def merge(self) -> None:
        size = self.largest
        ours, theirs = self.half_store(size, "a"), self.half_store(size, "b")
        target = self.work / "merge-target.db"
        rows = checkpoint(theirs)
        self.measure(
            f"merge.{size}",
            f"two {label(size // 2)} stores (halves of {label(size)})",
            self.repeat,
            lambda i: self.cli(target, "merge", "merge", str(theirs), "--db", str(target), ok=(0, 3)),
            before=lambda i: copy_db(ours, target),
            rows=rows,
            note="into a fresh copy of half a each run; rows/s: the revisions of half b merged in",
        )
        remove_db(target)

    def xlsx(self) -> None:
        path = self.data_dir / f"figures-{XLSX_ROWS}.xlsx"
        if not path.exists():
            log(f"writing {path.name} with openpyxl")
        path = bench_data.ensure_xlsx(self.data_dir, XLSX_ROWS)
        self.files(XLSX_ROWS)
        db = self.work / "xlsx.db"

        def load(i: int) -> Sample:
            sample = self.cli(db, "import-xlsx", "import", str(path))
            self.expect("import-xlsx", f"{XLSX_ROWS} new, 0 revised")
            return sample

        self.measure(
            "import_xlsx",
            f"{label(XLSX_ROWS)} rows, empty store",
            self.repeat,
            load,
            before=lambda i: remove_db(db),
            rows=XLSX_ROWS,
        )
        remove_db(db)
        store = self.ensure_store(self.xlsx_size)
        book = self.work / "export.xlsx"
        current = self.xlsx_size - int(self.datasets[self.xlsx_size]["withdrawals"])
        self.measure(
            "export_xlsx",
            f"{label(self.xlsx_size)} store",
            self.repeat,
            lambda i: self.cli(store, "export-xlsx", "export", "--format", "xlsx", "-o", str(book), "--force"),
            rows=current,
            note=f"at {label(self.xlsx_size)} only: openpyxl writes a million rows in minutes",
        )
        book.unlink(missing_ok=True)

    def profile(self) -> None:
        size = XLSX_ROWS if XLSX_ROWS in self.sizes else min(self.sizes)
        files = self.files(size)
        db = self.work / "profile-import.db"
        remove_db(db)
        python = [sys.executable, "-m", "cProfile", "-o"]
        stats = self.work / "import.prof"
        log(f"profile: import of {label(size)} rows under cProfile")
        self.run(db, "profile-import", [*python, str(stats), "-m", "egovkpi", "import", str(files.figures)])
        self.profiles.append(
            bench_results.load_profile(stats, f"import of {label(size)} rows", f"egovkpi import figures-{size}.csv")
        )
        remove_db(db)
        store = self.ensure_store(self.largest)
        at = label(self.largest)
        for title, args in (("national report", ()), ("province report", ("--province", PROVINCE))):
            stats = self.work / f"{title.replace(' ', '-')}.prof"
            log(f"profile: {title} on the {at} store under cProfile")
            self.run(store, "profile-report", [*python, str(stats), "-m", "egovkpi", "report", *args])
            shown = " ".join(shlex.quote(arg) for arg in ("egovkpi", "report", *args))
            self.profiles.append(bench_results.load_profile(stats, f"{title} on the {at} store", shown))
        log("profile: egovkpi --help with -X importtime")
        self.run(store, "importtime", [sys.executable, "-X", "importtime", "-m", "egovkpi", "--help"])
        self.importtime = bench_results.load_importtime(
            self.output("importtime").with_name("importtime.out.err"), "python -X importtime -m egovkpi --help"
        )

    # ---- the whole run

    def go(self) -> bench_results.Run:
        started = dt.datetime.now().astimezone()
        clock = time.perf_counter()
        machine = bench_results.machine()
        self.work.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(exist_ok=True)
        for size in self.sizes:
            self.files(size)
        if "startup" in self.groups:
            self.startup()
        if "import" in self.groups:
            for size in self.sizes:
                self.imports(size)
        if "report" in self.groups:
            for size in self.sizes:
                self.reports(size)
        if "commands" in self.groups:
            self.commands()
        if "missing" in self.groups:
            self.missing()
        if "merge" in self.groups:
            self.merge()
        if "xlsx" in self.groups:
            self.xlsx()
        if "profile" in self.groups:
            self.profile()
        loads = [m.load for m in self.measurements.values()]
        self.notes += [
            "Each run is a fresh process, started by a small wrapper process that times it from start to exit and "
            "reports `resource.getrusage(RUSAGE_CHILDREN)` for it: its peak resident memory (the wrapper's own "
            "~10 MB is the least any command can show) and its CPU time (user + system), shown beside the wall "
            "time because CPU time is less swayed by other work on the machine. Standard output goes to a file.",
            "Every command runs with an environment of its own: `EGOVKPI_DB` at the store measured, "
            "`EGOVKPI_LANG=en`, `EGOVKPI_TARGETS` the repository's targets.yaml, `COLUMNS=80`, `NO_COLOR=1`, "
            "a scratch `HOME`, the C.UTF-8 locale; nothing else of the caller's environment but `PATH`.",
            "Short commands and every report get one untimed warm-up run first, reports of the 10k and the 1M store "
            "alike (the machine measured reclaims idle file pages: a third of the 1M store's cached pages went in 90 s "
            "idle, so a report run after a pause reads part of the store from disk); imports, exports and merges "
            "do not.",
            f"An import of a million rows or more has at most {self.big_repeat} run(s) (it takes minutes); every "
            "figure is the median of the runs shown.",
        ]
        if self.groups & {"commands", "missing", "merge"}:
            self.notes.append(
                f"`add`, `history`, `export`, `rank`, the HTML report, `summary`, `missing` and `merge` run on the "
                f"largest store ({label(self.largest)})."
            )
        if "xlsx" in self.groups:
            self.notes.append(
                f"The Excel export runs on the {label(self.xlsx_size)} store only (openpyxl would take minutes a run "
                "at a million rows); the Excel import is of 100k rows into an empty store."
            )
        if "merge" in self.groups:
            self.notes.append(
                "`merge` merges the store of the second half of the figures file into a fresh copy of the store of "
                "the first half, each run. The two stores are made from the store of that size by deleting the other "
                "half's figures (SQL, then VACUUM), so each keeps every revision of its own figures."
            )
        self.notes += [
            f"Where runs take long, a figure has fewer runs (never under 3): its runs stop once another would pass "
            f"{self.args.budget:.0f} s ({self.args.budget * 3:.0f} s for an import); the runs column and the note "
            "say so.",
            f"The 1-minute load average ran from {min(loads, default=0):.1f} to {max(loads, default=0):.1f} as the "
            f"figures began, and was {bench_results.load()} (1, 5, 15 minutes) at the end, on {os.cpu_count()} "
            "cores (the suite itself keeps one busy); a load above the core count would say that other work shared "
            "the machine, and wall times were slower than on an idle one (the CPU times less so).",
        ]
        return bench_results.Run(
            label=self.args.label,
            command=" ".join(shlex.quote(arg) for arg in ["python", "benchmarks/run.py", *sys.argv[1:]]),
            started=started.strftime("%Y-%m-%d %H:%M %Z"),
            seconds=time.perf_counter() - clock,
            sizes=self.sizes,
            repeat=self.repeat,
            big_repeat=self.big_repeat,
            largest=self.largest,
            xlsx_size=self.xlsx_size,
            measurements=self.measurements,
            datasets={size: dict(info) for size, info in self.datasets.items()},
            stores=self.stores,
            machine=machine,
            commit=bench_results.commit(),
            notes=self.notes,
            profiles=self.profiles,
            importtime=self.importtime,
        )


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m", help="store sizes, comma-separated [default: 10k,100k,1m]")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the median is shown [default: 5]")
    parser.add_argument(
        "--big-repeat", type=int, default=3, help="runs of an import of a million rows or more [default: 3]"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=150,
        help="seconds a figure's runs may take: past it, 3 runs (imports: 3× this) [default: 150]",
    )
    parser.add_argument("--quick", action="store_true", help="10k and 100k, 3 runs each, no profile; for development")
    parser.add_argument(
        "--profile",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="cProfile the import and the reports, -X importtime the start-up [default: on, off with --quick]",
    )
    parser.add_argument("--only", default="", help=f"only these groups, comma-separated: {', '.join(GROUPS)}")
    parser.add_argument(
        "--render", type=Path, default=None, help="write RESULTS.md again from this results.json, measuring nothing"
    )
    parser.add_argument("--label", default="", help="the results' title [default: the date]")
    parser.add_argument(
        "--output", type=Path, default=None, help="RESULTS.md to write [default: benchmarks/RESULTS.md; --quick: "
        "benchmarks/.cache/RESULTS-quick.md]",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.quick:
        if args.sizes == parser.get_default("sizes"):
            args.sizes = "10k,100k"
        if args.repeat == parser.get_default("repeat"):
            args.repeat = 3
    if args.profile is None:
        args.profile = not args.quick
    args.output_given = args.output is not None
    if args.output is None:
        args.output = CACHE / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md"
    if not args.label:
        args.label = dt.date.today().isoformat() + (" (quick)" if args.quick else "")
    unknown = set(filter(None, args.only.split(","))) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {', '.join(sorted(unknown))}; choose from {', '.join(GROUPS)}")
    return args


def stop(signum: int, frame: object) -> None:
    """SIGTERM as Ctrl-C: the command running is killed, the work folder removed."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    if args.render is not None:
        run = bench_results.Run.from_json(json.loads(args.render.read_text(encoding="utf-8")))
        output = args.output if args.output_given else args.render.with_name(f"RESULTS{args.render.stem[7:]}.md")
        output.write_text(bench_results.render(run), encoding="utf-8")
        log(f"wrote {output}")
        return 0
    signal.signal(signal.SIGTERM, stop)
    suite = Suite(args)
    if not Path(suite.egovkpi).exists():
        log(f"no egovkpi beside {sys.executable}: install it first (.venv/bin/pip install -e .)")
        return 2
    try:
        run = suite.go()
    except CommandFailed as exc:
        log(f"failed: {exc}")
        return 1
    finally:
        shutil.rmtree(suite.work, ignore_errors=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(bench_results.render(run), encoding="utf-8")
    args.output.with_name(args.output.stem.lower() + ".json").write_text(
        json.dumps(run.as_json(), indent=1, ensure_ascii=False), encoding="utf-8"
    )
    log(f"wrote {args.output} ({run.seconds / 60:.1f} minutes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
