"""Searches on a Dask cluster (joblib's dask backend), and tf.distribute in fit.

See docs/scaling.md. The cluster is local (loopback, two worker processes),
started once for the module and closed whatever happens.
"""

import os
import random
import subprocess
import sys
import textwrap
import threading

import joblib
import pytest
import tensorflow as tf
from distributed import Client, LocalCluster, get_task_stream
from helpers import assert_same_search, noisy_sine
from numpy.testing import assert_allclose
from sklearn.model_selection import (
    GridSearchCV,
    RandomizedSearchCV,
    TimeSeriesSplit,
    cross_validate,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import LSTMRegressor, SlidingWindow

# One TensorFlow thread per worker process: two workers on two cores do not
# fight over them. TF_CPP_MIN_LOG_LEVEL quiets TensorFlow's start-up notes.
WORKER_ENV = {
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
}
TIMEOUT = 120  # seconds, for starting, reaching and closing the cluster


def forecast_data():
    frame = noisy_sine(160)
    return frame.iloc[:-1], frame["value"].to_numpy()[1:]


def pipeline():
    return Pipeline(
        [
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=3)),
            ("lstm", LSTMRegressor(units=2, epochs=2, batch_size=16, random_state=0)),
        ]
    )


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        env=WORKER_ENV,
    )
    try:
        client = Client(cluster, timeout=TIMEOUT)
        try:
            client.wait_for_workers(2, timeout=TIMEOUT)
            yield client
        finally:
            client.close(timeout=TIMEOUT)
    finally:
        cluster.close(timeout=TIMEOUT)


def search_on_cluster(client, search, X, y):
    """Fit ``search`` through joblib's dask backend; return the workers used."""
    with get_task_stream(client) as tasks:
        with joblib.parallel_backend("dask", wait_for_workers_timeout=TIMEOUT):
            search.set_params(n_jobs=-1).fit(X, y)
    return {task["worker"] for task in tasks.data}


def test_a_seeded_fit_ignores_other_threads_drawing_from_random():
    # A Dask worker's own threads draw from Python's global `random` while a
    # task runs. A seeded fit must not depend on that generator, or a search
    # on a cluster does not reproduce the serial search.
    X, y = forecast_data()
    quiet = pipeline().fit(X, y).predict(X)
    stop = threading.Event()

    def draw():
        while not stop.is_set():
            random.random()

    thread = threading.Thread(target=draw, daemon=True)
    thread.start()
    try:
        noisy = pipeline().fit(X, y).predict(X)
    finally:
        stop.set()
        thread.join()
    assert_allclose(noisy, quiet, rtol=1e-5, atol=1e-6)


@pytest.mark.slow
def test_workers_got_the_tensorflow_thread_settings(client):
    threads = client.run(os.getenv, "TF_NUM_INTRAOP_THREADS")
    assert list(threads.values()) == ["1", "1"]


@pytest.mark.slow
def test_grid_search_on_a_dask_cluster_matches_the_serial_search(client):
    X, y = forecast_data()
    grid = {"window__timesteps": [3, 6], "lstm__units": [2, 4]}
    serial = GridSearchCV(pipeline(), grid, cv=TimeSeriesSplit(2)).fit(X, y)
    on_cluster = GridSearchCV(pipeline(), grid, cv=TimeSeriesSplit(2))
    workers = search_on_cluster(client, on_cluster, X, y)
    assert workers and workers <= set(client.scheduler_info()["workers"])
    assert on_cluster.cv_results_["mean_test_score"].shape == (4,)
    assert_same_search(on_cluster, serial, X)


@pytest.mark.slow
def test_randomized_search_on_a_dask_cluster_matches_the_serial_search(client):
    X, y = forecast_data()
    space = {"window__timesteps": [2, 3, 4, 6], "lstm__units": [2, 3, 4]}
    kwargs = dict(n_iter=3, cv=TimeSeriesSplit(2), random_state=0)
    serial = RandomizedSearchCV(pipeline(), space, **kwargs).fit(X, y)
    on_cluster = RandomizedSearchCV(pipeline(), space, **kwargs)
    assert search_on_cluster(client, on_cluster, X, y)
    assert_same_search(on_cluster, serial, X)


@pytest.mark.slow
def test_pipelines_fitted_on_the_workers_come_back_and_predict(client):
    # A search refits its best pipeline in this process; cross_validate with
    # return_estimator=True ships the pipelines fitted on the workers back.
    X, y = forecast_data()
    kwargs = dict(cv=TimeSeriesSplit(2), return_estimator=True)
    serial = cross_validate(pipeline(), X, y, **kwargs)
    with joblib.parallel_backend("dask", wait_for_workers_timeout=TIMEOUT):
        on_cluster = cross_validate(pipeline(), X, y, n_jobs=-1, **kwargs)
    assert_allclose(on_cluster["test_score"], serial["test_score"], rtol=1e-4)
    pairs = zip(on_cluster["estimator"], serial["estimator"], strict=True)
    for remote, local in pairs:
        assert_allclose(remote.predict(X), local.predict(X), rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------- tf.distribute


def test_pipeline_fit_inside_a_strategy_scope_builds_a_distributed_model():
    X, y = forecast_data()
    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    with strategy.scope():
        pipe = pipeline().fit(X, y)
    model = pipe[-1].model_
    assert model.distribute_strategy is strategy
    assert all(
        strategy.extended.variable_created_in_scope(variable.value)
        for variable in model.trainable_variables + model.optimizer.variables
    )
    # One replica: the same model as without a strategy.
    assert_allclose(pipe.predict(X), pipeline().fit(X, y).predict(X), rtol=1e-5)


@pytest.mark.slow
def test_pipeline_fit_mirrors_the_model_on_two_devices():
    # Two logical CPUs stand in for two GPUs; TensorFlow can only split its CPU
    # before it starts, hence a fresh interpreter.
    script = textwrap.dedent(
        """
        import numpy as np
        import tensorflow as tf
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
        from sklearn.pipeline import make_pipeline
        from sklstm import LSTMRegressor, SlidingWindow

        series = np.sin(np.arange(120) / 4).reshape(-1, 1)
        X, y = series[:-1], series[1:, 0]
        strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
        pipe = make_pipeline(SlidingWindow(timesteps=4),
                             LSTMRegressor(units=3, epochs=2, random_state=0))
        with strategy.scope():
            pipe.fit(X, y)
        model = pipe[-1].model_
        assert model.distribute_strategy is strategy
        assert strategy.num_replicas_in_sync == 2
        kernel = model.trainable_variables[0].value
        assert len(strategy.experimental_local_results(kernel)) == 2
        assert np.isfinite(pipe.predict(X)).all() and len(pipe.predict(X)) == 119
        print("ok")
        """
    )
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")


def test_a_subclass_can_open_the_scope_itself():
    # The recipe of docs/scaling.md for fits that run elsewhere (in a search).
    class MirroredLSTMRegressor(LSTMRegressor):
        def fit(self, X, y, **kwargs):
            with tf.distribute.MirroredStrategy(["/cpu:0"]).scope():
                return super().fit(X, y, **kwargs)

    X, y = forecast_data()
    model = MirroredLSTMRegressor(units=2, epochs=2, batch_size=16, random_state=0)
    pipe = make_pipeline(SlidingWindow(timesteps=3), model).fit(X, y)
    assert isinstance(
        pipe[-1].model_.distribute_strategy, tf.distribute.MirroredStrategy
    )
    assert pipe.predict(X).shape == (len(X),)
