"""``to_clauses``: the clause table every later stage consumes."""

from __future__ import annotations

import gc
import re

from textmine.errors import ConfigError, SchemaError
from textmine.schemas import CLAUSES

__all__ = ["to_clauses", "answer_polarity", "CLAUSE_COLUMNS"]

_UNSAFE_FOR_ANSWER_T2S = re.compile("[&\uf900-\ufaff\U0002f800-\U0002fa1f]")
_PURE_CJK = re.compile("[\u4e00-\u9fd5]+")  # jieba's class of Chinese characters
_LATIN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")

#: columns of the frame returned by :func:`to_clauses`, in order
CLAUSE_COLUMNS = CLAUSES.names


def to_clauses(
    frame,
    text_col: str = "text",
    id_col: str = "respondent_id",
    *,
    normalizer=None,
    tokenizer=None,
    scorer=None,
    lexicons=None,
    sentiment: str = "combined",
    polarity_model=None,
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
    sentiment : {"combined", "lexicon", "model"}
        How the ``sentiment`` column is scored: ``"lexicon"`` by ``scorer`` alone (opinion words with their
        negation, degree and aspect rules); ``"model"`` by the character n-gram polarity model alone;
        ``"combined"`` (default, better on every benchmark set: see README) by both, blended with
        :func:`~textmine.text.blend_polarity` at the settings recorded in the model's manifest. Clauses with
        ``no_content`` and empty clauses keep the lexicon's score (0 for "/", "无" ...).
    polarity_model : PolarityModel or path, optional
        The model for ``"combined"`` and ``"model"``; defaults to the shipped ``textmine-zh-polarity``.
    mask_pii : bool
        Mask personal data in ``text`` *and* in ``original`` (so a report quoting clauses
        never shows phone numbers, e-mails or ID numbers). It is found in the whole answer and
        masked in each clause it reaches. ``start``/``end`` always index the unmasked answer:
        with ``mask_pii=False``, ``original`` is ``answer[start:end]``.
    progress : bool or None
        Show a tqdm bar; ``None`` shows it on a terminal for inputs of 20,000 rows or more.

    Returns
    -------
    pandas.DataFrame with columns :data:`CLAUSE_COLUMNS`. ``clause_id`` numbers the rows
    0..n-1; an empty, blank or missing answer keeps one row with ``clause_index`` 0,
    empty ``text``, no tokens, sentiment 0.0 and ``no_content`` True, so every respondent
    stays accounted for. ``no_content`` is True for clauses that say nothing a theme could be
    made of ("/", "-", "。。。", emoji only, digits only, 无, 还行 ...; see
    :func:`~textmine.text.is_no_content`); they keep their sentiment but are never embedded.
    Every clause with ``no_content`` False has a letter, digit or Chinese character in ``text``.
    """
    import numpy as np
    import pandas as pd

    from textmine.text._clauses import clause_spans, compile_markers
    from textmine.text._english import english_polarity, english_token, mixed_polarity
    from textmine.text._language import clause_language
    from textmine.text._lexicons import Lexicons
    from textmine.text._normalize import Normalizer
    from textmine.text._no_content import _TRAIL_CHARS, _emoji_only, _no_content_entries, _no_content_normalised
    from textmine.text._sentiment import SentimentScorer
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
    from textmine.text._polarity_model import SENTIMENT_MODES

    if sentiment not in SENTIMENT_MODES:
        raise ConfigError(f"sentiment={sentiment!r} is not one of {list(SENTIMENT_MODES)}")
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
    answers: dict[str, list] = {}  # original answer -> list of clause rows (without ids)
    clause_cache: dict[str, tuple] = {}  # original clause slice -> (text, original, tokens, sentiment, no_content)
    score = sc.score_tokens

    # Fast path: traditional -> simplified once per answer instead of once per clause. OpenCC's
    # t2s keeps the length of almost every text; when it does not (or the answer holds HTML
    # entities or compatibility ideographs, which NFKC would turn into convertible characters)
    # each clause is normalised on its own, as split_clauses does.
    convert = None
    if isinstance(norm, Normalizer) and norm.t2s:
        from textmine.text._normalize import _converter

        convert = _converter(norm.t2s if isinstance(norm.t2s, str) else "t2s").convert
        plain_norm = Normalizer(**{**norm.get_params(), "t2s": False})

    def source_of(answer: str) -> str | None:
        if convert is None or answer.isascii() or _UNSAFE_FOR_ANSWER_T2S.search(answer):
            return None
        converted = convert(answer)
        return converted if len(converted) == len(answer) else None

    # Fast path for the common clause (87% of real ones): only Chinese characters, so NFKC, emoji,
    # URL, HTML, PII, punctuation and space handling leave it as it is, the tokenizer's filters keep
    # every token jieba cuts, and it is not emoji-only. It is cut directly, skipping the per-call
    # wrappers; anything else goes through the normaliser and the tokenizer as before.
    cut = None
    if type(norm) is Normalizer and type(tok) is ChineseTokenizer:
        tok._ensure()
        cut = tok._cut_han
        pure = _PURE_CJK.fullmatch
        no_t2s = not norm.t2s

    def clause_row(original: str, converted: str | None = None):
        hit = clause_cache.get(original)
        if hit is None:
            text = converted if converted is not None else (original if cut is not None and no_t2s else None)
            if cut is not None and text is not None and pure(text) and pure(original):
                tokens = cut(text)
                # _no_content_normalised for Chinese characters only: the text is its own core
                if text in empty_entries:
                    nc = True
                elif text[-1] in _TRAIL_CHARS:
                    core = text.rstrip(_TRAIL_CHARS)
                    nc = not core or core in empty_entries
                else:
                    nc = False
                hit = (text, original, tokens, score(tokens) if tokens else 0.0, nc, "zh")
            else:
                text = norm(original) if converted is None else plain_norm(converted)
                tokens = tok(text)
                nc = _no_content_normalised(text, empty_entries) or _emoji_only(original)
                lang = clause_language(original)  # not ``text``: emoji became Chinese words there
                if lang == "en":
                    pol = english_polarity(text)
                else:
                    pol = score(tokens) if tokens else 0.0
                    if lang == "mixed":
                        pol = mixed_polarity(text, pol)
                if lang in ("en", "mixed"):
                    tokens = [english_token(t) if _LATIN.fullmatch(t) else t for t in tokens]
                hit = (text, original, tokens, pol, nc, lang)
            clause_cache[original] = hit
        return hit

    # The loop allocates millions of small acyclic objects; the cyclic garbage collector would
    # rescan the growing caches again and again (about 40% of the run time), so it is paused
    # for the loop and restored after.
    gc_enabled = gc.isenabled()
    gc.disable()
    try:
        out = _build(ids, texts, n, disable, answers, clause_row, source_of, compiled, min_chars,
                     frame[id_col].dtype, mask_pii)
    finally:
        if gc_enabled:
            gc.enable()
    if sentiment != "lexicon" and len(out):
        _model_sentiment(out, sentiment, polarity_model)
    return out


def _model_sentiment(out, mode: str, polarity_model) -> None:
    """Replace ``out["sentiment"]`` by the model's (``"model"``) or the blend (``"combined"``) on content clauses,
    scoring each distinct clause text once, in one vectorised pass."""
    import numpy as np
    import pandas as pd

    from textmine.text._polarity_model import PolarityModel, blend_polarity, default_polarity_model

    if polarity_model is None:
        model = default_polarity_model()
    elif isinstance(polarity_model, PolarityModel):
        model = polarity_model
    else:
        model = PolarityModel(polarity_model)
    text = out["text"]
    scored = ~out["no_content"].to_numpy(dtype=bool) & (text.str.len() > 0).to_numpy()
    if "language" in out.columns:  # the model reads Chinese: English clauses keep VADER's score
        scored &= (out["language"] != "en").to_numpy()
    if not scored.any():
        return
    read = text[scored]
    mixed = np.zeros(int(scored.sum()), dtype=bool)
    if "language" in out.columns:  # a mixed clause: the model reads its Chinese words (老是 in "APP老是crash")
        mixed = out["language"].to_numpy()[scored] == "mixed"
        if mixed.any():
            read = read.copy()
            read[mixed] = read[mixed].str.replace(_LATIN, " ", regex=True)
    codes, uniques = pd.factorize(read)
    model_scores = model.scores(list(uniques))[codes]
    lexicon = out["sentiment"].to_numpy(dtype="float64").copy()
    if mode == "model":
        lexicon[scored] = model_scores
    else:
        blended = blend_polarity(lexicon[scored], model_scores, **model.blend_settings())
        # where the model cannot read a mixed clause's few Chinese words, VADER's reading of its English stays
        lexicon[scored] = np.where(mixed & (blended == 0), lexicon[scored], blended)
    out["sentiment"] = lexicon


def _build(ids, texts, n, disable, answers, clause_row, source_of, compiled, min_chars, id_dtype, masking):
    import numpy as np
    import pandas as pd
    from tqdm.auto import tqdm

    from textmine.text._clauses import clause_spans
    from textmine.text._pii import mask_slice, pii_spans

    # each distinct answer's clause rows are made once (``rows``); every input answer records where its
    # rows start and how many it has, and the columns are gathered from the distinct rows at the end
    rows: list = []
    firsts: list = []
    counts: list = []
    add_first, add_count = firsts.append, counts.append
    for answer in tqdm(texts, total=n, disable=disable, desc="clauses", unit="answer"):
        if answer.__class__ is not str:
            answer = "" if answer is None or answer != answer else str(answer)
        where = answers.get(answer)
        if where is None:
            first = len(rows)
            spans = clause_spans(answer, min_chars=min_chars, compiled=compiled)
            source = source_of(answer) if spans else None
            # personal data is found in the whole answer (a label and its number may fall in two
            # clauses: "QQ：12345678") and masked in every clause it reaches, before normalisation
            pii = pii_spans(answer) if masking and spans else ()
            for i, (start, end, contrast) in enumerate(spans):
                if pii:
                    piece = mask_slice(answer, start, end, pii)
                    converted = None if source is None else mask_slice(source, start, end, pii)
                else:
                    piece = answer[start:end]
                    converted = None if source is None else source[start:end]
                text, original, tokens, pol, nc, lang = clause_row(piece, converted)
                rows.append((i, text, original, start, end, contrast, tokens, pol, nc, lang))
            if len(rows) == first:
                rows.append((0, "", "", 0, 0, False, (), 0.0, True, ""))
            where = answers[answer] = (first, len(rows) - first)
        add_first(where[0])
        add_count(where[1])
    count = np.array(counts, dtype="int64")
    m = int(count.sum())
    # row r of the output is distinct row firsts[a] + (r - offset of answer a)
    take = np.repeat(np.array(firsts, dtype="int64") - (np.cumsum(count) - count), count) + np.arange(m)
    cols = list(zip(*rows)) if rows else [()] * 10

    def gather(values, dtype):
        return np.asarray(values, dtype=dtype)[take] if m else np.array([], dtype=dtype)

    def gather_objects(values):
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        return pd.Series(arr[take] if m else arr, dtype=object)

    row_ids = pd.Series(ids, dtype=id_dtype if n else object)
    utokens = cols[6]
    out = pd.DataFrame(
        {
            "respondent_id": row_ids.take(np.repeat(np.arange(n), count)).reset_index(drop=True),
            "clause_id": np.arange(m, dtype="int64"),
            "clause_index": gather(cols[0], "int64"),
            "text": gather_objects(cols[1]),
            "original": gather_objects(cols[2]),
            "start": gather(cols[3], "int64"),
            "end": gather(cols[4], "int64"),
            "contrast": gather(cols[5], bool),
            "tokens": pd.Series([list(utokens[i]) for i in take.tolist()], dtype=object),
            "sentiment": gather(cols[7], "float64"),
            "no_content": gather(cols[8], bool),
            "language": gather_objects(cols[9]),
        }
    )
    return out


def answer_polarity(clauses, *, contrast_weight: float = 2.0, id_col: str = "respondent_id"):
    """Answer-level polarity from a :func:`to_clauses` table, one value per respondent.

    The weighted mean of the non-neutral clause polarities, clauses after a contrast marker
    weighing ``contrast_weight`` (the rule of :meth:`SentimentScorer.answer`); 0.0 when no
    clause carries an opinion. Returns a float Series indexed by respondent id, in order of
    first appearance.
    """
    import numpy as np
    import pandas as pd

    for col in (id_col, "sentiment", "contrast"):
        if col not in clauses.columns:
            raise SchemaError(f"missing column {col!r}: expected the table returned by to_clauses")
    if contrast_weight <= 0:
        raise ConfigError(f"contrast_weight={contrast_weight} must be > 0")
    pol = clauses["sentiment"].to_numpy(dtype="float64")
    weight = np.where(clauses["contrast"].to_numpy(dtype=bool), contrast_weight, 1.0) * (pol != 0)
    parts = pd.DataFrame({"id": clauses[id_col].to_numpy(), "num": weight * pol, "den": weight})
    sums = parts.groupby("id", sort=False).sum()
    den = sums["den"].to_numpy()
    values = np.divide(sums["num"].to_numpy(), den, out=np.zeros(len(den)), where=den > 0)
    return pd.Series(values, index=sums.index.rename(id_col), name="polarity")
