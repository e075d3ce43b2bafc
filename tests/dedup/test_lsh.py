from __future__ import annotations

import numpy as np

from newsqual.dedup.lsh import band_keys, collision_probability, optimal_bands


def test_bands_fit_the_permutations() -> None:
    for threshold in (0.3, 0.5, 0.8):
        b, r = optimal_bands(threshold, 128)
        assert b * r <= 128


def test_s_curve_crosses_near_the_threshold() -> None:
    for threshold in (0.5, 0.7, 0.85):
        b, r = optimal_bands(threshold, 128)
        assert (
            collision_probability(threshold - 0.25, b, r)
            < 0.5
            < collision_probability(threshold + 0.1, b, r)
        )


def test_higher_threshold_means_more_rows() -> None:
    assert optimal_bands(0.9, 128)[1] > optimal_bands(0.5, 128)[1]


def test_band_keys_differ_per_band_and_match_equal_bands() -> None:
    sig = np.arange(128, dtype=np.uint32)[None, :]
    other = sig.copy()
    other[0, :5] += 1  # first band differs
    ka, kb = band_keys(sig, 25, 5), band_keys(other, 25, 5)
    assert ka[0, 0] != kb[0, 0] and (ka[0, 1:] == kb[0, 1:]).all()
    zeros = band_keys(np.zeros((1, 128), np.uint32), 25, 5)
    assert len(set(zeros[0].tolist())) == 25  # equal band contents, different bands: other keys
