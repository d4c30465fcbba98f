"""Variable-length sequences to one padded 3D array.

``SequencePadder`` turns a collection of sequences of different lengths (a list
of arrays, a pandas Series of arrays, ...) into the 3D
``(n_samples, n_timesteps, n_features)`` array an LSTM reads, padding short
sequences and truncating long ones to one length learned in ``fit``.
``group_sequences`` builds such a collection from a long table that holds one
row per entity per time step.
"""

from __future__ import annotations

from numbers import Number, Real

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted

from ._base import SequenceTransformerMixin
from ._validation import (
    AXES,
    Count,
    check_allocation,
    check_columns_exist,
    check_float32_range,
    check_float_array,
    check_input_features,
    column_list,
    describe_shape,
    empty_error,
    feature_count_error,
    input_shape,
    numeric_frame_values,
    plural,
)
from ._windows import aligned_empty

_WHO = "SequencePadder"

_FLOAT32_MAX = float(np.finfo(np.float32).max)

# What a flat list of numbers holds (np.float64 and np.int64 are Numbers too).
_NUMBER = (Number, np.bool_)

_COLLECTION = (
    "a collection of sequences (a list, tuple, 1D object array or pandas Series "
    "whose items are arrays of shape (n_timesteps,) for one feature or "
    "(n_timesteps, n_features)), one sequence per sample"
)


def _describe_sequence(shape) -> str:
    """A sequence's shape with the meaning of its axes."""
    shape = tuple(int(s) for s in shape)
    if len(shape) == 1:
        return f"{shape} = {plural(shape[0], 'time step')} of one feature"
    if len(shape) == 2:
        return (
            f"{shape} = {plural(shape[0], 'time step')} x {plural(shape[1], 'feature')}"
        )
    return str(shape)


def _flat_error(shape) -> ValueError:
    return ValueError(
        f"{_WHO} expects {_COLLECTION} of the 3D {AXES} output; got a flat 1D "
        f"array of shape {describe_shape(shape)}, which could be one sequence "
        "or many sequences of one time step. Reshape your data: for one "
        "sequence pass [x] (or x.reshape(1, -1)); to make one whole series a "
        "single sample use to_3d(x); to cut a long series into windows use "
        "SlidingWindow."
    )


def _non_numeric_error(i: int, dtype) -> TypeError:
    return TypeError(
        f"{_WHO}: sequence {i} holds non-numeric values (dtype {dtype}); an "
        "LSTM reads numbers only. Encode categories as numbers first (for "
        "example with OneHotEncoder) or keep only the numeric features."
    )


def _frame_in_order(seq: pd.DataFrame, i: int, columns) -> pd.DataFrame:
    """The columns of DataFrame sequence ``i``, in the order of ``columns``.

    The features of a step are its columns, read by name: a sequence whose
    columns come in another order is reordered, one that lacks a column or
    has an extra one is refused, naming them.
    """
    names = list(seq.columns)
    if names == list(columns):
        return seq
    expected = set(columns)
    missing = [c for c in columns if c not in set(names)]
    extra = [c for c in names if c not in expected]
    if missing or extra or len(names) != len(expected):
        what = []
        if missing:
            what.append(f"lacks column(s) {missing}")
        if extra:
            what.append(f"has extra column(s) {extra}")
        if not what:
            what.append("repeats a column")
        raise ValueError(
            f"{_WHO}: DataFrame sequence {i} {' and '.join(what)}: its columns "
            f"are {names}, but the features of a time step are the columns "
            f"{list(columns)} of the first DataFrame sequence seen in fit. "
            "Select the same feature columns in every sequence, for example "
            f"[df[{list(columns)}] for df in sequences]."
        )
    return seq[list(columns)]  # the same columns in another order: by name


