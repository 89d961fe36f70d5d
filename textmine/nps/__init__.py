"""NPS statistics: groups, the NPS with its interval, segment and period comparisons.

The one definition of each statistic textmine reports: the NPS interval (:func:`nps_interval`, adjusted Wald),
the Wilson interval of a share (:func:`proportion_ci`) and the Benjamini–Hochberg adjustment (:func:`bh_adjust`).
"""

from ._compare import PERIODS, NPSTable, bh_adjust, level_codes, period_nps, segment_nps
from ._core import (DETRACTOR, GROUPS, METHODS, PASSIVE, PROMOTER, NPSResult, interval_from_counts, nps_groups,
                    nps_interval, nps_score, proportion_ci)

__all__ = [
    "DETRACTOR",
    "GROUPS",
    "METHODS",
    "NPSResult",
    "NPSTable",
    "PASSIVE",
    "PERIODS",
    "PROMOTER",
    "bh_adjust",
    "interval_from_counts",
    "level_codes",
    "nps_groups",
    "nps_interval",
    "nps_score",
    "period_nps",
    "proportion_ci",
    "segment_nps",
]
