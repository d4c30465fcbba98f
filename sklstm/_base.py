"""What every sklstm transformer shares with scikit-learn's conventions."""

from __future__ import annotations

from sklearn.base import TransformerMixin


class SequenceTransformerMixin(TransformerMixin, auto_wrap_output_keys=None):
    """A transformer whose output is the 3D ``(n_samples, n_timesteps,
    n_features)`` array of an LSTM, or a collection of sequences.

    scikit-learn's ``set_output(transform="pandas")`` (and
    ``set_config(transform_output="pandas")``) turn a 2D output into a
    DataFrame; a 3D array has no DataFrame, so the output of an sklstm
    transformer stays a numpy array (or a :class:`~sklstm.LazyWindows`)
    whatever is asked. ``set_output`` is still accepted, so that
    ``Pipeline.set_output(transform="pandas")`` configures the 2D steps
    around it, and ``get_feature_names_out`` names the last axis: the
    features of every time step.
    """

    def __init_subclass__(cls, auto_wrap_output_keys=None, **kwargs):
        # scikit-learn wraps the transform of every subclass again unless told
        # not to; a 3D output has no DataFrame, so no subclass is wrapped.
        super().__init_subclass__(auto_wrap_output_keys=auto_wrap_output_keys, **kwargs)

    def set_output(self, *, transform=None):
        """Accept an output container, which a 3D output does not use.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"}, default=None
            Ignored: the output is 3D, which stays a numpy array. Present so
            that ``Pipeline.set_output`` can configure the other steps.

        Returns
        -------
        self : estimator instance
            The transformer itself.
        """
        return self
