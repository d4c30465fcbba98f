"""The pictures of the user guide, drawn from the library's own output.

Each picture shows what an sklstm tool does to real arrays: the values in the
cells are the values the tool returned. ``python docs/pictures.py OUTDIR``
draws them all; the Sphinx build calls :func:`draw_all`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.model_selection import TimeSeriesSplit  # noqa: E402

from sklstm import SequencePadder, SlidingWindow  # noqa: E402


def _grid(ax, values, title, *, cmap="Blues", labels=None, fmt="{:.0f}"):
    """Draw a 2D array as a grid of cells, NaN cells hatched grey."""
    values = np.asarray(values, dtype=float)
    masked = np.ma.masked_invalid(values)
    ax.imshow(masked, cmap=cmap, vmin=np.nanmin(values) - 3, vmax=np.nanmax(values) + 3)
    for (i, j), value in np.ndenumerate(values):
        if np.isnan(value):
            ax.add_patch(
                plt.Rectangle(
                    (j - 0.5, i - 0.5), 1, 1, color="0.85", hatch="//", fill=True
                )
            )
            ax.text(j, i, "NaN", ha="center", va="center", fontsize=7, color="0.4")
        else:
            ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks(
        range(values.shape[0]), labels if labels is not None else range(values.shape[0])
    )


def table_to_windows(path: Path) -> None:
    """A 2D table (rows = time steps) becoming one window per row."""
    table = np.column_stack([np.arange(1, 7) * 10, np.arange(1, 7)])
    windows = SlidingWindow(timesteps=3).fit_transform(table)
    fig, axes = plt.subplots(
        1, 4, figsize=(11, 3.2), gridspec_kw={"width_ratios": [2, 2, 2, 2]}
    )
    _grid(
        axes[0], table, "table: 6 rows x 2 features", labels=[f"t{i}" for i in range(6)]
    )
    for ax, row in zip(axes[1:], (0, 2, 5), strict=True):
        _grid(
            ax,
            windows[row],
            f"window of row t{row}\n(3 steps x 2 features)",
            cmap="Greens",
            labels=[f"step {s}" for s in range(3)],
        )
    fig.suptitle(
        f"SlidingWindow(timesteps=3): {table.shape} -> {windows.shape} "
        "= (n_samples, n_timesteps, n_features)",
        fontsize=11,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def padding_and_masking(path: Path) -> None:
    """Sequences of different lengths padded to one array; NaN steps masked."""
    sequences = [np.arange(1, 3), np.arange(1, 6) * 2, np.arange(1, 4) * 3]
    padded = SequencePadder().fit_transform(sequences)[:, :, 0]
    fig, axes = plt.subplots(1, 2, figsize=(9, 2.6))
    ragged = np.full((3, 5), np.nan)
    for i, seq in enumerate(sequences):
        ragged[i, : len(seq)] = seq
    _grid(
        axes[0],
        ragged,
        "3 sequences of 2, 5 and 3 steps",
        labels=["seq 0", "seq 1", "seq 2"],
    )
    _grid(
        axes[1],
        padded,
        f"SequencePadder(): shape {padded.shape + (1,)}\n"
        "NaN steps before the data are masked by the LSTM",
        cmap="Oranges",
        labels=["sample 0", "sample 1", "sample 2"],
    )
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def entity_boundaries(path: Path) -> None:
    """Windows of a panel stop at the boundary of their entity."""
    panel = pd.DataFrame(
        {"store": ["a"] * 4 + ["b"] * 3, "units": [1, 2, 3, 4, 50, 60, 70]}
    )
    windows = np.asarray(
        SlidingWindow(timesteps=3, groups="store").fit_transform(panel)
    )[:, :, 0]
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2))
    _grid(
        axes[0],
        panel[["units"]].to_numpy(),
        "rows: store a, then store b",
        labels=[f"{s} row {i}" for i, s in enumerate(panel["store"])],
    )
    _grid(
        axes[1],
        windows,
        'SlidingWindow(timesteps=3, groups="store")\nstore b starts afresh',
        cmap="Purples",
        labels=[f"window {i}" for i in range(len(panel))],
    )
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def folds_meet_windows(path: Path) -> None:
    """TimeSeriesSplit folds, and the training rows the test windows reach into."""
    n, timesteps = 20, 4
    fig, ax = plt.subplots(figsize=(11, 2.8))
    for k, (train, test) in enumerate(TimeSeriesSplit(n_splits=3).split(np.zeros(n))):
        ax.scatter(
            train,
            [k] * len(train),
            marker="s",
            s=60,
            color="C0",
            label="train" if k == 0 else None,
        )
        ax.scatter(
            test,
            [k] * len(test),
            marker="s",
            s=60,
            color="C1",
            label="test" if k == 0 else None,
        )
        reach = np.arange(test[0] - timesteps + 1, test[0])
        ax.scatter(
            reach,
            [k + 0.25] * len(reach),
            marker="_",
            s=60,
            color="C2",
            label="history the first test windows reach into" if k == 0 else None,
        )
    ax.set(
        xlabel="row (time step)",
        ylabel="fold",
        yticks=[0, 1, 2],
        title=f"TimeSeriesSplit(n_splits=3) with SlidingWindow(timesteps={timesteps})",
    )
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


PICTURES = {
    "table_to_windows.png": table_to_windows,
    "padding_and_masking.png": padding_and_masking,
    "entity_boundaries.png": entity_boundaries,
    "folds_meet_windows.png": folds_meet_windows,
}


def draw_all(outdir: Path) -> None:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for name, draw in PICTURES.items():
        draw(outdir / name)


if __name__ == "__main__":
    draw_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_generated"))