def _sequence_values(seq, i: int, columns=None) -> np.ndarray:
    """Sequence number ``i`` as a 2D float array ``(n_timesteps, n_features)``.

    A DataFrame sequence is read by column name when ``columns`` (the
    fitted feature names) is given. The result may share memory with
    ``seq``; it is only ever read.
    """
    if isinstance(seq, pd.Series):
        seq = seq.to_frame()
    elif isinstance(seq, pd.DataFrame) and columns is not None:
        seq = _frame_in_order(seq, i, columns)
    if isinstance(seq, pd.DataFrame):
        if seq.shape[0] == 0 or seq.shape[1] == 0:
            values = np.empty(seq.shape)  # reported below, like any empty array
        else:
            try:
                values = numeric_frame_values(
                    seq,
                    who=f"{_WHO}: sequence {i}",
                    hint="Select the numeric feature columns of every sequence.",
                )
            except ValueError as err:  # infinity or complex values
                raise ValueError(f"{_WHO}: sequence {i}: {err}") from err
    else:
        try:
            values = np.asarray(seq)
        except ValueError as err:  # nested lists of different lengths
            raise ValueError(
                f"{_WHO}: sequence {i} is ragged: its time steps do not all have "
                "the same number of features, so it is not a (n_timesteps, "
                "n_features) array."
            ) from err
        kind = values.dtype.kind
        if kind in "biu" or values.dtype == np.float16:
            values = values.astype(np.float64)
        elif kind == "c":
            raise ValueError(
                f"{_WHO}: sequence {i}: Complex data not supported; pass the "
                "real and imaginary parts as two features."
            )
        elif kind == "O":
            try:
                values = values.astype(np.float64)
            except (TypeError, ValueError) as err:
                raise _non_numeric_error(i, values.dtype) from err
        elif kind != "f":
            raise _non_numeric_error(i, values.dtype)

    if values.ndim == 0:
        raise ValueError(
            f"{_WHO}: sequence {i} is a single value ({values.item()!r}), not a "
            f"sequence. {_WHO} expects {_COLLECTION}."
        )
    if values.ndim > 2:
        raise ValueError(
            f"{_WHO}: sequence {i} has {values.ndim} axes, shape "
            f"{values.shape}; each sequence must be (n_timesteps,) for one "
            "feature or (n_timesteps, n_features). Equal-length sequences "
            f"already stacked as a 3D {AXES} array can be passed whole."
        )
    if values.shape[0] == 0:
        raise ValueError(
            f"{_WHO}: sequence {i} has shape {_describe_sequence(values.shape)}: "
            "it has no time step. Every sequence needs at least one time step; "
            "drop the empty sequences (and their labels) first."
        )
    if values.ndim == 2 and values.shape[1] == 0:
        raise ValueError(
            f"{_WHO}: sequence {i} has shape {_describe_sequence(values.shape)}: "
            "its time steps have no feature. Every time step needs at least one "
            "feature."
        )
    if values.dtype.kind == "f" and np.isinf(values).any():
        raise ValueError(
            f"{_WHO}: sequence {i} contains infinity. Replace infinite values "
            "first (NaN is allowed and passes through as a missing value)."
        )
    return values.reshape(values.shape[0], -1)


