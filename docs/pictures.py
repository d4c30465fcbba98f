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

from sklstm import SequencePadder, SlidingWindow, make_supervised  # noqa: E402


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


# ---------------------------------------------------------------- targets
#
# The pictures of docs/targets.md: one sample's X beside its y, on one time
# axis (time runs down), so that the framing of the output is seen against the
# steps of the input. X and y are the arrays the transformers and
# make_supervised return; no model is fitted.


def _load_table() -> pd.DataFrame:
    """Eight hours of load and temperature, values easy to follow."""
    return pd.DataFrame({"load": np.arange(1, 9) * 10.0, "temp": np.arange(1, 9)})


CELL = 0.5  # inches per cell, alike in every picture of the targets


def _cells(ax, values, col, row, *, cmap, fmt="{:.0f}") -> None:
    """Draw a 2D array as cells from (col, row) on, NaN cells hatched grey."""
    values = np.asarray(values, dtype=float)
    low, high = np.nanmin(values), np.nanmax(values)
    colours = plt.get_cmap(cmap)
    for (i, j), value in np.ndenumerate(values):
        corner = (col + j - 0.5, row + i - 0.5)
        if np.isnan(value):
            ax.add_patch(
                plt.Rectangle(
                    corner,
                    1,
                    1,
                    facecolor="0.9",
                    edgecolor="0.65",
                    hatch="///",
                    linewidth=0,
                )
            )
            ax.add_patch(
                plt.Rectangle(
                    corner, 1, 1, fill=False, edgecolor="white", linewidth=1.5
                )
            )
            ax.text(
                col + j,
                row + i,
                "NaN",
                ha="center",
                va="center",
                fontsize=7,
                color="0.3",
                backgroundcolor="0.9",
            )
            continue
        shade = 0.45 if high == low else 0.25 + 0.45 * (value - low) / (high - low)
        ax.add_patch(
            plt.Rectangle(
                corner, 1, 1, facecolor=colours(shade), edgecolor="white", linewidth=1.5
            )
        )
        ax.text(
            col + j, row + i, fmt.format(value), ha="center", va="center", fontsize=8
        )


def _framing(ax, times, blocks, title) -> None:
    """Blocks of cells side by side on one time axis (time runs down).

    ``times`` labels the rows, top to bottom. Each block is ``(values, first
    row, column names, heading, colour map)``; a block starts one column
    after the previous one ends. The headings sit in the two rows above.
    """
    col = 0
    for values, row, columns, heading, cmap in blocks:
        values = np.asarray(values, dtype=float).reshape(len(values), -1)
        _cells(ax, values, col, row, cmap=cmap)
        for j, name in enumerate(columns):
            ax.text(
                col + j, -0.7, name, ha="center", va="bottom", fontsize=8, color="0.35"
            )
        ax.text(
            col + (values.shape[1] - 1) / 2,
            -1.3,
            heading,
            ha="center",
            va="bottom",
            fontsize=9,
        )
        col += values.shape[1] + 1
    ax.set_xlim(-0.6, col - 1.4)
    ax.set_ylim(len(times) - 0.5, -2.0)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks(range(len(times)), times, fontsize=8)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(title, fontsize=10)


def _figure(n_columns: int, n_rows: int, n_panels: int = 1):
    """A figure whose cells measure CELL inches, whatever the picture."""
    return plt.subplots(
        1,
        n_panels,
        figsize=(n_panels * (n_columns * CELL + 0.9), (n_rows + 2) * CELL + 0.6),
    )


def _time_labels(timesteps: int, after: int) -> list[str]:
    """Row labels t-k+1 .. t, then t+1 .. t+after."""
    return [f"t-{k}" if k else "t" for k in range(timesteps - 1, -1, -1)] + [
        f"t+{k}" for k in range(1, after + 1)
    ]


def _save(fig, path: Path) -> None:
    fig.savefig(path, dpi=90, bbox_inches="tight")
    plt.close(fig)


