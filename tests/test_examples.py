"""Every script in examples/ runs end to end and prints what it promises."""

import runpy
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(path, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_tutorial_reshapes_prints_the_two_shapes(capsys):
    runpy.run_path(str(EXAMPLES[0].with_name("tutorial_reshapes.py")))
    out = capsys.readouterr().out
    assert "(10,) -> (1, 10, 1)" in out
    assert "(10, 2) -> (1, 10, 2)" in out
    assert "SlidingWindow keeps rows: (10, 2) -> (10, 3, 2)" in out