# auto_wrap_output_keys=None: scikit-learn would otherwise wrap the transform of
# this subclass too and try to make a DataFrame of its 3D output.
class SequencePadder(
    SequenceTransformerMixin, BaseEstimator, auto_wrap_output_keys=None
):
    """Pad and truncate variable-length sequences to one 3D array.

    Each input sequence becomes one sample of the output, of shape
    ``(n_samples, n_timesteps, n_features)`` with ``n_timesteps = maxlen_``:
    shorter sequences are padded with ``fill_value``, longer ones truncated.
    This is the scikit-learn counterpart of Keras ``pad_sequences``, with the
    length learned in ``fit`` so that it can be searched and reused at
    prediction time.

    Parameters
    ----------
    maxlen : int or None, default=None
        The number of time steps of the output. ``None`` learns it in ``fit``
        as the length of the longest sequence seen there.
    padding : {"pre", "post"}, default="pre"
        Where the fill goes in a short sequence: ``"pre"`` before the data
        (the Keras convention, so that the last step an LSTM reads is real
        data), ``"post"`` after it.
    truncating : {"pre", "post"}, default="pre"
        What a long sequence loses: ``"pre"`` drops its beginning and keeps its
        last ``maxlen_`` steps, ``"post"`` drops its end.
    fill_value : float, default=np.nan
        The value of padded steps. A step whose features are all NaN means "no
        observation here" to the sklstm LSTM estimators, which mask it. A
        finite value must fit in float32 (at most about ``3.4e38`` in
        magnitude, what Keras computes in); infinity is refused.
    dtype : {"float32", "float64"} or None, default=None
        The dtype of the output, which is built once in it. None keeps float32
        when every sequence is float32 and uses float64 otherwise; "float32"
        (what Keras computes in) halves the memory of the padded array, and
        the LSTM estimators then hand that array to TensorFlow as it is,
        without a copy.

    Attributes
    ----------
    maxlen_ : int
        The number of time steps of the output: ``maxlen``, or the length of
        the longest sequence seen in ``fit``.
    n_features_in_ : int
        The number of features per time step (the last axis), which every
        sequence passed to ``transform`` must have. As in tslearn, this is not
        the number of columns of a 2D input, whose columns are time steps.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        The names of the features of a time step: the columns of the first
        DataFrame sequence seen in ``fit``. Defined only when the sequences
        are DataFrames whose column names are all strings; every later
        DataFrame sequence is then read by these names.

    See Also
    --------
    group_sequences : A long table (one row per entity per time step) to one
        sequence per entity, ready for this transformer.
    SlidingWindow : Row-preserving windows over one long series.
    To3D : Each row of a wide table as one sequence.
    to_3d : One whole sequence as one sample.

    Notes
    -----
    Accepted input, each item one sample of the output:

    - a list, tuple, 1D object array or pandas Series of sequences, each of
      shape ``(n_timesteps_i,)`` (one feature) or ``(n_timesteps_i, n_features)``
      (a numpy array, nested list, pandas Series or DataFrame);
    - a 2D numeric array ``(n_samples, n_timesteps)``: equal-length sequences
      of one feature (a DataFrame is read the same way, one row per sequence;
      for a long table with one row per time step use ``group_sequences``);
    - a 3D numeric array ``(n_samples, n_timesteps, n_features)``.

    A flat 1D array of numbers is refused as ambiguous: pass ``[x]`` for one
    sequence. NaN passes through; infinity is an error. The output is float32
    when every sequence is float32, float64 otherwise. Inputs are never
    modified.

    DataFrame sequences are read by column name: the columns of the first one
    seen in ``fit`` are the features, and every other DataFrame sequence (in
    ``fit`` and ``transform``) is reordered to them; one that lacks a column
    or has another is refused. Arrays, which have no names, are read by
    position.

    With ``dtype="float32"``, a value beyond float32's range is refused: it
    would become infinity, and a model fitted on it predicts NaN. The output
    is checked against the memory of the machine before it is allocated, so
    that a ``maxlen`` too large is an error naming it, not a
    ``MemoryError``.

    The output is 3D, so ``set_output(transform="pandas")`` leaves it an
    array; ``get_feature_names_out`` names its last axis.

    Examples
    --------
    >>> import numpy as np
    >>> from sklstm import SequencePadder
    >>> sequences = [
    ...     np.array([[1, 10], [2, 20]]),
    ...     np.array([[1, 10], [2, 20], [3, 30], [4, 40]]),
    ...     np.array([[1, 10], [2, 20], [3, 30]]),
    ... ]
    >>> [s.shape for s in sequences]
    [(2, 2), (4, 2), (3, 2)]
    >>> padder = SequencePadder(fill_value=0)
    >>> X = padder.fit_transform(sequences)
    >>> X.shape  # (n_samples, n_timesteps, n_features)
    (3, 4, 2)
    >>> padder.maxlen_, padder.n_features_in_
    (4, 2)

    With ``padding="pre"`` the fill comes before the data:

    >>> X[0]
    array([[ 0.,  0.],
           [ 0.,  0.],
           [ 1., 10.],
           [ 2., 20.]])

    A longer sequence at ``transform`` keeps its last ``maxlen_`` steps:

    >>> padder.transform([np.arange(12).reshape(6, 2)])[0, :, 0]
    array([ 4.,  6.,  8., 10.])
    """

    _parameter_constraints: dict = {
        "maxlen": [Count(1, None), None],
        "padding": [StrOptions({"pre", "post"})],
        "truncating": [StrOptions({"pre", "post"})],
        "fill_value": [Real],
        "dtype": [StrOptions({"float32", "float64"}), None],
    }

    def __init__(
        self,
        maxlen=None,
        *,
        padding="pre",
        truncating="pre",
        fill_value=np.nan,
        dtype=None,
    ):
        self.maxlen = maxlen
        self.padding = padding
        self.truncating = truncating
        self.fill_value = fill_value
        self.dtype = dtype

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the output length and the number of features per step.

        Parameters
        ----------
        X : list, tuple, pandas.Series or array-like
            The sequences, each of shape ``(n_timesteps_i,)`` or
            ``(n_timesteps_i, n_features)``; or a 2D array
            ``(n_samples, n_timesteps)`` or 3D array
            ``(n_samples, n_timesteps, n_features)``.
        y : None
            Ignored.

        Returns
        -------
        self : SequencePadder
            The fitted transformer.
        """
        self._check_fill_value()
        sequences, _, columns = self._check_sequences(X, n_features=None)
        if isinstance(sequences, np.ndarray):
            longest = sequences.shape[1]
        else:
            longest = max(len(seq) for seq in sequences)
        # Python ints, so that the fitted state is plain data.
        self.maxlen_ = int(longest if self.maxlen is None else self.maxlen)
        self.n_features_in_ = int(sequences[0].shape[-1])
        if hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        if columns is not None:
            self.feature_names_in_ = np.asarray(columns, dtype=object)
        # One padded sample must fit in memory, whatever transform gets.
        self._check_output_size(None, self._output_dtype(np.float64))
        return self

    def transform(self, X):
        """Pad and truncate the sequences to ``maxlen_`` time steps.

        Parameters
        ----------
        X : list, tuple, pandas.Series or array-like
            The sequences, as in ``fit``, each with ``n_features_in_`` features
            per time step.

        Returns
        -------
        X_3d : ndarray of shape (n_samples, maxlen_, n_features_in_)
            One padded sequence per sample, in ``dtype`` (by default float32
            if every sequence is float32, float64 otherwise).
        """
        check_is_fitted(self)
        self._check_fill_value()
        sequences, dtype, _ = self._check_sequences(X, n_features=self.n_features_in_)
        dtype = self._output_dtype(dtype)
        if dtype == np.float32:
            # A float64 value beyond float32 becomes infinity in the output.
            items = [sequences] if isinstance(sequences, np.ndarray) else sequences
            for i, seq in enumerate(items):
                what = "X" if isinstance(sequences, np.ndarray) else f"sequence {i}"
                check_float32_range(seq, who=_WHO, what=what)
        self._check_output_size(len(sequences), dtype)
        # Built once: fill everywhere, then copy each sequence's kept steps in.
        # Aligned, so that the LSTM estimators can hand it to TensorFlow as it
        # is (float32) instead of copying it.
        out = aligned_empty((len(sequences), self.maxlen_, self.n_features_in_), dtype)
        out.fill(self.fill_value)
        if isinstance(sequences, np.ndarray):  # equal lengths: one copy for all
            self._copy_into(out, sequences)
        else:
            for row, seq in zip(out, sequences, strict=True):
                self._copy_into(row, seq)
        return out

    def get_feature_names_out(self, input_features=None):
        """The names of the features of each time step (the last axis).

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The names of the ``n_features_in_`` features of a time step; by
            default ``feature_names_in_`` when fitted on DataFrame
            sequences, else ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            ``n_features_in_`` names, those of the last axis of the output.

        Examples
        --------
        >>> import pandas as pd
        >>> from sklstm import SequencePadder
        >>> visits = [pd.DataFrame({"pulse": [70, 72], "temp": [36.6, 36.8]}),
        ...           pd.DataFrame({"temp": [38.1], "pulse": [83]})]
        >>> padder = SequencePadder().fit(visits)
        >>> padder.get_feature_names_out()
        array(['pulse', 'temp'], dtype=object)
        >>> padder.transform(visits)[1, -1]  # read by name, not by position
        array([83. , 38.1])
        """
        check_is_fitted(self)
        return check_input_features(self, input_features)

    def _output_dtype(self, dtype):
        return np.dtype(dtype if self.dtype is None else self.dtype)

    def _check_fill_value(self) -> None:
        """Refuse a padding value that float32 (Keras) turns into infinity."""
        value = float(self.fill_value)
        if np.isnan(value) or abs(value) <= _FLOAT32_MAX:
            return
        raise ValueError(
            f"{_WHO}(fill_value={self.fill_value!r}): a padding value must be NaN "
            f"or a number of magnitude at most {_FLOAT32_MAX:.4g}, the largest "
            "float32 value. Keras computes in float32, where this padding is "
            "infinity: it is not masked (only all-NaN steps are) and every "
            "prediction becomes NaN. Use the default fill_value=np.nan, which "
            "the LSTM estimators mask, or a small sentinel such as 0 or -1."
        )

    def _check_output_size(self, n_samples: int | None, dtype) -> None:
        """Refuse an output beyond memory; ``n_samples=None``: one sample."""
        steps = plural(self.maxlen_, "time step")
        features = plural(self.n_features_in_, "feature")
        if n_samples is None:  # fit: not even one sample would fit
            shape = f"samples of {steps} x {features}, and a single one needs"
        else:
            shape = f"an array of {plural(n_samples, 'sample')} x {steps} x {features}"
        check_allocation(
            (1 if n_samples is None else int(n_samples))
            * self.maxlen_
            * self.n_features_in_,
            dtype,
            who=_WHO,
            what=f"{_WHO}(maxlen={self.maxlen!r}) would make {shape}",
            fix=(
                "Pass a smaller maxlen (None learns the length of the longest "
                "sequence seen in fit), or transform the sequences in batches."
            ),
        )

    def _copy_into(self, dest: np.ndarray, seq: np.ndarray) -> None:
        """Copy ``seq`` into ``dest``, truncated and placed as asked.

        Time is axis -2 of both, so one sequence ``(T, f)`` and a stack of
        equal-length sequences ``(n, T, f)`` are handled alike.
        """
        maxlen = self.maxlen_
        length = seq.shape[-2]
        if length > maxlen:
            if self.truncating == "pre":
                seq = seq[..., length - maxlen :, :]
            else:
                seq = seq[..., :maxlen, :]
            length = maxlen
        if self.padding == "pre":
            dest[..., maxlen - length :, :] = seq
        else:
            dest[..., :length, :] = seq

    def _check_sequences(self, X, *, n_features):
        """Validate ``X`` as a collection of sequences.

        Returns the sequences, either as one 3D float array (equal lengths)
        or as a list of 2D float arrays ``(n_timesteps_i, n_features)``, the
        output dtype, and the feature names (the columns of the first
        DataFrame sequence, when all strings) or None. ``n_features`` is the
        number of features per step every sequence must have, or None (in
        ``fit``) to only require them to agree.
        """
        if isinstance(X, pd.DataFrame) or sparse.issparse(X):
            return (*self._check_stacked(X, n_features), None)
        if isinstance(X, pd.Series):
            if X.dtype != object:
                raise _flat_error(X.shape)
            items = X.array
        elif isinstance(X, (list, tuple)):
            items = X
        else:
            given = type(X).__name__
            X = np.asarray(X)
            if X.ndim in (2, 3):
                return (*self._check_stacked(X, n_features), None)
            if X.ndim != 1:
                raise ValueError(
                    f"{_WHO} expects {_COLLECTION} of the 3D {AXES} output; got "
                    f"{given} with {X.ndim} axes, shape {X.shape}."
                )
            if X.dtype != object:
                raise _flat_error(X.shape)
            items = X

        if len(items) == 0:
            raise empty_error(
                _WHO,
                (0,),
                axes=("sequence",),
                detail=f"It builds the 3D {AXES} array from them.",
            )
        if all(isinstance(item, _NUMBER) for item in items):
            raise _flat_error((len(items),))
        if n_features is None:  # fit: the first DataFrame names the features
            first = next((x for x in items if isinstance(x, pd.DataFrame)), None)
            columns = None if first is None else list(first.columns)
        else:
            columns = getattr(self, "feature_names_in_", None)
        if columns is not None and not all(isinstance(c, str) for c in columns):
            columns = None  # as scikit-learn: only string names are names
        sequences = [_sequence_values(item, i, columns) for i, item in enumerate(items)]

        counts = [seq.shape[1] for seq in sequences]
        expected = counts[0] if n_features is None else n_features
        bad = next((i for i, f in enumerate(counts) if f != expected), None)
        if bad is not None:
            seen = (
                f"sequence {bad} has {counts[bad]} (shape "
                f"{_describe_sequence(np.shape(items[bad]))})"
            )
            if n_features is None:
                raise ValueError(
                    f"{_WHO}: the sequences have different numbers of features "
                    f"per time step (the last axis of {AXES}): sequence 0 has "
                    f"{expected}, {seen}. Every time step of every sequence "
                    "needs the same features."
                )
            raise feature_count_error(
                _WHO,
                seen=counts[bad],
                expected=n_features,
                shape=np.shape(items[bad]),
                detail=(
                    f"It was fitted on sequences with "
                    f"{plural(n_features, 'feature')} per time step, but {seen}; "
                    f"the features are the last axis of {AXES}."
                ),
            )
        if all(seq.dtype == np.float32 for seq in sequences):
            return sequences, np.float32, columns
        return sequences, np.float64, columns

    def _check_stacked(self, X, n_features):
        """A 2D ``(n, T)`` or 3D ``(n, T, f)`` numeric array of sequences."""
        shape = input_shape(X)
        if shape is not None and len(shape) in (2, 3) and 0 in shape:
            # A 2D array holds one sequence of one feature per row.
            axes = ("sequence", "time step") if len(shape) == 2 else None
            raise empty_error(_WHO, shape, axes=axes)
        values = check_float_array(X, who=_WHO, ndim=(2, 3))
        if values.ndim == 2:  # each row is a sequence of one feature
            values = values[:, :, np.newaxis]
        if n_features is not None and values.shape[2] != n_features:
            raise feature_count_error(
                _WHO,
                seen=values.shape[2],
                expected=n_features,
                shape=values.shape,
                detail=(
                    f"It was fitted on sequences with "
                    f"{plural(n_features, 'feature')} per time step, but every "
                    f"sequence of X has {values.shape[2]}; the features are the "
                    f"last axis of {AXES} (a 2D array holds sequences of one "
                    "feature)."
                ),
            )
        if values.shape[1] == 0 or values.shape[2] == 0:
            raise empty_error(_WHO, values.shape)
        return values, values.dtype.type

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.requires_fit = True
        return tags


def group_sequences(df, by, *, sort_by=None, columns=None):
    """One sequence per entity from a long table.

    A long table holds one row per entity (patient, store, user...) per time
    step. This function gathers the rows of each entity into one 2D float
    array ``(n_timesteps_entity, n_features)``, ready for ``SequencePadder``,
    which stacks them into ``(n_samples, n_timesteps, n_features)``.

    Parameters
    ----------
    df : pandas.DataFrame
        The long table, one row per entity per time step.
    by : str or list of str
        The column(s) (or index level names) whose values identify an entity.
    sort_by : str or None, default=None
        The column (or index level name) that orders the rows of an entity,
        typically a time stamp. Rows are sorted stably by it within each
        entity. ``None`` keeps the rows in their order in ``df``.
    columns : str or list of str, default=None
        The feature columns, in this order. ``None`` takes every column except
        ``by`` and ``sort_by``. They must be numeric (bool allowed).

    Returns
    -------
    sequences : pandas.Series of ndarray
        One float array of shape ``(n_timesteps_entity, n_features)`` per
        entity, named ``"sequence"``, indexed by the entity key (an Index
        named ``by``, or a MultiIndex for several columns) and sorted by it, so
        that per-entity labels align with ``labels.loc[sequences.index]``.
        The arrays are copies: later changes to ``df`` do not reach them.

    See Also
    --------
    SequencePadder : Pad the sequences to one 3D array.
    SlidingWindow : Row-preserving windows within groups, for forecasting.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklstm import SequencePadder, group_sequences
    >>> visits = pd.DataFrame({
    ...     "patient": ["b", "a", "b", "a", "a"],
    ...     "day": [2, 3, 1, 1, 2],
    ...     "pulse": [70, 80, 72, 85, 83],
    ...     "temp": [36.6, 37.9, 36.8, 38.5, 38.1],
    ... })
    >>> seqs = group_sequences(visits, "patient", sort_by="day")
    >>> [s.shape for s in seqs]  # (n_timesteps, n_features) per patient
    [(3, 2), (2, 2)]
    >>> seqs.index
    Index(['a', 'b'], dtype=..., name='patient')
    >>> seqs["a"]
    array([[85. , 38.5],
           [83. , 38.1],
           [80. , 37.9]])
    >>> SequencePadder().fit_transform(seqs).shape
    (2, 3, 2)
    """
    who = "group_sequences"
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"{who} expects a pandas DataFrame with one row per entity per time "
            f"step; got {type(df).__name__}."
        )
    if len(df) == 0:
        raise ValueError(
            f"{who} got an empty DataFrame (shape {df.shape}); it needs at least "
            "one row to make a sequence."
        )
    by = column_list(by)
    if not by:
        raise ValueError(f"{who} needs at least one `by` column naming the entity.")
    keys = [_column_or_level(df, name, who=who, role="by") for name in by]
    time = None
    if sort_by is not None:
        time = _column_or_level(df, sort_by, who=who, role="sort_by")
    if columns is None:
        exclude = {*by, sort_by}
        columns = [c for c in df.columns if c not in exclude]
    else:
        columns = check_columns_exist(df, columns, who=who, role="feature")
    values = numeric_frame_values(
        df[columns],
        who=who,
        hint="Pass columns=[...] to choose the numeric feature columns.",
    )

    # Everything becomes integer codes (each sorted like its values), so that
    # one stable lexsort orders the rows by entity, then by sort_by, then by
    # their position in df.
    codes = [_sorted_codes(key, who=who, role="by") for key in keys]
    sort_keys = codes[::-1]  # lexsort's primary key comes last
    if time is not None:
        sort_keys.insert(0, _sorted_codes(time, who=who, role="sort_by"))
    order = np.lexsort(sort_keys)

    new_entity = np.zeros(len(order) - 1, dtype=bool)
    for code in codes:
        sorted_code = code[order]
        new_entity |= sorted_code[1:] != sorted_code[:-1]
    starts = np.flatnonzero(new_entity) + 1
    pieces = np.split(values[order], starts)

    first_rows = order[np.r_[0, starts]]
    if len(by) == 1:
        index = keys[0][first_rows].rename(by[0])
    else:
        index = pd.MultiIndex.from_arrays([key[first_rows] for key in keys], names=by)
    # Filled one by one: numpy would otherwise try to stack equal-shape pieces.
    data = np.empty(len(pieces), dtype=object)
    for i, piece in enumerate(pieces):
        data[i] = piece
    return pd.Series(data, index=index, name="sequence")


def _column_or_level(df: pd.DataFrame, name, *, who: str, role: str):
    """The values of column ``name``, or else of the index level ``name``.

    As an Index, which factorizes and takes rows whatever its dtype.
    """
    if name in df.columns:
        return pd.Index(df[name], copy=False)
    if name is not None and name in df.index.names:
        return df.index.get_level_values(name)
    check_columns_exist(df, [name], who=who, role=role)  # raises, naming columns
    raise AssertionError("unreachable")


def _sorted_codes(values: pd.Index, *, who: str, role: str) -> np.ndarray:
    """Integer codes that sort like ``values``; missing values are an error."""
    codes, _ = values.factorize(sort=True)
    missing = int(np.count_nonzero(codes < 0))
    if missing:
        raise ValueError(
            f"{who}: the {role} values of {plural(missing, 'row')} are missing "
            "(NaN or None), so these rows cannot be placed in a sequence. Drop "
            "or fill them first."
        )
    return codes
