"""The bad-input matrix: every public name, met with what users paste in.

Each case asserts the error type, the words that explain it and that the
inputs are unchanged (see ``badinput.py``); the cases live by area in
``bad_inputs_*.py``.
"""

import importlib
from pathlib import Path

import pytest
from badinput import assert_refused

AREAS = sorted(p.stem for p in Path(__file__).parent.glob("bad_inputs_*.py"))
CASES = [case for area in AREAS for case in importlib.import_module(area).CASES]


def test_the_matrix_is_large_and_its_ids_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "two cases share an id"
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", [case.param() for case in CASES])
def test_refused_with_an_explanation_and_inputs_kept(case):
    assert_refused(case)
