"""Every script in examples/ runs end to end, prints its result and saves a plot.

The scripts run in their small settings (``SKLSTM_QUICK=1``); the numbers they
return are checked here against their naive baselines.
"""

import math
import re
import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"


def run_example(name, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SKLSTM_QUICK", "1")
    monkeypatch.chdir(tmp_path)
    namespace = runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="__main__")
    return namespace.get("results"), capsys.readouterr().out


def test_every_example_is_checked_here():
    checked = {
        "tutorial_reshapes",
        "univariate_forecast",
        "multivariate_horizon",
        "panel_forecast",
        "sequence_classification",
        "step_tagging",
        "encoder_decoder_forecast",
        "anomaly_detection",
        "trending_gdp",
        "table_to_forecast",
    }
    assert {path.stem for path in EXAMPLES.glob("*.py")} == checked


def test_tutorial_reshapes(monkeypatch, tmp_path, capsys):
    _, out = run_example("tutorial_reshapes", monkeypatch, tmp_path, capsys)
    assert "(10,) -> (1, 10, 1)" in out
    assert "(10, 2) -> (1, 10, 2)" in out
    assert "SlidingWindow keeps rows: (10, 2) -> (10, 3, 2)" in out


@pytest.mark.slow
def test_univariate_forecast_beats_the_naive_forecast(monkeypatch, tmp_path, capsys):
    results, out = run_example("univariate_forecast", monkeypatch, tmp_path, capsys)
    assert results["model_rmse"] < 0.8 * results["naive_rmse"]
    assert "the LSTM beats the naive forecast" in out
    assert math.isfinite(results["next_year"])
    assert (tmp_path / "univariate_forecast.png").stat().st_size > 10_000


@pytest.mark.slow
def test_multivariate_horizon_reports_every_step(monkeypatch, tmp_path, capsys):
    results, out = run_example("multivariate_horizon", monkeypatch, tmp_path, capsys)
    report = results["report"]
    assert list(report.index) == ["infl(t+1)", "infl(t+2)", "infl(t+3)", "infl(t+4)"]
    assert report.notna().all().all()
    assert f"beats the naive forecast at {results['wins']} of 4 steps" in out
    assert results["wins"] >= 2
    assert (tmp_path / "multivariate_horizon.png").exists()


@pytest.mark.slow
def test_panel_forecast_splits_by_year_and_scores(monkeypatch, tmp_path, capsys):
    results, out = run_example("panel_forecast", monkeypatch, tmp_path, capsys)
    assert "fold 3: train 1935-1946, test 1947-1949, all firms" in out
    assert results["model_rmse"] < 1.1 * results["naive_rmse"]
    assert "naive" in out and "(year, firm)" in out
    assert (tmp_path / "panel_forecast.png").exists()


@pytest.mark.slow
def test_sequence_classification_far_above_chance(monkeypatch, tmp_path, capsys):
    results, out = run_example("sequence_classification", monkeypatch, tmp_path, capsys)
    assert "640 recordings of 7-29 frames x 12 coefficients, 9 speakers" in out
    assert results["lstm"] > 0.85 > 0.2 > results["most frequent speaker"]
    assert results["cv_accuracy"] > 0.8
    assert (tmp_path / "sequence_classification.png").exists()


@pytest.mark.slow
def test_step_tagging_beats_the_per_step_baselines(monkeypatch, tmp_path, capsys):
    results, out = run_example("step_tagging", monkeypatch, tmp_path, capsys)
    assert "of 20-40 years, one tag per year: falling, rising" in out
    baselines = ["most frequent tag", "per-year logistic regression", "trend"]
    assert results["lstm"] > 0.9
    assert results["lstm"] > max(results[name] for name in baselines) + 0.05
    assert "the LSTM tagger beats every baseline" in out
    assert (tmp_path / "step_tagging.png").stat().st_size > 10_000


@pytest.mark.slow
def test_encoder_decoder_beats_the_naive_forecasts(monkeypatch, tmp_path, capsys):
    results, out = run_example(
        "encoder_decoder_forecast", monkeypatch, tmp_path, capsys
    )
    report = results["report"]
    assert list(report.index) == [f"sunspots(t+{h})" for h in range(1, 7)]
    assert (report["encoder-decoder"] < 0.8 * report["naive: unchanged"]).all()
    cycle = report["naive: cycle repeats"]
    assert report["encoder-decoder"].mean() < 0.9 * cycle.mean()
    assert results["wins"] >= 4
    assert f"beats both naive forecasts at {results['wins']} of 6 steps" in out
    assert (tmp_path / "encoder_decoder_forecast.png").stat().st_size > 10_000


@pytest.mark.slow
def test_anomaly_detection_finds_the_injected_errors(monkeypatch, tmp_path, capsys):
    results, out = run_example("anomaly_detection", monkeypatch, tmp_path, capsys)
    assert results["auc"] > max(0.9, results["baseline_auc"])
    assert results["found"] == 3
    assert "3 of 3 errors lie in flagged windows" in out
    assert re.search(r"1921: \d+ of the 11 windows that hold it flagged, the first "
                     r"ends in 1921", out)  # fmt: skip
    assert (tmp_path / "anomaly_detection.png").stat().st_size > 10_000


@pytest.mark.slow
def test_trending_gdp_beats_the_last_value_only_when_differenced(
    monkeypatch, tmp_path, capsys
):
    results, out = run_example("trending_gdp", monkeypatch, tmp_path, capsys)
    assert results["differenced, on growth"] < 0.9 * results["last value"]
    assert results["LSTM on levels"] > 2 * results["last value"]  # left behind
    assert "differenced, on growth" in out
    assert (tmp_path / "trending_gdp.png").stat().st_size > 10_000


@pytest.mark.slow
def test_table_to_forecast_backtests_and_dates_the_future(
    monkeypatch, tmp_path, capsys
):
    results, out = run_example("table_to_forecast", monkeypatch, tmp_path, capsys)
    assert results["model_rmse"] < results["naive_rmse"]
    future = results["future"]
    assert [str(q) for q in future.index] == ["2009Q4", "2010Q1", "2010Q2", "2010Q3"]
    assert future["realgdp"].between(12_000, 14_500).all()
    assert "Forecast of the next 4 quarters" in out
    assert (tmp_path / "table_to_forecast.png").stat().st_size > 10_000
