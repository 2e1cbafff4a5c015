"""Timing a command in a fresh subprocess: wall time, exit code and peak memory.

Each run goes through a small wrapper process (`python -I -S -c WRAPPER`), which starts the command, times it from
start to exit, and reports `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`: the peak resident memory of that one
command. (Reaping the command from this process instead would report at least this process's own peak: Linux
counts the parent's memory in a child until it execs, and this process holds the generated datasets.) The wrapper's
own ~10 MB is thus the least any command can show. Linux reports KiB; shown in MiB, written MB.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KIB_PER_MB = 1024 if sys.platform != "darwin" else 1024 * 1024  # macOS reports bytes


@dataclass(frozen=True)
class Sample:
    seconds: float
    max_rss_mb: float
    returncode: int
    cpu_seconds: float = 0.0  # user + system time of the command: less swayed than wall time by a busy machine


class CommandFailed(RuntimeError):
    pass


@dataclass
class Measurement:
    """Several runs of one command; the figure is their median."""

    key: str  # stable, for results.json: "import.1000000"
    title: str
    samples: list[Sample] = field(default_factory=list)
    rows: int | None = None  # rows handled per run, for rows/s
    note: str = ""
    unavailable: str = ""  # why it could not be measured
    load: float = field(default_factory=lambda: os.getloadavg()[0])  # the 1-minute load average when it began

    @property
    def seconds(self) -> float:
        return statistics.median(sample.seconds for sample in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(sample.cpu_seconds for sample in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(sample.max_rss_mb for sample in self.samples)

    @property
    def rate(self) -> float:
        return (self.rows or 0) / self.seconds

    @property
    def spread(self) -> str:
        times = [sample.seconds for sample in self.samples]
        return f"{min(times):.3f}–{max(times):.3f}"

    @classmethod
    def from_json(cls, key: str, data: dict[str, Any]) -> Measurement:
        samples = [
            Sample(seconds, rss, 0, cpu)
            for seconds, rss, cpu in zip(data["seconds"], data["max_rss_mb"], data["cpu_seconds"], strict=True)
        ]
        return cls(key, data["title"], samples, data["rows"], data["note"], data["unavailable"], data["load_at_start"])

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "runs": len(self.samples),
            "median_seconds": self.seconds if self.samples else None,
            "peak_mb": self.peak_mb if self.samples else None,
            "rows": self.rows,
            "rows_per_second": self.rate if self.samples and self.rows else None,
            "seconds": [sample.seconds for sample in self.samples],
            "max_rss_mb": [sample.max_rss_mb for sample in self.samples],
            "cpu_seconds": [sample.cpu_seconds for sample in self.samples],
            "load_at_start": self.load,
            "note": self.note,
            "unavailable": self.unavailable,
        }


def bench_env(db: Path, home: Path) -> dict[str, str]:
    """An environment of its own: nothing of the caller's egovkpi settings, store, locale or terminal."""
    env = {name: os.environ[name] for name in ("PATH", "SYSTEMROOT", "TMPDIR") if name in os.environ}
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "EGOVKPI_DB": str(db),
            "EGOVKPI_LANG": "en",
            "EGOVKPI_TARGETS": str(ROOT / "targets.yaml"),
            "EGOVKPI_USER": "bench",
            "COLUMNS": "80",
            "LINES": "24",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "PYTHONIOENCODING": "utf-8",
        }
    )
    return env


# The wrapper waits for the command in a blocking waitpid, so that its time ends when the command does: a wait with
# a timeout polls (subprocess sleeps up to 50 ms between looks), which rounded every time up by up to 50 ms. A timer
# kills a command that runs past the limit.
WRAPPER = """
import json, resource, subprocess, sys, threading, time
out, err, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open(out, "wb") as o, open(err, "wb") as e:
    start = time.perf_counter()
    child = subprocess.Popen(sys.argv[4:], stdin=subprocess.DEVNULL, stdout=o, stderr=e)
    late = threading.Timer(limit, child.kill)
    late.start()
    code = child.wait()
    seconds = time.perf_counter() - start
    late.cancel()
    if seconds >= limit:
        code = -9
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([seconds, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime]))
"""


def run_once(
    args: Sequence[str],
    env: dict[str, str],
    cwd: Path,
    output: Path,
    timeout: float = 3600.0,
    ok: Sequence[int] = (0,),
) -> Sample:
    """Run `args` once, its standard output to `output` and its standard error to `output`.err; raise CommandFailed
    on an exit code not in `ok`."""
    errors = output.with_name(output.name + ".err")
    wrapper = [sys.executable, "-I", "-S", "-c", WRAPPER, str(output), str(errors), str(timeout)]
    done = subprocess.run([*wrapper, *args], env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CommandFailed(f"the timing wrapper failed on {' '.join(args)}:\n{done.stderr[-2000:]}")
    seconds, max_rss, code, cpu = json.loads(done.stdout)
    if code not in ok:
        tail = errors.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise CommandFailed(f"{' '.join(args)} exited {code}:\n{tail}")
    return Sample(float(seconds), int(max_rss) / KIB_PER_MB, int(code), float(cpu))


Log = Callable[[str], None]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


MIN_RUNS = 3


def enough(samples: Sequence[Sample], runs: int, budget: float) -> bool:
    """Whether to stop: `runs` done, or at least MIN_RUNS done and another run would pass `budget` seconds."""
    if len(samples) >= runs:
        return True
    if len(samples) < min(MIN_RUNS, runs):
        return False
    spent = sum(sample.seconds for sample in samples)
    return spent + spent / len(samples) > budget


def repeat(
    measurement: Measurement,
    runs: int,
    once: Callable[[int], Sample],
    *,
    budget: float,
    warmup: Callable[[], object] | None = None,
    before: Callable[[int], object] | None = None,
) -> Measurement:
    """Up to `runs` samples of `once(i)`, fewer (never under MIN_RUNS) when they would take over `budget` seconds;
    `before(i)` (untimed) prepares run i; `warmup` runs once first, untimed."""
    if warmup is not None:
        warmup()
    index = 0
    while not enough(measurement.samples, runs, budget):
        if before is not None:
            before(index)
        sample = once(index)
        measurement.samples.append(sample)
        index += 1
        log(f"  {measurement.title} [{index}/{runs}] {sample.seconds:.3f} s, {sample.max_rss_mb:.0f} MB")
    if len(measurement.samples) < runs:
        shown = f"{len(measurement.samples)} runs, not {runs}: each takes {measurement.seconds:.0f} s"
        measurement.note = f"{shown}; {measurement.note}" if measurement.note else shown
    return measurement
