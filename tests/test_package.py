"""The package as a whole: public names, import cost, the demo."""

import subprocess
import sys

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


@pytest.mark.slow
def test_demo_tunes_timesteps_and_units_and_beats_the_naive_forecast(capsys, tmp_path):
    from sklstm.__main__ import demo

    scores = demo(quick=True, output=tmp_path)
    out = capsys.readouterr().out
    assert "(1, 309, 1)" in out and "(309, 11, 1)" in out
    assert "Cross-validated RMSE per candidate" in out
    assert scores["best_timesteps"] in (3, 11) and scores["best_units"] in (4, 8)
    assert scores["model_rmse"] < 0.8 * scores["naive_rmse"]
    assert scores["plot"].stat().st_size > 10_000
