"""``textmine cadence``, ``textmine panel`` and ``textmine referrals``: the closed-loop analyses (textmine.loop)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from ._app import app, say
from ._drivers import check_alpha

_ALPHA = typer.Option(0.05, "--alpha", callback=check_alpha, help="1 - confidence level.")
_MIN_N = typer.Option(30, "--min-n", min=1, help="Flag groups with fewer respondents than this.")
_SHEET = typer.Option(None, "--sheet", help="Excel sheet name or 0-based index (every input).")
_ENCODING = typer.Option(None, "--encoding", help="Force the text encoding of the CSV inputs.")
_JSON = typer.Option(False, "--json", help="Print a JSON object instead of the summary.")


def _finish(result, out: Optional[Path], as_json: bool) -> None:
    """Print the summary (or JSON), write the files, and say how many rows were not linked and where they are."""
    paths = result.save(out) if out is not None else {}
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        typer.echo(result.summary())
    n = len(result.unmatched)
    where = f": listed in {paths['unmatched.csv']}" if out is not None else " (pass --out to list them)"
    say(f"{n} rows unmatched or not analysed{where}" if n else "every row was linked")
    if paths:
        say(f"wrote {len(paths)} files to {out}: " + ", ".join(paths))


@app.command("cadence")
def cadence_command(
    contacts: Path = typer.Argument(..., help="Contact log, one row per invitation: id, date, answered yes/no."),
    survey: Path = typer.Option(..., "--survey", help="The survey the invitations asked for (id and 0-10 score)."),
    id: Optional[str] = typer.Option(None, "--id", help="Contact id column of the log; guessed if omitted."),
    date: Optional[str] = typer.Option(None, "--date", help="Invitation date column of the log; guessed if omitted."),
    responded: Optional[str] = typer.Option(None, "--responded", help="Answered yes/no column of the log (1/0, "
                                            "true/false, yes/no, 是/否); guessed if omitted."),
    survey_id: Optional[str] = typer.Option(None, "--survey-id", help="Respondent id column of the survey."),
    score: Optional[str] = typer.Option(None, "--score", help="Score column of the survey (0-10)."),
    survey_date: Optional[str] = typer.Option(None, "--survey-date", help="Date column of the survey: link each "
                                              "answer to the latest answered invitation before it."),
    max_lag: int = typer.Option(30, "--max-lag", min=0, help="With --survey-date: days an answer may follow its "
                                "invitation."),
    max_count: int = typer.Option(3, "--max-count", min=1, help="Last group of previous invitations: this many or "
                                  "more."),
    limit: int = typer.Option(3, "--limit", min=1, help="Contact limit: more invitations than this within "
                              "--limit-days days is over the limit."),
    limit_days: int = typer.Option(30, "--limit-days", min=1, help="Days of the contact limit's window."),
    alpha: float = _ALPHA,
    min_n: int = _MIN_N,
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for cadence.csv, cadence_trends.csv, "
                                       "over_contacted.csv, unmatched.csv, cadence.html and cadence.json."),
    sheet: Optional[str] = _SHEET,
    encoding: Optional[str] = _ENCODING,
    as_json: bool = _JSON,
):
    """Survey fatigue: response rate, mean score and NPS by invitations in the previous 30 and 90 days and by days
    since the previous one; contacts over the limit."""
    from ..loop import contact_cadence

    result = contact_cadence(contacts, survey, id=id, date=date, responded=responded, survey_id=survey_id,
                             score=score, survey_date=survey_date, max_lag=max_lag, max_count=max_count,
                             limit=limit, limit_days=limit_days, alpha=alpha, min_n=min_n, sheet=sheet,
                             encoding=encoding)
    _finish(result, out, as_json)


@app.command("panel")
def panel_command(
    waves: List[Path] = typer.Argument(..., help="Two or more survey waves, in time order."),
    id: str = typer.Option(..., "--id", help="Respondent id column (the same in every wave)."),
    score: Optional[str] = typer.Option(None, "--score", help="Score column (0-10); guessed if omitted."),
    themes: Optional[Path] = typer.Option(None, "--themes", help="Output folder of 'textmine analyze' on wave 1 "
                                          "(its respondents.csv); omitted: wave 1 is analysed now."),
    no_themes: bool = typer.Option(False, "--no-themes", help="Transitions only: no theme analysis."),
    text: Optional[str] = typer.Option(None, "--text", help="Open-answer column of wave 1 (when it is analysed "
                                       "now); guessed if omitted."),
    fixed: List[str] = typer.Option([], "--fixed", help="Theme names or ids whose complaints were fixed between "
                                    "the waves; comma-separated or repeated."),
    mention: str = typer.Option("any", "--mention", help="Which wave-1 mentions flag a theme: any, criticised or "
                                "praised."),
    min_mentions: int = typer.Option(5, "--min-mentions", min=1, help="Leave out themes with fewer respondents "
                                     "in a transition's base."),
    alpha: float = _ALPHA,
    min_n: int = _MIN_N,
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for transitions.csv, conversion_by_theme.csv, "
                                       "unmatched.csv and panel.json."),
    sheet: Optional[str] = _SHEET,
    encoding: Optional[str] = _ENCODING,
    as_json: bool = _JSON,
):
    """Panel waves: NPS-group transitions between waves, and which wave-1 themes precede conversion and loss."""
    from ..errors import ConfigError
    from ..loop import panel_transitions

    if len(waves) < 2:
        raise ConfigError(f"expected two or more waves to link, found {len(waves)}")
    if no_themes and (themes is not None or fixed):
        raise ConfigError("--no-themes skips the theme analysis: drop --themes and --fixed, or --no-themes")
    table = None
    if themes is not None:
        table = themes
    elif not no_themes:
        from .._analyze import analyze

        say(f"analysing wave 1 ({waves[0].name}) for its themes; pass --themes with an analyze output folder "
            "to reuse one, or --no-themes to skip")
        table = analyze(waves[0], text=text, score=score, id=id, sheet=sheet, encoding=encoding,
                        quiet=True).respondents()
    result = panel_transitions(waves, id=id, score=score, themes=table, fixed=fixed, mention=mention,
                               min_mentions=min_mentions, alpha=alpha, min_n=min_n, sheet=sheet, encoding=encoding)
    _finish(result, out, as_json)


@app.command("referrals")
def referrals_command(
    survey: Path = typer.Argument(..., help="Survey export with respondent ids and 0-10 scores."),
    referrals: Path = typer.Option(..., "--referrals", help="Referrals: one row per respondent with a count (or "
                                   "yes/no) of customers referred, or one row per referral made."),
    id: Optional[str] = typer.Option(None, "--id", help="Respondent id column of the survey; guessed if omitted."),
    referral_id: Optional[str] = typer.Option(None, "--referral-id", help="Id column of the referral table "
                                              "(default: the survey's id column name, else guessed)."),
    count: Optional[str] = typer.Option(None, "--count", help="Column of customers referred (or yes/no); omitted: "
                                        "guessed from headers, else one row per referral."),
    score: Optional[str] = typer.Option(None, "--score", help="Score column (0-10); guessed if omitted."),
    alpha: float = _ALPHA,
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for referrals.csv, referrals.json and "
                                       "unmatched.csv."),
    sheet: Optional[str] = _SHEET,
    encoding: Optional[str] = _ENCODING,
    as_json: bool = _JSON,
):
    """Referral rate by NPS group with rate ratios, the score's AUC for referring, and a verdict on whether this
    NPS tracks word of mouth."""
    from ..loop import referral_rates

    result = referral_rates(survey, referrals, id=id, referral_id=referral_id, count=count, score=score,
                            alpha=alpha, sheet=sheet, encoding=encoding)
    _finish(result, out, as_json)
