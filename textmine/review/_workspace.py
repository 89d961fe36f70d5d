"""ReviewStore: one analyze output folder under review — its tables, its codebook and the edits made to it."""

from __future__ import annotations

import copy
from pathlib import Path

from ..errors import ConfigError, InputError, TextmineError
from ._edits import CODEBOOK_OPS, EditLog, StaleVersionError, apply_edit, codebook_version
from ._tables import OutputTables, sparkline

__all__ = ["ReviewStore", "replay_log"]

_CODEBOOK_FILES = ("codebook.yaml", "codebook.centroids.npz")


def _aliases(entries) -> dict:
    """old theme id → the id its mentions count for now (merges), from the log's active edits."""
    aliases = {}
    for e in entries:
        if e["op"] == "merge":
            keep, *others = e["args"]["themes"]
            for o in others:
                aliases[o] = keep
            for a, b in list(aliases.items()):
                if b in others:
                    aliases[a] = keep
    return aliases


class ReviewStore:
    """The state of a review: ``edit`` applies a versioned codebook edit (refused with
    :class:`StaleVersionError` when ``base`` is not the current version), ``undo`` reverts the last change."""

    def __init__(self, out, *, model=None, encoder=None):
        self.out = Path(out)
        self.tables = OutputTables(self.out)
        self.log = EditLog(self.out)
        self.model = Path(model) if model is not None else None
        self._encoder = encoder
        self._cb_cache = (None, None)
        self.cache = {}  # derived results (the model's queue), keyed by what they depend on

    # -- codebook ---------------------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return codebook_version(self.out)

    def codebook(self):
        from ..themes import Codebook

        v = self.version
        if self._cb_cache[0] != v:
            self._cb_cache = (v, Codebook.load(self.out / "codebook.yaml"))
        return self._cb_cache[1]

    def encoder(self):
        """The encoder the analysis used (the shipped default unless run.json names another that loads here)."""
        if self._encoder is None:
            from ..embed import default_encoder, get_encoder

            enc = default_encoder()
            used = self.tables.run.get("settings", {}).get("encoder_id")
            if used and used != enc.id:
                try:
                    enc = get_encoder(used)
                except TextmineError:
                    raise ConfigError(f"the analysis used the encoder {used!r}, which cannot be loaded here; "
                                      "splitting and adding themes need it") from None
            self._encoder = enc
        return self._encoder

    def aliases(self) -> dict:
        return _aliases(self.log.active())

    def themes(self) -> list[dict]:
        cb = self.codebook()
        stats = self.tables.stats(cb.ids, self.aliases())
        rows = []
        for t in cb:
            s = stats[t.id]
            rows.append({"id": t.id, "name": t.name, "parent": t.parent, "keywords": list(t.keywords[:8]),
                         "seeds": list(t.seeds), "owner": getattr(t, "owner", None),
                         "horizon": getattr(t, "horizon", None), **s, "sparkline": sparkline(s["trend"])})
        return rows

    def answers(self, theme: str, *, page: int = 1, q: str = "") -> dict:
        self.codebook()[theme]
        return self.tables.answers_page(theme, self.aliases(), page=page, q=q)

    # -- edits --------------------------------------------------------------------------------------------
    def _split_data(self, theme: str, clause_ids):
        from ..text import ChineseTokenizer

        texts = self.tables.clause_texts(clause_ids)
        tok = ChineseTokenizer()
        return self.encoder().encode(texts), texts, [tok(t) for t in texts]

    def _split_args(self, args: dict) -> dict:
        theme = args.get("theme")
        self.codebook()[theme]
        m = self.tables.theme_mentions(theme, self.aliases()).drop_duplicates("clause_id")
        return {**args, "clause_ids": sorted(m["clause_id"].tolist(), key=lambda c: (len(c), c))}

    def split_preview(self, theme: str, k: int, seed: int = 0) -> list[dict]:
        """The themes a split would make (names, keywords, sizes, example clauses), without writing anything."""
        args = self._split_args({"theme": theme, "k": k, "seed": seed})
        cb = copy.deepcopy(self.codebook())
        res = apply_edit(cb, "split", args, split_data=self._split_data)
        return [{"id": t.id, "name": t.name, "n": t.n, "keywords": t.keywords[:8], "examples": t.examples[:3]}
                for t in (cb[i] for i in res["ids"])]

    def edit(self, op: str, args: dict, *, base: str | None, who: str | None = None) -> dict:
        """Apply one codebook edit based on version ``base``; write codebook.yaml atomically; log it."""
        if op not in CODEBOOK_OPS:
            raise ConfigError(f"unknown edit {op!r}; expected one of {', '.join(CODEBOOK_OPS)}")
        if not isinstance(args, dict):
            raise ConfigError("the edit's arguments must be a JSON object")
        with self.log.lock():
            current = self.version
            if base != current:
                raise StaleVersionError(f"the codebook changed since this page loaded it (version {base}, now "
                                        f"{current}); reload and make the edit again")
            if op == "split":
                args = self._split_args(args)
            cb = copy.deepcopy(self.codebook())
            encoder = self.encoder() if op == "add" else None
            result = apply_edit(cb, op, args, encoder=encoder, split_data=self._split_data)
            seq = self.log.next_seq()
            self.log.snapshot(seq, _CODEBOOK_FILES)
            cb.save(self.out / "codebook.yaml")
            version = self.version
            entry = self.log.append(op, args, who=who, base=base, version=version, result=result, seq=seq)
        return {"version": version, "result": result, "seq": entry["seq"]}

    def record(self, op: str, args: dict, files, write, *, who: str | None = None) -> dict:
        """A change to a file other than the codebook (labels.csv): snapshot, ``write()``, log."""
        with self.log.lock():
            seq = self.log.next_seq()
            self.log.snapshot(seq, files)
            result = write() or {}
            entry = self.log.append(op, args, who=who, base=None, version=None, result=result, seq=seq,
                                    files=list(files))
        return {"seq": entry["seq"], "result": result, "version": self.version}

    def undo(self, *, who: str | None = None) -> dict:
        """Undo the newest change not yet undone (codebook edit or label); logged as an ``undo`` line."""
        with self.log.lock():
            active = self.log.active()
            if not active:
                raise InputError("nothing to undo: the review log has no change left to undo")
            last = active[-1]
            base = self.version
            self.log.restore(last["seq"])
            version = self.version
            self.log.append("undo", {"seq": last["seq"], "op": last["op"]}, who=who, base=base, version=version,
                            undoes=last["seq"])
        return {"version": version, "undone": {"seq": last["seq"], "op": last["op"]}}


def replay_log(out, *, encoder=None):
    """The codebook the review log of ``out`` leads to, rebuilt from the codebook before the first edit by
    applying every logged edit (and undo) again through the Codebook API. Equal to ``OUT/codebook.yaml`` when
    nothing else wrote it."""
    from ..themes import Codebook

    out = Path(out)
    log = EditLog(out)
    base = log.state / "base" / "codebook.yaml"
    if not base.exists():
        return Codebook.load(out / "codebook.yaml")
    store = ReviewStore(out, encoder=encoder)
    states = [Codebook.load(base)]
    seqs = [None]
    for e in log.entries():
        if e["op"] == "undo":
            if e["undoes"] in seqs:
                i = seqs.index(e["undoes"])
                del states[i], seqs[i]
            continue
        if e["op"] not in CODEBOOK_OPS:
            continue
        cb = copy.deepcopy(states[-1])
        apply_edit(cb, e["op"], e["args"], encoder=store.encoder() if e["op"] == "add" else None,
                   split_data=store._split_data)
        states.append(cb)
        seqs.append(e["seq"])
    return states[-1]
