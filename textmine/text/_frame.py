"""``to_clauses``: the clause table every later stage consumes."""

from __future__ import annotations

from textmine.errors import ConfigError, SchemaError

__all__ = ["to_clauses", "CLAUSE_COLUMNS"]

#: columns of the frame returned by :func:`to_clauses`, in order
CLAUSE_COLUMNS = (
    "respondent_id",
    "clause_id",
    "clause_index",
    "text",
    "original",
    "start",
    "end",
    "contrast",
    "tokens",
    "polarity",
    "no_content",
)


def to_clauses(
    frame,
    text_col: str = "text",
    id_col: str = "respondent_id",
    *,
    normalizer=None,
    tokenizer=None,
    scorer=None,
    lexicons=None,
    min_chars: int = 2,
    mask_pii: bool = True,
    progress: bool | None = None,
):
    """One row per clause of every answer in ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Holds ``id_col`` (respondent id) and ``text_col`` (the original answers).
    normalizer, tokenizer, scorer : optional
        Defaults: ``Normalizer(emoji="words", mask_pii=mask_pii)``, ``ChineseTokenizer()``,
        ``SentimentScorer()`` built on ``lexicons``.
    mask_pii : bool
        Mask personal data in ``text`` *and* in ``original`` (so a report quoting clauses
        never shows phone numbers, e-mails or ID numbers). ``start``/``end`` always index the
        unmasked answer.
    progress : bool or None
        Show a tqdm bar; ``None`` shows it on a terminal for inputs of 20,000 rows or more.

    Returns
    -------
    pandas.DataFrame with columns :data:`CLAUSE_COLUMNS`. ``clause_id`` numbers the rows
    0..n-1; an empty, blank or missing answer keeps one row with ``clause_index`` 0,
    empty ``text``, no tokens, polarity 0.0 and ``no_content`` True, so every respondent
    stays accounted for.
    """
    import pandas as pd

    from textmine.text._clauses import clause_spans, compile_markers
    from textmine.text._lexicons import Lexicons
    from textmine.text._normalize import Normalizer
    from textmine.text._normalize import mask_pii as _mask
    from textmine.text._sentiment import SentimentScorer, _no_content_entries, _no_content_normalised
    from textmine.text._tokenize import ChineseTokenizer

    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"to_clauses expects a pandas DataFrame; got {type(frame).__name__}")
    for col, what in ((text_col, "text_col"), (id_col, "id_col")):
        if col not in frame.columns:
            raise SchemaError(
                f"missing column {col!r} ({what}); the frame has columns {list(map(str, frame.columns))[:20]}"
            )
    if min_chars < 0:
        raise ConfigError(f"min_chars={min_chars} must be >= 0")
    lex = lexicons if lexicons is not None else Lexicons()
    norm = normalizer if normalizer is not None else Normalizer(emoji="words", mask_pii=mask_pii)
    tok = tokenizer if tokenizer is not None else ChineseTokenizer(lexicons=lex)
    sc = scorer if scorer is not None else SentimentScorer(lex, tok)
    compiled = compile_markers(lex.get("contrast"))
    empty_entries = _no_content_entries(lex)

    ids = frame[id_col].tolist()
    texts = frame[text_col].tolist()
    n = len(texts)
    disable = (None if n >= 20_000 else True) if progress is None else not progress
    from tqdm.auto import tqdm

    answers: dict[str, list] = {}  # original answer -> list of clause rows (without ids)
    clause_cache: dict[str, tuple] = {}  # original clause slice -> (text, original, tokens, polarity, no_content)
    score = sc.score_tokens

    def clause_row(original: str):
        hit = clause_cache.get(original)
        if hit is None:
            text = norm(original)
            tokens = tok(text)
            hit = (
                text,
                _mask(original) if mask_pii else original,
                tokens,
                score(tokens) if tokens else 0.0,
                _no_content_normalised(text, empty_entries),
            )
            clause_cache[original] = hit
        return hit

    col_id, col_idx, col_text, col_orig, col_start, col_end = [], [], [], [], [], []
    col_contrast, col_tokens, col_pol, col_nc = [], [], [], []
    for rid, answer in tqdm(zip(ids, texts), total=n, disable=disable, desc="clauses", unit="answer"):
        if not isinstance(answer, str):
            answer = "" if answer is None or answer != answer else str(answer)
        rows = answers.get(answer)
        if rows is None:
            rows = []
            for start, end, contrast in clause_spans(answer, min_chars=min_chars, compiled=compiled):
                text, original, tokens, pol, nc = clause_row(answer[start:end])
                rows.append((text, original, start, end, contrast, tokens, pol, nc))
            if not rows:
                rows.append(("", "", 0, 0, False, [], 0.0, True))
            answers[answer] = rows
        for i, (text, original, start, end, contrast, tokens, pol, nc) in enumerate(rows):
            col_id.append(rid)
            col_idx.append(i)
            col_text.append(text)
            col_orig.append(original)
            col_start.append(start)
            col_end.append(end)
            col_contrast.append(contrast)
            col_tokens.append(list(tokens))
            col_pol.append(pol)
            col_nc.append(nc)
    m = len(col_id)
    out = pd.DataFrame(
        {
            "respondent_id": pd.Series(col_id, dtype=frame[id_col].dtype if m else object),
            "clause_id": pd.RangeIndex(m).to_numpy(dtype="int64"),
            "clause_index": pd.array(col_idx, dtype="int64"),
            "text": pd.Series(col_text, dtype=object),
            "original": pd.Series(col_orig, dtype=object),
            "start": pd.array(col_start, dtype="int64"),
            "end": pd.array(col_end, dtype="int64"),
            "contrast": pd.array(col_contrast, dtype=bool),
            "tokens": pd.Series(col_tokens, dtype=object),
            "polarity": pd.array(col_pol, dtype="float64"),
            "no_content": pd.array(col_nc, dtype=bool),
        }
    )
    return out
