"""The harness of the bad-input matrix (``tests/test_bad_inputs.py``).

A :class:`Bad` case is a call that a user could make with data pasted in from
their own work and that sklstm must refuse: the error type, the words that
explain it (regular expressions, all of which must occur in the message), and
the inputs, which must come out of the failed call unchanged.

Each area of the library keeps its cases in a module of its own
(``bad_inputs_<area>.py``, a list named ``CASES``); ``test_bad_inputs.py``
runs them all as one parametrized matrix.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest
from scipy import sparse


@dataclass
class Bad:
    """One refused call: ``call(*inputs)`` raises ``error`` with ``words``.

    Attributes
    ----------
    id : str
        The test id: ``"<public name>-<what is wrong>"``.
    call : callable
        Called with ``*inputs``.
    inputs : tuple
        The user's data (arrays, frames, lists, estimators); each must be
        unchanged after the call.
    error : type of Exception
        ``ValueError`` or ``TypeError`` (or a subclass).
    words : tuple of str
        Regular expressions searched in the message (case-insensitive).
    marks : tuple
        pytest marks (``pytest.mark.slow`` for cases that fit a model).
    """

    id: str
    call: Callable
    inputs: tuple = ()
    error: type[Exception] = ValueError
    words: tuple[str, ...] = ()
    marks: tuple = field(default_factory=tuple)

    def param(self):
        return pytest.param(self, id=self.id, marks=self.marks)


def assert_refused(case: Bad) -> None:
    """The call raises the error with every word, and leaves its inputs alone."""
    before = copy.deepcopy(case.inputs)
    with pytest.raises(case.error) as info:
        case.call(*case.inputs)
    message = str(info.value)
    for words in case.words:
        assert re.search(words, message, flags=re.IGNORECASE | re.DOTALL), (
            f"{words!r} not in the message: {message}"
        )
    for given, kept in zip(case.inputs, before, strict=True):
        assert_unchanged(given, kept)


def assert_unchanged(given, kept) -> None:
    """``given`` equals its copy ``kept`` (NaN equal to NaN)."""
    if isinstance(kept, pd.DataFrame):
        pd.testing.assert_frame_equal(given, kept)
    elif isinstance(kept, pd.Series):
        pd.testing.assert_series_equal(given, kept)
    elif isinstance(kept, pd.Index):
        pd.testing.assert_index_equal(given, kept)
    elif sparse.issparse(kept):
        assert given.shape == kept.shape and (given != kept).nnz == 0
    elif isinstance(kept, np.ndarray):
        assert given.dtype == kept.dtype and given.shape == kept.shape
        if kept.dtype.kind in "fc":
            np.testing.assert_array_equal(given, kept)
        else:
            assert (given == kept).all() if kept.size else True
    elif isinstance(kept, (list, tuple)):
        assert type(given) is type(kept) and len(given) == len(kept)
        for a, b in zip(given, kept, strict=True):
            assert_unchanged(a, b)
    elif isinstance(kept, dict):
        assert given.keys() == kept.keys()
        for key in kept:
            assert_unchanged(given[key], kept[key])
    elif hasattr(kept, "get_params"):  # an estimator: its parameters are kept
        assert repr(given.get_params(deep=False)) == repr(kept.get_params(deep=False))
    else:
        assert given == kept or (given != given and kept != kept)
