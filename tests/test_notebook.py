"""notebooks/examples.ipynb runs top to bottom on the founding examples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSQUAL_SHARED", ROOT.parent / "shared"))


@pytest.mark.slow
def test_examples_notebook_executes() -> None:
    nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[notebook]'")
    nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[notebook]'")
    pytest.importorskip("ipykernel", reason="pip install -e '.[notebook]'")
    if not sorted((SHARED / "examples").glob("*.txt")):
        pytest.skip(f"the founding examples are not in {SHARED / 'examples'}")
    nb = nbformat.read(ROOT / "notebooks" / "examples.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    for name in ("000", "001", "002", "003", "004"):
        assert name in text
    assert "role original" in text and "sql_error" in text
