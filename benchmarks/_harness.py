"""Shared helpers of the benchmarks: fresh child processes, peak memory, tables.

Every measurement that involves memory runs in a fresh child process (the
benchmark script itself, started again with ``--child <json>``), so that one
method's allocations, caches and imports never colour another's figures.

Peak memory is the peak resident set size (RSS) of the child during the
measured call, minus its RSS right before the call. Right before the call the
kernel's high-water mark of the process is reset (``echo 5 >
/proc/self/clear_refs``, Linux 4.0 and later), so that the peak belongs to the
call and not to an earlier moment of the child (imports, data generation); the
peak is then read as ``VmHWM`` from ``/proc/self/status``. This is the figure
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` reports too, except that
``ru_maxrss`` never drops below the RSS the parent had when it started the
child (Linux carries it over ``exec``), which would hide every peak smaller
than the parent's own size. Where ``/proc`` is not available, ``ru_maxrss`` is
used, and the results say that the peak could not be reset (``peak_reset``).
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from importlib import metadata

CHILD_FLAG = "--child"
_RESULT_PREFIX = "BENCHMARK-RESULT "
MB = 2**20


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            match = re.search(rf"^{field}:\s+(\d+) kB", fh.read(), re.MULTILINE)
    except OSError:
        return None
    return int(match.group(1)) if match else None


def rss_mb() -> float:
    """The current resident set size of this process, in MiB."""
    kb = _status_kb("VmRSS")
    if kb is None:  # not Linux: the peak is the best estimate there is
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024


def peak_rss_mb() -> float:
    """The peak resident set size since the last reset, in MiB."""
    kb = _status_kb("VmHWM")
    if kb is None:  # not Linux: the lifetime peak (kB on Linux, bytes on macOS)
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024


def reset_peak_rss() -> bool:
    """Reset the kernel's RSS high-water mark of this process (Linux only)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


class PeakMemory:
    """Measure the RSS that a block of code adds at its peak.

    ``before_mb`` is the RSS on entry, ``peak_mb`` the peak RSS during the
    block (absolute) and ``delta_mb`` their difference.
    """

    def __enter__(self):
        self.peak_reset = reset_peak_rss()
        self.before_mb = rss_mb()
        return self

    def __exit__(self, *exc):
        self.peak_mb = peak_rss_mb()
        self.delta_mb = self.peak_mb - self.before_mb
        return False


def best_time(fn, *, repeats: int, budget_s: float) -> tuple[float, int]:
    """Best wall time of ``fn()`` over up to ``repeats`` calls.

    Stops early once ``budget_s`` seconds have been spent (one call at least).
    Returns the best time in seconds and the number of calls.
    """
    times: list[float] = []
    spent_start = time.perf_counter()
    while len(times) < repeats:
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result
        if time.perf_counter() - spent_start > budget_s:
            break
    return min(times), len(times)


def run_child(script: str, payload: dict, *, timeout_s: float = 1800) -> dict:
    """Run ``script --child <payload>`` in a fresh interpreter; return its result."""
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, script, CHILD_FLAG, json.dumps(payload)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout_s,
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(_RESULT_PREFIX):
            result = json.loads(line[len(_RESULT_PREFIX) :])
            result["child_wall_s"] = time.perf_counter() - start
            return result
    tail = "\n".join((proc.stderr or proc.stdout).splitlines()[-20:])
    raise RuntimeError(
        f"benchmark child {payload} failed (exit code {proc.returncode}):\n{tail}"
    )


def child_entry(handler) -> bool:
    """If started with ``--child``, run ``handler(payload)`` and print its result.

    Returns True in a child (the caller should then exit), False otherwise.
    """
    if len(sys.argv) < 3 or sys.argv[1] != CHILD_FLAG:
        return False
    result = handler(json.loads(sys.argv[2]))
    print(_RESULT_PREFIX + json.dumps(result), flush=True)
    return True


def _version(package: str) -> str:
    # TensorFlow's CPU build is installed under another name, same module.
    for name in (package, f"{package}-cpu"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return "not installed"


def machine_info() -> str:
    """One line about the machine and the versions the figures come from."""
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            match = re.search(r"^model name\s*:\s*(.+)$", fh.read(), re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    except OSError:
        pass
    try:
        n_cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        n_cpus = os.cpu_count()
    memory = "unknown"
    try:
        with open("/proc/meminfo") as fh:
            match = re.search(r"^MemTotal:\s+(\d+) kB", fh.read(), re.MULTILINE)
        memory = f"{int(match.group(1)) / 2**20:.1f} GiB" if match else memory
    except OSError:
        pass
    versions = ", ".join(
        f"{name} {_version(name)}"
        for name in ("numpy", "pandas", "scikit-learn", "tensorflow", "keras")
    )
    try:
        load = "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = "load average unknown"
    return (
        f"{n_cpus} CPUs ({cpu}), {memory} RAM, Python {platform.python_version()}, "
        f"{versions}; {load} at start"
    )


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table with aligned columns (numbers right-aligned)."""
    widths = [
        max(len(str(cell)) for cell in column)
        for column in zip(headers, *rows, strict=True)
    ]

    def line(cells):
        padded = []
        for cell, width in zip(cells, widths, strict=True):
            text = str(cell)
            numeric = bool(re.match(r"^[-+~]?[\d.,]+", text))
            padded.append(text.rjust(width) if numeric else text.ljust(width))
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def ratio(value: float, reference: float) -> str:
    """``value / reference`` as ``"12.3x"`` (three significant figures)."""
    if reference <= 0:
        return "n/a"
    r = value / reference
    if r >= 100:
        return f"{r:,.0f}x"
    if r >= 10:
        return f"{r:.1f}x"
    return f"{r:.2f}x"
