"""Real taggers for the planted-driver benchmark (bench_drivers_planted.py): textmine's own text stages.

Each tagger turns the ccf2018 answers into mentions ``(row, theme, polarity -1/0/1)`` the way
``textmine.analyze`` would, without ever scoring an answer with a model that saw its labels:

- ``classifier_tagger``: :class:`textmine.classify.ReasonClassifier` cross-fitted over k folds of
  respondents (trained on the other folds' gold subjects, coding the held-out fold's clauses with
  ``code_clauses``, as ``analyze(model=...)`` does). Polarity two ways: the clause-level lexicon
  sentiment of :mod:`textmine.text` (``lexicon``) and a :class:`PolarityClassifier` trained, within
  the same folds, on the answers whose gold sentiments agree (``model``).
- ``discovered_tagger``: :class:`textmine.themes.ThemeDiscoverer` on the clauses' aspect vectors
  from the shipped encoder, exactly as ``analyze`` runs it; polarity = clause lexicon sentiment
  (the planted benchmark also swaps in the cross-fitted polarity model's clause polarity).
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


def clause_table(texts: list[str]) -> pd.DataFrame:
    from textmine.text import to_clauses

    frame = pd.DataFrame({"respondent_id": np.arange(len(texts)), "text": texts})
    return to_clauses(frame, text_col="text", id_col="respondent_id", progress=False)


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


def discovered_tagger(texts, clauses=None, random_state: int = 0, **disc_params):
    """Discovered-theme mentions (theme ids T01 ...) with clause lexicon polarity; returns (mentions, info)."""
    from textmine.embed import get_encoder
    from textmine.text import aspect_texts
    from textmine.themes import ThemeDiscoverer, discover_themes

    t0 = time.perf_counter()
    clauses = clause_table(texts) if clauses is None else clauses
    enc = get_encoder(None)
    vectors = enc.encode(aspect_texts(clauses))
    params = {"merge_threshold": 0.55, "max_themes": 30, **disc_params}  # analyze()'s defaults
    disc = ThemeDiscoverer(random_state=random_state, **params)
    resp = pd.DataFrame({"respondent_id": np.arange(len(texts))})
    result = discover_themes(clauses, vectors, resp, discoverer=disc, encoder_id=enc.id)
    m = result.mentions
    m = m[m["source"] == "discovered"]
    men = pd.DataFrame({"row": m["respondent_id"].to_numpy(), "theme": m["theme"].to_numpy(),
                        "polarity": m["polarity"].map(POL).to_numpy(), "clause_id": m["clause_id"].to_numpy()})
    info = {"encoder": enc.id, "discoverer": f"ThemeDiscoverer({params}, random_state={random_state})",
            "themes_found": int(disc.n_themes_), "unassigned_clause_share": round(float(disc.unassigned_share_), 3),
            "seconds": round(time.perf_counter() - t0, 1)}
    return men, info
