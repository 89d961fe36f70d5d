"""Real taggers for the planted-driver benchmark (bench_drivers_planted.py): textmine's own text stages.

Each tagger turns the ccf2018 answers into mentions ``(row, theme, polarity -1/0/1)`` the way
``textmine.analyze`` would, without ever scoring an answer with a model that saw its labels:

- ``classifier_tagger``: :class:`textmine.classify.ReasonClassifier` cross-fitted over k folds of
  respondents (trained on the other folds' gold subjects, coding the held-out fold's clauses with
  ``code_clauses``, as ``analyze(model=...)`` does). Polarity two ways: the clause-level lexicon
  sentiment of :mod:`textmine.text` (``lexicon``) and a :class:`PolarityClassifier` trained, within
  the same folds, on the answers whose gold sentiments agree (``model``).
- ``discovered_tagger``: the public :func:`textmine.analyze` itself (themes by ``survey_discoverer`` on the
  survey-adapted static encoder, secondary mentions, clause sentiment lexicon + shipped polarity model);
  ``crossfit_clause_polarity`` re-scores its clauses with a cross-fitted PolarityClassifier.
  Discovered themes have no subject names, so the benchmark maps each to the gold subject its
  respondents overlap most: THAT MAPPING USES THE GOLD LABELS (an analyst naming clusters).

Imports textmine.text / classify / themes / embed; the drivers package itself imports none of them.
Never prints texts.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

POL = {"negative": -1, "neutral": 0, "positive": 1}


def clause_table(texts: list[str], sentiment: str = "combined") -> pd.DataFrame:
    from textmine.text import to_clauses

    frame = pd.DataFrame({"respondent_id": np.arange(len(texts)), "text": texts})
    return to_clauses(frame, text_col="text", id_col="respondent_id", sentiment=sentiment, progress=False)


def _gold_training(gold: pd.DataFrame, subjects: list[str], rows: np.ndarray):
    """(Y 0/1 (len(rows), k), answer polarity or None) from the gold mentions of ``rows``."""
    g = gold[gold["row"].isin(rows)]
    Y = pd.crosstab(g["row"], g["theme"]).reindex(index=rows, columns=subjects, fill_value=0).clip(0, 1)
    agree = g.groupby("row")["polarity"].agg(lambda s: int(s.iloc[0]) if s.nunique() == 1 else None)
    pol = [{-1: "negative", 0: "neutral", 1: "positive"}.get(agree.get(r)) for r in rows]
    return Y.to_numpy(np.int8), pol


def classifier_tagger(texts, gold, subjects, clauses=None, folds: int = 5, seed: int = 0, **params):
    """Cross-fitted ReasonClassifier mentions; returns ({variant: mentions}, info, the cross-fitted polarity
    model's -1/0/1 per content clause id)."""
    from sklearn.model_selection import KFold

    from textmine.classify import ReasonClassifier
    from textmine.themes import polarity_label

    t0 = time.perf_counter()
    clauses = clause_table(texts) if clauses is None else clauses
    lex = pd.Series(polarity_label(clauses["sentiment"].to_numpy(float)), index=clauses["clause_id"].to_numpy())
    n = len(texts)
    out = {"clause_lexicon": [], "clause_model": [], "answer_model": []}
    clause_pol = []  # the cross-fitted polarity model on every content clause (for discovered themes too)
    n_pol_train = []
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(np.arange(n)):
        Y, pol = _gold_training(gold, subjects, train)
        clf = ReasonClassifier(random_state=seed, **params).fit(
            [texts[i] for i in train], Y, labels=subjects, polarity=pol)
        n_pol_train.append(int(sum(p is not None for p in pol)))
        held = clauses[clauses["respondent_id"].isin(test)]
        content = held[~held["no_content"].to_numpy(bool)]
        pl_c, _ = clf.polarity(content["text"].tolist())
        clause_pol.append(pd.Series(pd.Series(pl_c).map(POL).to_numpy(), index=content["clause_id"].to_numpy()))
        m = clf.code_clauses(held).mentions
        m = m[m["source"] == "classifier"]
        base = pd.DataFrame({"row": m["respondent_id"].to_numpy(), "theme": m["theme"].to_numpy()})
        out["clause_model"].append(base.assign(polarity=m["polarity"].map(POL).to_numpy()))
        out["clause_lexicon"].append(base.assign(polarity=lex.loc[m["clause_id"].to_numpy()].map(POL).to_numpy()))
        # the unit the classifier was trained on: whole answers, polarity of the whole answer
        ans = [texts[i] for i in test]
        hit = clf.predict(ans)
        pl, _ = clf.polarity(ans)
        r, c = np.nonzero(hit)
        out["answer_model"].append(pd.DataFrame({"row": test[r], "theme": np.asarray(subjects, object)[c],
                                                 "polarity": pd.Series(pl[r]).map(POL).to_numpy()}))
    res = {k: pd.concat(v, ignore_index=True).astype({"polarity": int}) for k, v in out.items()}
    info = {"folds": folds, "classifier": "ReasonClassifier(" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")",
            "polarity_training_answers_per_fold": n_pol_train,
            "seconds": round(time.perf_counter() - t0, 1),
            "note": "cross-fitted: every answer is coded by a model trained on the other folds only"}
    return res, info, pd.concat(clause_pol)


def discovered_tagger(texts, clauses=None, random_state: int = 0, n_boot: int = 50, **analyze_params):
    """Discovered-theme mentions exactly as ``textmine.analyze`` codes the answers; returns (mentions, info).

    Runs the public :func:`textmine.analyze` on a frame of the texts (ids 0..n-1, a dummy score drawn at random:
    discovery never reads it) with its defaults: ``survey_discoverer`` on the adapted static encoder's aspect
    vectors, secondary mentions, clause sentiment ``combined`` (lexicon blended with the shipped polarity
    model). ``mentions``: ``row``, ``theme`` (T01 ..., or ``OVERALL_ID`` for the overall evaluation),
    ``polarity`` -1/0/1 (analyze's), ``clause_id``, ``clause`` (analyze's clause text, for re-scoring polarity;
    never printed). The no-content theme is dropped. ``clauses`` is ignored (analyze splits the answers itself)
    and kept for the old call signature.
    """
    import textmine
    from textmine.themes import NO_CONTENT_ID, OVERALL_ID

    t0 = time.perf_counter()
    n = len(texts)
    frame = pd.DataFrame({"respondent_id": np.arange(n).astype(str), "text": texts,
                          "score": np.random.default_rng(random_state).integers(0, 11, n)})
    params = {"n_boot": n_boot, **analyze_params}
    a = textmine.analyze(frame, text="text", score="score", id="respondent_id", quiet=True, cache_dir=False,
                         random_state=random_state, **params)
    m = a.mentions
    m = m[m["theme"] != NO_CONTENT_ID]
    men = pd.DataFrame({"row": m["respondent_id"].astype(int).to_numpy(), "theme": m["theme"].to_numpy(),
                        "polarity": m["polarity"].map(POL).to_numpy(), "clause_id": m["clause_id"].to_numpy(),
                        "clause": m["clause"].to_numpy()})
    per_clause = m.groupby("clause_id").size()
    content = int((~a.clauses["no_content"].to_numpy(bool)).sum())
    s = a.settings
    info = {"ran": f"textmine.analyze(DataFrame, quiet=True, cache_dir=False, random_state={random_state}, "
                   + ", ".join(f"{k}={v}" for k, v in params.items()) + ") -> a.mentions",
            "encoder": s["encoder_id"], "adapted_encoder": bool(s["adapted_encoder"]),
            "themes_method": s["themes_method"], "max_share": s["max_share"], "max_themes": s["max_themes"],
            "merge_threshold": s["merge_threshold"], "chunks": s["chunks"],
            "clause_sentiment": "analyze's clause sentiment (to_clauses default sentiment='combined': lexicon "
                                "blended with the shipped polarity model)",
            "themes_found": int(m.loc[m["theme"] != OVERALL_ID, "theme"].nunique()),
            "overall_theme": {"id": OVERALL_ID, "mentions": int((m["theme"] == OVERALL_ID).sum()),
                              "respondents": int(m.loc[m["theme"] == OVERALL_ID, "respondent_id"].nunique())},
            "unassigned_clause_share": round(float(a.themes.unassigned_share), 3),
            "content_clauses": content, "mentions": int(len(m)),
            "clauses_with_more_than_one_mention": int((per_clause > 1).sum()),
            "sources": {str(k): int(v) for k, v in m["source"].value_counts().items()},
            "seconds": round(time.perf_counter() - t0, 1)}
    return men, info


def crossfit_clause_polarity(texts, gold, clauses: pd.DataFrame, folds: int = 5, seed: int = 0) -> pd.Series:
    """-1/0/1 per clause id of ``clauses`` (columns ``row``, ``clause_id``, ``clause`` text) by a
    :class:`PolarityClassifier` cross-fitted over the same respondent folds as ``classifier_tagger``: trained on
    the other folds' answers whose gold sentiments agree, as ``ReasonClassifier.fit(polarity=...)`` trains its
    polarity model, so no clause is scored by a model that saw its answer's labels."""
    from sklearn.model_selection import KFold

    from textmine.classify import PolarityClassifier

    c = clauses.drop_duplicates("clause_id")
    out = []
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(np.arange(len(texts))):
        _, pol = _gold_training(gold, sorted(gold["theme"].unique()), train)
        keep = [i for i, p in enumerate(pol) if p is not None]
        model = PolarityClassifier(random_state=seed).fit([texts[train[i]] for i in keep], [pol[i] for i in keep])
        held = c[c["row"].isin(test)]
        if len(held):
            out.append(pd.Series(pd.Series(model.predict(held["clause"].tolist())).map(POL).to_numpy(),
                                 index=held["clause_id"].to_numpy()))
    return pd.concat(out).astype(int)
