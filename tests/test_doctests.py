"""Every docstring example in the package runs and prints what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import newsqual

# Modules whose examples need an optional dependency (an extra in pyproject.toml).
OPTIONAL = {"newsqual.distributed": "dask.dataframe"}


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(newsqual.__path__, "newsqual."))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name], reason=f"{name} needs the optional {OPTIONAL[name]}")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
