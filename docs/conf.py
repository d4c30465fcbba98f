"""Sphinx configuration of the sklstm documentation (built with warnings as errors)."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pictures  # noqa: E402  (draws the user guide's pictures from code)

import sklstm  # noqa: E402

project = "sklstm"
author = "The sklstm developers"
copyright = "2026, The sklstm developers"
release = version = sklstm.__version__

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "README.md"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = "sklstm"

autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
intersphinx_mapping = {}

# The user guide's pictures and the examples' plots, drawn at build time.
pictures.draw_all(HERE / "_generated")


def _run_examples(outdir: Path) -> None:
    """Run every example (small settings) so the gallery shows its own plot."""
    import subprocess

    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SKLSTM_QUICK": "1"}
    for script in sorted((HERE.parent / "examples").glob("*.py")):
        plot = outdir / f"{script.stem}.png"
        if plot.exists() and plot.stat().st_mtime > script.stat().st_mtime:
            continue  # drawn by an earlier build from the same script
        subprocess.run(
            [sys.executable, str(script)],
            cwd=outdir,
            env=env,
            check=True,
            capture_output=True,
        )


_run_examples(HERE / "_generated" / "examples")
