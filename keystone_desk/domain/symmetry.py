"""Limb symmetry index (LSI): how the involved limb compares with the other one, in percent.

LSI = involved ÷ uninvolved × 100 for measures where more is better (heel-raise repetitions,
knee-to-wall distance, hop count, strength). A measure where less is better (a timed hop, seconds
to complete a task) is turned round — uninvolved ÷ involved × 100 — so that in both cases 100 %
means "the same as the other side" and a lower figure means the involved side does worse. Under
`LSI_THRESHOLD` (90 %, the usual return-to-sport line) counts as a deficit.

There is no LSI when either value is missing, when the divisor is zero, when a value is negative
(the ratio then means nothing), or when both limbs are involved: with no healthy side to compare
against, the caller says "both sides involved" instead of showing a number.

Standard library only.
"""

from __future__ import annotations

import math

LSI_THRESHOLD = 90.0


def limb_symmetry_index(involved: float | None, uninvolved: float | None,
                        higher_is_better: bool = True) -> float | None:
    """The LSI in percent, rounded to one decimal place, or None when it cannot be computed.

    Rounding here (not only on screen) keeps what is shown and what is flagged in agreement:
    89.96 % would read "90 %" yet count as a deficit if the raw ratio were compared.
    """
    if not _usable(involved) or not _usable(uninvolved):
        return None
    assert involved is not None and uninvolved is not None
    involved, uninvolved = float(involved), float(uninvolved)
    numerator, denominator = ((involved, uninvolved) if higher_is_better
                              else (uninvolved, involved))
    if denominator == 0:
        return None
    ratio = numerator / denominator * 100
    return round(ratio, 1) if math.isfinite(ratio) else None


def is_deficit(lsi: float | None) -> bool:
    """True when there is an LSI and it is under the threshold."""
    return lsi is not None and lsi < LSI_THRESHOLD


def _usable(value: float | None) -> bool:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        number = float(value)
    except OverflowError:
        return False
    return math.isfinite(number) and number >= 0
