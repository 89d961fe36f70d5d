"""The analyze output folder as the review app reads it: answers, clauses and mentions loaded once, indexed by
theme, with the theme list's counts and monthly trend recomputed after each edit of the codebook."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["OutputTables", "PAGE_SIZE"]

PAGE_SIZE = 20
_NEEDED = ("codebook.yaml", "mentions.csv", "respondents.csv")


def _read(path: Path, columns=None) -> pd.DataFrame:
    head = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
    use = [c for c in columns if c in head] if columns else None
    return pd.read_csv(path, usecols=use, dtype=str, keep_default_na=False, encoding="utf-8-sig")


class OutputTables:
    """Read-only tables of one output folder; ``aliases`` (old theme id → current id, from merges) and the set of
    current theme ids decide which mentions count for which theme."""

    def __init__(self, out):
        self.out = Path(out)
        missing = [f for f in _NEEDED if not (self.out / f).exists()]
        if missing:
            raise InputError(f"{str(self.out)!r} is not a textmine analyze output folder: {', '.join(missing)} "
                             "missing; pass the --out folder of textmine analyze")
        run = self.out / "run.json"
        self.run = json.loads(run.read_text(encoding="utf-8")) if run.exists() else {}
        r = _read(self.out / "respondents.csv")
        self.segments = [c for c in self.run.get("settings", {}).get("segments", []) or [] if c in r.columns]
        keep = ["respondent_id", "score", "nps_group", "text", "date", "themes", *self.segments]
        r = r[[c for c in keep if c in r.columns]].copy()
        r["score"] = pd.to_numeric(r.get("score", pd.Series(index=r.index, dtype=float)), errors="coerce")
        self.answers = r.set_index("respondent_id", drop=False)
        self.n_respondents = len(r)
        month = pd.to_datetime(r["date"], errors="coerce").dt.to_period("M") if "date" in r else None
        self.month = pd.Series(month.astype(str).to_numpy() if month is not None else "", index=r["respondent_id"])
        self.months = sorted(m for m in self.month.unique() if m and m != "NaT")
        m = _read(self.out / "mentions.csv", ["respondent_id", "clause_id", "clause", "theme", "polarity",
                                              "similarity"])
        m = m[m["theme"] != "NC"].copy()
        m["similarity"] = pd.to_numeric(m["similarity"], errors="coerce").fillna(0.0)
        self.mentions = m.reset_index(drop=True)
        # integer codes for fast counting: respondent (row in answers), theme, month of the respondent
        self.rcode = pd.Index(r["respondent_id"]).get_indexer(self.mentions["respondent_id"]).astype(np.int64)
        self.tcode, self.tuniq = pd.factorize(self.mentions["theme"])
        self.positive = (self.mentions["polarity"] == "positive").to_numpy()
        self.negative = (self.mentions["polarity"] == "negative").to_numpy()
        self.mcode = pd.Index(self.months).get_indexer(self.month.to_numpy()) if self.months else None
        self._order = np.argsort(self.rcode, kind="stable")
        self._sorted = self.rcode[self._order]
        spans = {}
        if (self.out / "clauses.csv").exists():
            c = _read(self.out / "clauses.csv", ["clause_id", "start", "end"])
            spans = dict(zip(c["clause_id"], zip(pd.to_numeric(c["start"], errors="coerce"),
                                                 pd.to_numeric(c["end"], errors="coerce"))))
        self.spans = spans
        self._by_similarity = None
        self._stats_key = None
        self._stats = None

    # -- per theme ----------------------------------------------------------------------------------------
    def stats(self, ids, aliases: dict) -> dict:
        """Per current theme id: n respondents, share, praise and complaint counts, monthly counts."""
        key = (tuple(ids), tuple(sorted(aliases.items())))
        if key == self._stats_key:
            return self._stats
        pos = {t: i for i, t in enumerate(ids)}
        to_cur = np.array([pos.get(aliases.get(t, t), -1) for t in self.tuniq] + [-1], dtype=np.int64)
        cur = to_cur[self.tcode]  # tcode -1 (missing theme) picks the trailing -1
        ok = (cur >= 0) & (self.rcode >= 0)
        k, R = len(ids), self.n_respondents

        def seen(mask):  # theme x respondent: does the respondent mention the theme (a bitmap, no sorting)
            grid = np.zeros((k, R), dtype=bool)
            grid[cur[mask], self.rcode[mask]] = True
            return grid

        grid = seen(ok)
        n = grid.sum(axis=1)
        npos, nneg = seen(ok & self.positive).sum(axis=1), seen(ok & self.negative).sum(axis=1)
        trend = np.zeros((k, len(self.months)), dtype=np.int64)
        if self.months:
            good = self.mcode >= 0
            for i in range(k):
                trend[i] = np.bincount(self.mcode[grid[i] & good], minlength=len(self.months))
        out = {}
        for i, t in enumerate(ids):
            out[t] = {"n": int(n[i]), "share": int(n[i]) / self.n_respondents if self.n_respondents else 0.0,
                      "n_positive": int(npos[i]), "n_negative": int(nneg[i]), "trend": [int(v) for v in trend[i]]}
        self._stats_key, self._stats = key, out
        return out

    def respondent_mentions(self, rid: str) -> pd.DataFrame:
        """The mentions of one respondent's answer (in clause order)."""
        i = self.answers.index.get_indexer([rid])[0]
        lo, hi = np.searchsorted(self._sorted, [i, i + 1]) if i >= 0 else (0, 0)
        return self.mentions.iloc[self._order[lo:hi]]

    def _rows_of(self, theme: str, aliases: dict) -> np.ndarray:
        """Positions in ``mentions`` of the mentions that count for ``theme`` (its own and merged ones')."""
        sources = [theme] + [a for a, b in aliases.items() if b == theme]
        codes = [i for i, t in enumerate(self.tuniq) if t in sources]
        return np.flatnonzero(np.isin(self.tcode, codes))

    def theme_mentions(self, theme: str, aliases: dict) -> pd.DataFrame:
        return self.mentions.iloc[self._rows_of(theme, aliases)]

    def borderline(self, theme, aliases: dict, done, n: int) -> pd.DataFrame:
        """The ``n`` mentions (one per respondent not in ``done``) least similar to their theme: ``theme``'s or
        any theme's."""
        if self._by_similarity is None:  # mentions are in clause order: a stable sort keeps it among equals
            self._by_similarity = self.mentions.iloc[np.argsort(self.mentions["similarity"].to_numpy(),
                                                                kind="stable")]
        m = self._by_similarity
        if theme:
            m = m[m["theme"].isin([theme] + [a for a, b in aliases.items() if b == theme])]
        out, seen = [], set()
        for i, rid in zip(m.index, m["respondent_id"]):
            if rid not in done and rid not in seen:
                seen.add(rid)
                out.append(i)
                if len(out) >= n:
                    break
        return self.mentions.loc[out]

    def answers_page(self, theme: str, aliases: dict, *, page: int = 1, q: str = "") -> dict:
        """One page of the answers that mention ``theme`` (strongest first), optionally those containing ``q``."""
        idx = self._rows_of(theme, aliases)
        idx = idx[self.rcode[idx] >= 0]
        sim = self.mentions["similarity"].to_numpy()
        idx = idx[np.argsort(-sim[idx], kind="stable")]  # strongest first; clause order among equals
        _, first = np.unique(self.rcode[idx], return_index=True)  # each answer once, at its strongest clause
        idx = idx[np.sort(first)]
        if q:
            texts = self.answers["text"].iloc[self.rcode[idx]]
            idx = idx[texts.str.contains(q, case=False, regex=False).to_numpy()]
        m = self.mentions.iloc[idx]
        total = len(m)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(1, page), pages)
        part = m.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        rows = []
        for rec in part.itertuples(index=False):
            a = self.answers.loc[rec.respondent_id]
            rows.append(self.answer_row(a, rec.clause_id, rec.polarity, rec.similarity, theme))
        return {"theme": theme, "page": page, "pages": pages, "total": total, "q": q, "answers": rows}

    def answer_row(self, a, clause_id=None, polarity="", similarity=0.0, theme="") -> dict:
        """An answer split around its clause: ``before``, ``clause``, ``after`` (all text, masked already)."""
        text = a["text"]
        start, end = self.spans.get(clause_id, (np.nan, np.nan))
        if not (np.isfinite(start) and np.isfinite(end)) or not 0 <= start <= end <= len(text):
            start = end = 0
        score = a["score"]
        return {"respondent_id": a["respondent_id"], "clause_id": clause_id, "theme": theme,
                "before": text[:int(start)], "clause": text[int(start):int(end)], "after": text[int(end):],
                "text": text, "score": None if pd.isna(score) else int(score), "nps_group": a.get("nps_group", ""),
                "segments": {s: a[s] for s in self.segments}, "polarity": polarity,
                "similarity": round(float(similarity), 3)}

    def respondent(self, rid: str):
        if rid not in self.answers.index:
            raise InputError(f"no respondent with id {rid!r} in respondents.csv")
        return self.answers.loc[rid]

    def clause_texts(self, clause_ids) -> list[str]:
        by_id = self.mentions.drop_duplicates("clause_id").set_index("clause_id")["clause"]
        return [by_id.get(c, "") for c in clause_ids]


def sparkline(counts, width: int = 80, height: int = 18) -> str:
    """SVG polyline points of a monthly count series (empty when fewer than two months)."""
    if len(counts) < 2:
        return ""
    top = max(max(counts), 1)
    step = width / (len(counts) - 1)
    return " ".join(f"{i * step:.1f},{height - 1 - (v / top) * (height - 2):.1f}" for i, v in enumerate(counts))
