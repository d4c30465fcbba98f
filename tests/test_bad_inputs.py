"""The bad-input matrix: every public name, met with what users paste in.

Each case asserts the error type, the words that explain it and that the
inputs are unchanged (see ``badinput.py``); the cases live by area in
``bad_inputs_*.py``.
"""

import dataclasses
import importlib
from pathlib import Path

import pytest
from badinput import assert_refused

AREAS = sorted(p.stem for p in Path(__file__).parent.glob("bad_inputs_*.py"))


def _cases():
    """Every case, its id prefixed with its area (``-k transformers`` works)."""
    cases = []
    for module in AREAS:
        area = module.removeprefix("bad_inputs_")
        for case in importlib.import_module(module).CASES:
            cases.append(dataclasses.replace(case, id=f"{area}-{case.id}"))
    return cases


CASES = _cases()


def test_the_matrix_is_large_and_its_ids_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "two cases share an id"
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", [case.param() for case in CASES])
def test_refused_with_an_explanation_and_inputs_kept(case):
    assert_refused(case)