def target_one_per_sample(path: Path) -> None:
    """Many-to-one: a window and the one value it predicts."""
    X, y = make_supervised(_load_table(), "load", horizon=1)
    windows = SlidingWindow(timesteps=4).fit_transform(X)
    i = 5  # the window of row 5: rows 2 .. 5, its target the load of row 6
    fig, ax = _figure(4, 5)
    _framing(
        ax,
        _time_labels(4, 1),
        [
            (windows[i], 0, ["load", "temp"], f"X[{i}]", "Blues"),
            ([y.iloc[i]], 4, ["load"], f"y[{i}]", "Oranges"),
        ],
        f"one value per sample\nX {windows.shape}, y {y.shape}",
    )
    _save(fig, path)


def target_one_per_step(path: Path) -> None:
    """Many-to-many: per-step targets aligned to the real steps, pre or post."""
    sequences = [np.array([[2.0], [4.0], [6.0]]), np.arange(1.0, 6.0).reshape(-1, 1)]
    targets = [np.cumsum(seq[:, 0]) for seq in sequences]  # ragged, as a user has them
    fig, axes = _figure(5, 5, n_panels=2)
    for ax, padding in zip(axes, ("pre", "post"), strict=True):
        X = SequencePadder(padding=padding).fit_transform(sequences)
        real = ~np.isnan(X).all(axis=-1)  # the steps an estimator does not mask
        y = np.full(real.shape, np.nan)  # padded steps: ignored by loss and score
        for sample, values in enumerate(targets):
            y[sample, real[sample]] = values
        _framing(
            ax,
            [f"step {t}" for t in range(X.shape[1])],
            [
                (X[0], 0, ["value"], "X[0]", "Blues"),
                (y[0], 0, ["total"], "y[0]", "Oranges"),
            ],
            f'SequencePadder(padding="{padding}")\nX {X.shape}',
        )
    given = [t.astype(int).tolist() for t in targets]
    fig.suptitle(f"y = {given}: one target per real step", fontsize=10, y=1.04)
    _save(fig, path)


def target_future_sequence(path: Path) -> None:
    """Encoder-decoder: a window and the horizon of future steps after it."""
    table = _load_table()
    X, y = make_supervised(table, "load", horizon=3)
    _, both = make_supervised(table, ["load", "temp"], horizon=3)
    stacked = np.stack(
        [both[[f"{name}(t+{s})" for s in (1, 2, 3)]] for name in ("load", "temp")],
        axis=-1,
    )
    windows = SlidingWindow(timesteps=4).fit_transform(X)
    i = 3  # the window of row 3: rows 0 .. 3, its targets rows 4 .. 6
    fig, ax = _figure(7, 7)
    _framing(
        ax,
        _time_labels(4, 3),
        [
            (windows[i], 0, ["load", "temp"], f"X[{i}]", "Blues"),
            (y.iloc[i], 4, ["load"], f"y[{i}]", "Oranges"),
            (stacked[i], 4, ["load", "temp"], f"y2[{i}]", "Oranges"),
        ],
        f"a future sequence: X {windows.shape},\n"
        f"y {y.shape} (one target) or y2 {stacked.shape} (two)",
    )
    _save(fig, path)


def target_input_itself(path: Path) -> None:
    """Autoencoder: the target of a window is the window itself."""
    windows = SlidingWindow(timesteps=4).fit_transform(_load_table())
    i = 2  # the window of row 2: one padded step, left out of the error
    fig, ax = _figure(5, 4)
    _framing(
        ax,
        _time_labels(4, 0),
        [
            (windows[i], 0, ["load", "temp"], f"X[{i}]", "Blues"),
            (windows[i], 0, ["load", "temp"], f"target: X[{i}]", "Oranges"),
        ],
        f"the input itself\nX {windows.shape}, no y",
    )
    _save(fig, path)


PICTURES = {
    "table_to_windows.png": table_to_windows,
    "padding_and_masking.png": padding_and_masking,
    "entity_boundaries.png": entity_boundaries,
    "folds_meet_windows.png": folds_meet_windows,
    "target_one_per_sample.png": target_one_per_sample,
    "target_one_per_step.png": target_one_per_step,
    "target_future_sequence.png": target_future_sequence,
    "target_input_itself.png": target_input_itself,
}


def draw_all(outdir: Path) -> None:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for name, draw in PICTURES.items():
        draw(outdir / name)


if __name__ == "__main__":
    draw_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_generated"))
