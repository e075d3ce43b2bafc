"""LSH banding: choose bands x rows for a threshold by computation, and hash bands to keys.

Two documents with Jaccard s share at least one of b bands of r rows with probability
1 - (1 - s**r)**b. `optimal_bands` integrates the false-positive area (below the threshold) and
the false-negative area (above it) of that S-curve and keeps the (b, r) with the smallest weighted
sum, the criterion datasketch's `optimal_param` uses (written here on numpy, not copied).

>>> optimal_bands(0.5, 128)
(25, 5)
>>> band_keys(np.zeros((1, 128), np.uint32), 25, 5).shape
(1, 25)
"""

from __future__ import annotations

import numpy as np

from newsqual.dedup.minhash import _PLACE, splitmix64


def collision_probability(s: np.ndarray | float, bands: int, rows: int) -> np.ndarray:
    """Probability that two documents of Jaccard `s` share at least one band."""
    return 1.0 - (1.0 - np.asarray(s, dtype=np.float64) ** rows) ** bands


def optimal_bands(
    threshold: float,
    num_perm: int,
    fp_weight: float = 0.5,
    fn_weight: float = 0.5,
    max_rows: int | None = None,
) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm minimising the weighted FP + FN areas."""
    grid = np.linspace(0.0, 1.0, 2001)
    below = grid <= threshold
    best: tuple[float, int, int] | None = None
    for rows in range(1, (max_rows or num_perm) + 1):
        bands = num_perm // rows
        if bands < 1:
            break
        p = collision_probability(grid, bands, rows)
        fp = np.trapezoid(np.where(below, p, 0.0), grid)
        fn = np.trapezoid(np.where(below, 0.0, 1.0 - p), grid)
        err = float(fp_weight * fp + fn_weight * fn)
        if best is None or err < best[0] - 1e-12:
            best = (err, bands, rows)
    assert best is not None
    return best[1], best[2]


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """32-bit key of each band of each signature, shape (n, bands); band index is mixed in."""
    n = sigs.shape[0]
    keys = np.zeros((n, bands), dtype=np.uint64)
    block = sigs[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        for j in range(rows):
            keys += block[:, :, j] * np.uint64(_PLACE[j % len(_PLACE)] + 2 * (j // len(_PLACE)))
        keys += np.arange(bands, dtype=np.uint64) * np.uint64(0xA24BAED4963EE407)
    return (splitmix64(keys) >> np.uint64(32)).astype(np.uint32)
