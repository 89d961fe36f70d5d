"""The text stage on two cores: half of the distinct answers cut into clauses by a forked child.

Cutting answers into clauses (jieba, the lexicon and the polarity model) is single-threaded Python and the longest
stage of a large survey. Each answer's clauses depend on that answer alone, so the distinct answers are dealt into
two halves (identical answers always to the same half, so each is still cut once), the child cuts one half while
this process cuts the other, and the rows are put back in input order: the table equals the one-process table.
The child is forked after the tokenizer and lexicons are loaded, so it starts at once and shares them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["TWO_CORE_MIN_ANSWERS", "clauses_on_two_cores"]

#: from this many answers on, the text stage uses two processes (below, the fork costs more than it saves)
TWO_CORE_MIN_ANSWERS = 20_000


def clauses_on_two_cores(answered: pd.DataFrame, *, text_col: str = "text", id_col: str = "respondent_id",
                         progress=None, fork: bool | None = None) -> pd.DataFrame:
    """``text.to_clauses(answered, text_col, id_col)``, computed by two processes. ``fork=None``: two processes
    for :data:`TWO_CORE_MIN_ANSWERS` answers or more where the platform forks (``textmine._background.can_fork``),
    else one call here; ``fork=False`` computes both halves here (the same table). ``progress`` is passed to this
    process's half (the child draws no bar)."""
    from ._background import can_fork, in_background
    from .text import to_clauses

    if fork is None and (len(answered) < TWO_CORE_MIN_ANSWERS or not can_fork()):
        return to_clauses(answered, text_col, id_col, progress=progress)
    texts = answered[text_col].astype(object)
    codes = pd.factorize(texts.where(texts.notna(), ""))[0]
    half = codes % 2 == 1  # distinct answers dealt alternately: identical answers share a half
    mine, theirs = np.flatnonzero(~half), np.flatnonzero(half)
    _warm_up()  # load the tokenizer before forking: the child shares it instead of loading its own
    job = in_background(to_clauses, answered.iloc[theirs], text_col, id_col, fork=fork)
    here = to_clauses(answered.iloc[mine], text_col, id_col, progress=progress)
    there = job.join()
    return _in_input_order([here, there], [mine, theirs])


def _warm_up() -> None:
    from .text import to_clauses

    to_clauses(pd.DataFrame({"respondent_id": ["_"], "text": ["服务很好"]}), progress=False)


def _in_input_order(tables: list, positions: list) -> pd.DataFrame:
    """The clause tables of answer subsets as the one table of all answers: rows by answer position (each answer's
    rows keep their order), ``clause_id`` renumbered 0..n-1."""
    kept = [(t, p) for t, p in zip(tables, positions) if len(t)]  # an empty part's columns have no dtype
    if len(kept) < 2:
        return kept[0][0] if kept else tables[0]
    keys = []
    for table, pos in kept:
        # every answer has at least one row and its first row has clause_index 0: the answer's ordinal in the part
        keys.append(pos[np.cumsum(table["clause_index"].to_numpy() == 0) - 1])
    out = pd.concat([t for t, _ in kept], ignore_index=True)
    order = np.argsort(np.concatenate(keys), kind="stable")
    out = out.iloc[order].reset_index(drop=True)
    out["clause_id"] = np.arange(len(out), dtype="int64")
    return out
