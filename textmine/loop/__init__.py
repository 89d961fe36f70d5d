"""Closed-loop NPS: survey cadence and fatigue, panel waves, referrals — statistics on tables, like drivers.

Each analysis reads its tables through :mod:`textmine.io`, links them by respondent id (ids compared as stripped
text), reports every row it could not link (``result.unmatched``, with the reason) and returns a result object with
``to_frame()``, ``summary()``, ``to_dict()`` and ``save(out_dir)``: every rate with its n and Wilson interval, every
ratio, difference, mean, NPS and AUC with its interval. docs/LOOP.md describes every column.

    from textmine.loop import contact_cadence, panel_transitions, referral_rates
    contact_cadence("contacts.csv", "survey.csv").to_frame()
    panel_transitions(["wave1.csv", "wave2.csv"], id="编号", themes="out_wave1/", fixed=["物流"]).conversion
    referral_rates("survey.csv", "referrals.csv").verdict
"""

from ._cadence import CadenceResult, contact_cadence
from ._panel import PanelResult, panel_transitions
from ._referrals import ReferralResult, referral_rates

__all__ = [
    "CadenceResult",
    "PanelResult",
    "ReferralResult",
    "contact_cadence",
    "panel_transitions",
    "referral_rates",
]
