"""Every Python code block of the documentation runs.

Blocks written as doctests (``>>>``) run through pytest's doctest collection of
``*.md`` files; the other ```` ```python ```` blocks of a page run here, in order,
in one namespace per page, as a reader would paste them.
"""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks(page):
    blocks = BLOCK.findall(page.read_text())
    return [block for block in blocks if not block.lstrip().startswith(">>>")]


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_code_blocks_of_the_page_run(page, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(python_blocks(page), start=1):
        code = compile(block, f"{page.name} block {number}", "exec")
        exec(code, namespace)  # noqa: S102 - the documentation's own code
