"""The package as a whole: public names, import cost, the demo."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sklstm


def test_public_names_are_exported():
    for name in sklstm.__all__:
        assert getattr(sklstm, name).__module__.startswith("sklstm.")


def test_importing_sklstm_for_windowing_does_not_import_tensorflow():
    code = (
        "import sys, numpy as np, sklstm;"
        "sklstm.SlidingWindow(timesteps=3).fit_transform(np.zeros((5, 2)));"
        "sklstm.SequencePadder().fit_transform([np.zeros(3), np.zeros(2)]);"
        "heavy = [m for m in ('tensorflow', 'keras', 'scikeras') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# What the main job may print: its report and the progress of the search.
REPORT_LINES = [
    r"",
    r"Yearly sunspot numbers \d{4}-\d{4}: \d+ values \(bundled data\)",
    r"The three axes of an LSTM input: \(n_samples, n_timesteps, n_features\)",
    r"  \S.* -> \(\d+(, \d+)*\) +\S.*",
    r"GridSearchCV: timesteps \[[\d, ]+\] x units \[[\d, ]+\] = \d+ candidates x "
    r"\d+ TimeSeriesSplit folds, \d+ epochs each",
    r"Search finished in \d+ s\. Cross-validated RMSE per candidate:",
    r" timesteps  units  cv RMSE  \+/-  rank",
    r" +\d+ +\d+ +\d+\.\d\d +\d+\.\d\d +\d+",
    r"Best: timesteps=\d+, units=\d+",
    r"Test RMSE on the last \d+ years \(\d{4}-\):",
    r"  (tuned LSTM pipeline|naive \(next = this year\)) +\d+\.\d\d",
    r"  the LSTM's error is \d+% of the naive forecast's",
    r"Plot saved to .*sunspots_forecast\.png",
    r"Forecast of the next \d+ years, each from the years before \(its forecasts "
    r"fed back\):",
    r"  \d{4} +-?\d+\.\d",
]
PROGRESS_LINES = [
    r"Fitting \d+ folds for each of \d+ candidates, totalling \d+ fits",
    r"\[CV\] END .*; total time= *\d+\.\ds",
]


@pytest.mark.slow
def test_demo_prints_its_report_only_and_beats_the_naive_forecast(tmp_path):
    """``python -m sklstm demo --quick`` as a user runs it, in a new process.

    Every line it prints, on stdout and stderr, in its own process and in the
    worker processes of the search, is a line of its report or of the
    search's progress: no start-up notes of TensorFlow (the CPU build, which
    the Makefile installs, and the switches the main job sets), no warnings.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TF_", "KERAS_"))  # as set by conftest.py
    }
    here = Path(sklstm.__file__).parents[1]  # this sklstm, installed or not
    run = subprocess.run(
        [sys.executable, "-m", "sklstm", "demo", "--quick", "--output", tmp_path],
        capture_output=True,
        text=True,
        cwd=here,
        env=env,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr
    allowed = re.compile("|".join(f"(?:{p})" for p in REPORT_LINES + PROGRESS_LINES))
    for stream, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        other = [line for line in text.splitlines() if not allowed.fullmatch(line)]
        assert not other, f"{len(other)} lines on {stream} are not the report's:\n" + (
            "\n".join(other)
        )
    out = run.stdout
    assert "(1, 309, 1)" in out and "(309, 11, 1)" in out
    assert "Cross-validated RMSE per candidate" in out
    assert out.count("[CV] END") == 8  # 4 candidates x 2 folds
    best = re.search(r"Best: timesteps=(\d+), units=(\d+)", out)
    assert best and int(best[1]) in (3, 11) and int(best[2]) in (4, 8)
    model = float(re.search(r"tuned LSTM pipeline +([\d.]+)", out)[1])
    naive = float(re.search(r"naive \(next = this year\) +([\d.]+)", out)[1])
    assert model < 0.8 * naive
    assert (tmp_path / "sunspots_forecast.png").stat().st_size > 10_000
    future = re.findall(r"^  (\d{4}) +-?\d+\.\d$", out, flags=re.MULTILINE)
    assert future == [str(year) for year in range(2009, 2020)]
