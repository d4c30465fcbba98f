"""Real data sets bundled with sklstm, loaded offline.

Each loader reads a small CSV file shipped inside the package; none downloads
anything. Sources and licences are listed in each loader's docstring and in
``docs/datasets.md``.
"""

from ._loaders import (
    load_grunfeld,
    load_japanese_vowels,
    load_macrodata,
    load_sunspots,
)

__all__ = ["load_grunfeld", "load_japanese_vowels", "load_macrodata", "load_sunspots"]
