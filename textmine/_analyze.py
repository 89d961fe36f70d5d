"""``textmine.analyze``: one call from a survey export to NPS, themes, drivers and a report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._inputs import disambiguate_ids, input_fingerprint
from .errors import ConfigError, SchemaError

__all__ = ["analyze", "Analysis", "make_coder", "package_versions"]

#: answers analysed at once; larger surveys are chunked (themes discovered on a sample of this many answers)
DEFAULT_CHUNK_SIZE = 100_000
MIN_CHUNK_SIZE = 100
OUTPUT_FILES = ("report.html", "results.xlsx", "respondents.csv", "clauses.csv", "mentions.csv", "themes.csv",
                "drivers.csv", "drivers_full.csv", "trust.csv", "suggestions.csv", "fix_list.csv",
                "nps.json", "rejects.csv", "codebook.yaml", "columns.md",
                "run.json")
#: what a large run (``textmine.distributed.analyze_large``) writes besides OUTPUT_FILES: a later run in the same
#: folder removes it, as a large run removes this kind's files
LARGE_RUN_OUTPUTS = ("promoter_reasons.csv", "detractor_complaints.csv", "respondents", "clauses", "mentions",
                     "rejects")


@dataclass
class Analysis:
    """The result of :func:`analyze`: every table, with ``to_html``, ``to_excel`` and ``save``."""

    survey: object
    nps: object
    segments: object
    periods: object
    clauses: pd.DataFrame
    themes: object
    drivers: object
    settings: dict
    timings: dict = field(default_factory=dict)
    drivers_note: str = ""
    #: can the scores be trusted: per respondent the score-text mismatch (``trust.respondent_mismatch``), per
    #: segment level the mismatch rate, share of 10s and heaping against the rest (``trust.segment_trust``)
    mismatch: pd.DataFrame | None = None
    trust: object = None
    #: closed-loop results by part (cadence, panel, referrals): :meth:`close_loop`
    loop: dict = field(default_factory=dict)

    @property
    def mentions(self) -> pd.DataFrame:
        return self.themes.mentions

    @property
    def accounting(self) -> dict:
        s = self.survey
        content = ~self.clauses["no_content"] if len(self.clauses) else pd.Series([], dtype=bool)
        nc_resp = self.clauses.groupby("respondent_id")["no_content"].all() if len(self.clauses) else pd.Series([])
        return {
            "rows_read": s.n_read, "respondents": s.n, "rejected": len(s.rejects),
            "reject_reasons": s.rejects["reason"].value_counts().to_dict() if len(s.rejects) else {},
            "empty_answers": int(s.frame["empty_text"].sum()), "no_content": int(nc_resp.sum()),
            "clauses": len(self.clauses), "content_clauses": int(content.sum()),
            "unassigned_share": float(self.themes.unassigned_share),
            "languages": self.languages().value_counts().to_dict() if len(self.clauses) else {},
        }

    def languages(self) -> pd.Series:
        """Each answering respondent's language: zh, en, mixed, other, or "" when the answer has no word
        (:func:`textmine.text.answer_languages`), computed once."""
        hit = self.__dict__.get("_languages")
        if hit is None:
            from .text import answer_languages

            hit = self.__dict__["_languages"] = answer_languages(self.clauses)
        return hit

    def masked_answers(self) -> list:
        """Every respondent's answer with personal data masked (``text.mask_pii``), in the order of
        ``survey.frame``; computed once (respondents.csv and the report's drill-down both show it)."""
        hit = self.__dict__.get("_masked")
        if hit is None:
            from .text import mask_pii

            hit = self.__dict__["_masked"] = [mask_pii(t) if t else t for t in self.survey.frame["text"]]
        return hit

    def close_loop(self, *, contacts=None, waves=(), fixed=(), referrals=None, alpha: float | None = None,
                   sheet=None, encoding=None) -> "Analysis":
        """Survey cadence (``contacts``), panel transitions to later ``waves`` (with ``fixed`` themes) and referral
        rates (``referrals``) on this survey (:mod:`textmine._closeloop`): into ``self.loop``, the report and
        ``save``'s ``cadence/``, ``panel/`` and ``referrals/`` folders. Returns self."""
        from ._closeloop import close_loop

        self.loop.update(close_loop(self, contacts=contacts, waves=waves, fixed=fixed, referrals=referrals,
                                    alpha=alpha, sheet=sheet, encoding=encoding))
        return self

    def coded_clauses(self) -> pd.DataFrame:
        """Every clause with its aspect, themes, polarity, or why it holds no content (``clauses.csv``)."""
        from .themes import coded_clauses

        return coded_clauses(self.clauses, self.mentions, themes=self.themes)

    def respondents(self) -> pd.DataFrame:
        """One row per respondent: survey columns, masked answer, sentiment, themes mentioned, praised and
        criticised (``;``-joined ids in order of mention, their names beside them)."""
        from .schemas import RESPONDENTS
        from .themes import NO_CONTENT_ID

        f = self.survey.frame.copy()
        f["text"] = self.masked_answers()
        m = self.mentions[["respondent_id", "theme", "polarity"]]
        names = {t.id: t.name for t in self.themes.codebook}
        ids = f["respondent_id"].tolist()
        coded = m[m["theme"] != NO_CONTENT_ID]
        for col, named, sub in (("themes", "theme_names", coded),
                                ("praised", "praised_names", coded[coded["polarity"] == "positive"]),
                                ("criticised", "criticised_names", coded[coded["polarity"] == "negative"])):
            f[col], f[named] = _joined(sub, ids, names)
        if len(self.clauses):
            f["n_clauses"] = f["respondent_id"].map(self.clauses.groupby("respondent_id").size()).fillna(0).astype(int)
            f["sentiment"] = f["respondent_id"].map(self.clauses.groupby("respondent_id")["sentiment"].mean())
        f["no_content"] = f["respondent_id"].isin(m.loc[m["theme"] == NO_CONTENT_ID, "respondent_id"])
        f["language"] = f["respondent_id"].map(self.languages()).fillna("") if len(self.clauses) else ""
        if self.mismatch is not None:
            f["mismatch"] = f["respondent_id"].map(self.mismatch.set_index("respondent_id")["mismatch"]).fillna(False)
        return RESPONDENTS.conform(f)

    def nps_dict(self) -> dict:
        out = dict(self.nps.to_dict())
        out["segments"] = self.segments.to_records() if self.segments is not None else []
        out["periods"] = self.periods.to_records() if self.periods is not None else []
        return out

    def to_html(self, path=None) -> str:
        from .io import atomic_write_text
        from .report import render_html

        html = render_html(self)
        if path is not None:
            atomic_write_text(path, html)
        return html

    def _tables(self) -> dict:
        """Every table written, by key (the workbook's sheets, ``drivers_full``); not the clauses (CSV only)."""
        from .schemas import DRIVERS, DRIVERS_SHORT, TRUST
        from .themes import fix_list

        drivers = self.drivers.to_frame() if self.drivers is not None else pd.DataFrame(columns=list(DRIVERS.names))
        themes = self.themes.to_frame()
        drivers.insert(1, "name", drivers["theme"].map(dict(zip(themes["theme"], themes["name"]))).fillna(""))
        return {
            "promoter_reasons": self.themes.promoter_reasons(),
            "detractor_complaints": self.themes.detractor_complaints(),
            "themes": themes,
            "drivers": drivers[[c for c in DRIVERS_SHORT.names if c in drivers.columns]],
            "drivers_full": drivers,
            "nps": self.nps.to_frame(),
            "segments": self.segments.to_frame() if self.segments is not None else pd.DataFrame(),
            "periods": self.periods.to_frame() if self.periods is not None else pd.DataFrame(),
            "mentions": self.mentions,
            "respondents": self.respondents(),
            "rejects": self.survey.rejects,
            "trust": self.trust.to_frame() if self.trust is not None else pd.DataFrame(columns=list(TRUST.names)),
            "suggestions": self.themes.suggestions(k=3).assign(examples=lambda f: f["examples"].map(" | ".join)),
            "fix_list": fix_list(self.themes, self.drivers),
        }

    def to_excel(self, path, tables: dict | None = None) -> Path:
        """The workbook (:mod:`textmine._outfiles`): reasons and complaints first, with charts; every number
        formatted; the mentions and respondents sheets hold their first 10,000 rows (the full tables are the CSV
        files ``save`` writes), as a ``notes`` sheet says; a ``columns`` sheet explains every column."""
        from ._outfiles import (ROW_SHEET_ROWS, SHEETS, columns_frame, workbook_charts, workbook_kinds,
                                workbook_notes)
        from .io import write_excel

        tables = self._tables() if tables is None else tables
        sheets = {s: tables[s].head(ROW_SHEET_ROWS) if s in ("mentions", "respondents") else tables[s]
                  for s in SHEETS}
        sheets["notes"] = workbook_notes({s: len(tables[s]) for s in ("mentions", "respondents")})
        sheets["columns"] = columns_frame(sheets)
        return write_excel(sheets, path, kinds=workbook_kinds(sheets), charts=workbook_charts(sheets))

    def save(self, out_dir, progress=None) -> dict:
        """Write every output file to ``out_dir``, all or nothing; returns ``{name: path}``.

        The files are written into a staging folder inside ``out_dir`` and moved into place at the end, with
        ``run.json`` (``"complete": true``) last; what an interrupted or killed run left there is removed first.
        ``progress`` (a :class:`textmine._stages.Progress`): the writing is its stage ``write``, with a bar over
        the files. The writing time is ``timings["write"]``, in ``run.json`` too.
        """
        import time
        from contextlib import nullcontext

        from ._output import staged_output
        from ._writing import write_files

        t0 = time.perf_counter()
        from ._closeloop import LOOP_PARTS

        owned = OUTPUT_FILES + ("codebook.centroids.npz",) + LOOP_PARTS + LARGE_RUN_OUTPUTS
        with staged_output(out_dir, owned=owned) as stage:
            with progress("write") if progress is not None else nullcontext():
                n = len(OUTPUT_FILES) - 1
                with progress.bar("write", total=n) if progress is not None else nullcontext() as bar:
                    write_files(self, stage.path, bar)
            self.timings["write"] = round(time.perf_counter() - t0, 3)
            run = {"settings": self.settings, "timings_s": self.timings, "accounting": self.accounting,
                   "versions": package_versions()}
            paths = stage.commit(run)
        return {name: paths[name] for name in OUTPUT_FILES + tuple(self.loop)}

    def summary(self) -> str:
        lines = [self.nps.summary(), self.themes.summary()]
        if self.drivers is not None:
            lines.append(self.drivers.summary())
        return "\n\n".join(lines)


def _joined(mentions: pd.DataFrame, ids: list, names: dict) -> tuple[list, list]:
    """Each respondent's distinct themes in ``mentions`` in mention order, ``;``-joined: (ids, names)."""
    m = mentions.drop_duplicates(["respondent_id", "theme"])
    by: dict = {}
    for r, t in zip(m["respondent_id"].tolist(), m["theme"].tolist()):
        by.setdefault(r, []).append(t)
    got = [by.get(r, ()) for r in ids]
    return [";".join(t) for t in got], [";".join(names.get(x, x) for x in t) for t in got]


def package_versions() -> dict:
    """The versions of textmine and the libraries its results depend on (run.json)."""
    from importlib import metadata

    out = {}
    for pkg in ("textmine", "numpy", "pandas", "scikit-learn", "hdbscan", "jieba", "sentence-transformers"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def make_coder(*, model=None, codebook=None, alpha: float = 0.05, min_cluster_size=None, merge_threshold=0.55,
               max_themes=30, random_state: int = 0, adapt: bool = True):
    """How ``analyze`` codes the answers (:mod:`textmine._coders`): a trained ``model`` (a directory), else a
    ``codebook`` (a :class:`~textmine.themes.Codebook` or its YAML), else themes discovered on the survey."""
    from ._stages import ApplyCodebook, ApplyModel, DiscoverThemes
    from .themes import Codebook, survey_discoverer

    if model is not None:
        from .classify import load_classifier

        return ApplyModel(load_classifier(model), alpha=alpha)
    if codebook is not None:
        return ApplyCodebook(codebook if isinstance(codebook, Codebook) else Codebook.load(codebook), alpha=alpha)
    return DiscoverThemes(survey_discoverer(min_cluster_size=min_cluster_size, merge_threshold=merge_threshold,
                                            max_themes=max_themes, random_state=random_state),
                          alpha=alpha, min_content_clauses=10, adapt=adapt)


def analyze(data, *, text: str | None = None, score: str | None = None, id: str | None = None,
            date: str | None = None, segments: Sequence[str] = (), period: str = "month", sheet=None,
            encoding: str | None = None, encoder=None, codebook=None, model=None, cache_dir=None,
            min_cluster_size: int | None = None, merge_threshold: float | None = 0.55,
            max_themes: int | None = 30, alpha: float = 0.05, min_n: int = 30, n_boot: int = 1000,
            random_state: int = 0, chunk_size: int | None = DEFAULT_CHUNK_SIZE, quiet: bool = False,
            adapt: bool = True, weight: str | None = None, lang: str | None = None, progress=None,
            engine: str = "local", client=None) -> Analysis:
    """Run read → NPS → text → embed → themes (or a given codebook / model) → drivers.

    Parameters mirror ``textmine analyze``: ``data`` is a path (CSV/TSV, XLSX, SPSS, Parquet) or a DataFrame;
    ``encoder`` a sentence-transformers model path or name (None: the shipped offline default); ``codebook`` a
    codebook YAML to apply instead of discovering themes; ``model`` a trained classifier directory.

    ``chunk_size`` bounds memory: a survey with more answers than this is analysed that many answers at a time
    (themes discovered on a seeded random sample of ``chunk_size`` answers, the rest coded chunk by chunk with the
    same assignment rule; ``clauses`` has the same columns and rows as in the one-piece run). ``adapt``: themes are
    discovered on vectors of the static encoder adapted to the survey's answers (``embed.adapt_encoder``; the
    codebook keeps the encoder's own space); False clusters the encoder's vectors as they are. Up to ``chunk_size``
    answers the result is the same as with ``chunk_size=None`` (one piece). The stages run through
    :func:`textmine._stages.run_stages`.

    ``weight``: a survey weight column (finite, >= 0; a row without a usable weight is a reject with its reason):
    the overall, segment and period NPS and the drivers are weighted, with Kish's effective n (``nps.n_eff``).
    ``lang``: the language of the report and workbook labels, ``"zh"`` or ``"en"`` (None: the answers'
    language), kept in ``settings["lang"]``. ``progress``: a :class:`textmine._stages.Progress` to report to and
    time in (None: one on stderr, silent when ``quiet``); pass the same one to ``Analysis.save``.

    ``engine="dask"`` codes the chunks on a Dask cluster (``client``: a ``dask.distributed.Client``, or None for a
    local cluster of two worker processes) with the same results (:func:`textmine.distributed.analyze_dask`, which
    also reads a partitioned Parquet dataset or a glob of CSV files); needs ``pip install 'textmine[dask]'``.
    """
    if engine not in ("local", "dask"):
        raise ConfigError(f"engine={engine!r} is not known; choose local (this process) or dask (a Dask cluster)")
    if engine == "dask":
        kw = {k: v for k, v in locals().items() if k not in ("data", "engine", "client")}  # analyze's arguments
        from .distributed import analyze_dask

        return analyze_dask(data, client=client, **kw)
    if client is not None:
        raise ConfigError("client= is the Dask client of engine='dask'; pass engine='dask' too, or drop client=")
    if lang is not None and lang not in ("zh", "en"):
        raise ConfigError(f"lang={lang!r} is not a report language; choose one of zh, en, or None for the answers' "
                          "language")
    if chunk_size is not None and (isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer))
                                   or chunk_size < MIN_CHUNK_SIZE):
        raise ConfigError(f"chunk_size={chunk_size!r} must be an integer >= {MIN_CHUNK_SIZE} (answers per chunk), "
                          "or None (CLI: 0) to analyse the survey in one piece")

    from .io import read_survey
    from .nps import nps_score, period_nps, segment_nps

    from ._stages import ADAPT_OPTIONS, Progress, run_stages

    stages = progress if progress is not None else Progress(quiet)
    show = None if not quiet else False
    with stages("read"):
        survey = read_survey(data, text=text, score=score, id=id, date=date, segments=segments, sheet=sheet,
                             encoding=encoding, weight=weight)
        if survey.columns.get("text") is None:
            raise SchemaError("analyze needs an open-answer column: pass text=... (CLI: --text COL)")
        disambiguate_ids(survey)
    with stages("nps"):
        w = "weight" if weight is not None else None  # read_survey keeps the weight column as "weight"
        overall = nps_score(survey.frame["score"].to_numpy(), alpha=alpha, min_n=min_n,
                            weights=survey.frame["weight"].to_numpy() if w else None)
        seg = segment_nps(survey.frame, survey.segments, weight=w, alpha=alpha, min_n=min_n) \
            if survey.segments else None
        per = period_nps(survey.frame, period=period, weight=w, alpha=alpha, min_n=min_n) \
            if survey.columns.get("date") else None
    from .themes import SURVEY_SETTINGS
    answered = survey.frame.loc[~survey.frame["empty_text"], ["respondent_id", "text"]]
    coder = make_coder(model=model, codebook=codebook, alpha=alpha, min_cluster_size=min_cluster_size,
                       merge_threshold=merge_threshold, max_themes=max_themes, random_state=random_state, adapt=adapt)
    run = run_stages(answered, survey.frame, coder, encoder=encoder, cache=cache_dir, chunk_size=chunk_size,
                     random_state=random_state, progress=stages, show_progress=show)
    clauses, themes, enc, n_chunks = run.clauses, run.themes, run.encoder, run.n_chunks
    del run
    del answered
    drivers, note = None, ""
    with stages("drivers"):
        from .drivers import DriverAnalysis, mentions_to_matrix
        from .themes import NO_CONTENT_ID

        m = themes.mentions[["respondent_id", "theme", "polarity"]]  # only what the matrix needs: no text copies
        m = m[m["theme"] != NO_CONTENT_ID]
        if m["theme"].nunique() == 0:
            note = "no themes were found, so there is nothing to relate to the score"
        else:
            theme_ids = sorted(m["theme"].unique())
            matrix = mentions_to_matrix(m, survey.frame[["respondent_id", "score"] + ([w] if w else [])],
                                        signed=True)
            del m
            drivers = DriverAnalysis(n_boot=n_boot, alpha=alpha, min_n=min_n, random_state=random_state).fit(
                matrix, themes=theme_ids, score="score", weight=w).result_
    with stages("trust"):  # promoters who only complain, detractors who only praise; by segment level
        from .trust import respondent_mismatch, segment_trust

        mismatch = respondent_mismatch(themes.mentions, survey.frame)
        trust = segment_trust(survey.frame, survey.segments, mismatch=mismatch, alpha=alpha, min_n=min_n)
    settings = {"source": survey.source, "input_fingerprint": input_fingerprint(data), "columns": survey.columns,
                "segments": survey.segments, "period": period, "encoder_id": enc.id,
                "codebook": str(codebook) if codebook is not None and not hasattr(codebook, "themes") else None,
                "model": str(model) if model is not None else None, "alpha": alpha, "min_n": min_n,
                "n_boot": n_boot, "random_state": random_state, "min_cluster_size": min_cluster_size,
                "merge_threshold": merge_threshold, "max_themes": max_themes, "chunk_size": chunk_size,
                "themes_method": SURVEY_SETTINGS["method"], "max_share": SURVEY_SETTINGS["max_share"],
                "adapted_encoder": getattr(coder, "fit_encoder", None) is not None, "adapt_options": dict(ADAPT_OPTIONS),
                "centred_vectors": getattr(coder, "center_", None) is not None,
                "chunks": n_chunks, "weight": survey.columns.get("weight"), "lang": lang}
    return Analysis(survey=survey, nps=overall, segments=seg, periods=per, clauses=clauses, themes=themes,
                    drivers=drivers, settings=settings, timings=stages.timings, drivers_note=note, mismatch=mismatch,
                    trust=trust)
