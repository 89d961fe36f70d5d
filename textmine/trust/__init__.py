"""Can these scores be trusted? Score–text consistency per respondent and per segment.

:func:`respondent_mismatch` reads each answer's coded mentions against its score: a promoter whose answer only
complains, a detractor whose answer only praises, with the clause that shows it. :func:`segment_trust` compares each
level of a segment (store, agent, channel) with the rest of the survey on the mismatch rate, the share of 10s and
score heaping, with Wilson intervals, one-sided Fisher exact tests and one Benjamini–Hochberg family, and flags the
levels to review — the signature of coached scores is a detractor's complaint under a 9-10. Statistics on tables, like
the drivers: the mentions come from the themes or a classifier, the scores from the survey frame.

    from textmine.trust import respondent_mismatch, segment_trust
    mm = respondent_mismatch(analysis.mentions, analysis.survey.frame)
    trust = segment_trust(analysis.survey.frame, ["store"], mismatch=mm)
    trust.flagged(); trust.summary(); trust.to_frame()   # trust.csv: textmine.schemas.TRUST
"""

from ._mismatch import MISMATCH_KINDS, respondent_mismatch
from ._trustlevels import segment_trust
from ._trustresult import TrustResult

__all__ = [
    "MISMATCH_KINDS",
    "TrustResult",
    "respondent_mismatch",
    "segment_trust",
]
