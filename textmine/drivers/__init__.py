"""Driver analysis: which themes drive promoters and detractors, and what each is worth in NPS points.

Pure statistics on a respondent x theme table plus scores; imports neither themes nor classify.
Three consistent readings, each with an interval and its n: removal impact
(NPS(all) - NPS(without the theme's mentioners), bootstrap interval), regression impact
(logistic P(promoter) and P(detractor), average marginal effects in NPS points, OLS on the
score, reward/penalty terms for signed mentions) and relative importance (Johnson's
relative weights, Shapley). Also a Kano reading, what-if, change decomposition and segments.
"""

from ._analysis import DriverAnalysis, segment_drivers
from ._change import ChangeDecomposition, decompose_change
from ._matrix import mentions_to_matrix
from ._result import DriverResult
from ._run import run_drivers, segment_paths
from ._segments import SegmentDrivers

__all__ = [
    "ChangeDecomposition",
    "DriverAnalysis",
    "DriverResult",
    "SegmentDrivers",
    "decompose_change",
    "mentions_to_matrix",
    "run_drivers",
    "segment_drivers",
    "segment_paths",
]
