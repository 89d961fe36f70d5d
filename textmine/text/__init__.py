"""The text stage: normalisation, clause splitting, tokenisation, lexicons, sentiment (the lexicon blended
with the shipped character n-gram polarity model), for Chinese first; English and mixed clauses are split on their
contrast words, tokenised for themes and scored by VADER (``clause_language``, ``answer_language``).

``to_clauses(frame)`` produces the clause table every later stage consumes.
"""

from textmine.text._aspects import aspect_texts, aspect_tokens
from textmine.text._clauses import Clause, split_clauses
from textmine.text._frame import CLAUSE_COLUMNS, answer_polarity, to_clauses
from textmine.text._lexicons import LEXICON_NAMES, Lexicons, default_lexicon_dir, load_lexicon
from textmine.text._normalize import Normalizer, mask_pii, normalize
from textmine.text._english import english_kind, join_terms, join_words
from textmine.text._evaluation import evaluation_only, is_evaluation
from textmine.text._language import LANGUAGES, answer_language, answer_languages, clause_language
from textmine.text._no_content import NO_CONTENT_REASONS, is_no_content, no_content_reason
from textmine.text._polarity_model import SENTIMENT_MODES, PolarityModel, blend_polarity, char_ngrams
from textmine.text._sentiment import SentimentScorer, answer_sentiment, clause_sentiment
from textmine.text._suggestions import SUGGESTION_KINDS, is_suggestion, suggestion_cue, suggestion_flags
from textmine.text._tokenize import ChineseTokenizer

__all__ = [
    "CLAUSE_COLUMNS",
    "ChineseTokenizer",
    "Clause",
    "LANGUAGES",
    "LEXICON_NAMES",
    "Lexicons",
    "NO_CONTENT_REASONS",
    "Normalizer",
    "PolarityModel",
    "SENTIMENT_MODES",
    "SUGGESTION_KINDS",
    "SentimentScorer",
    "answer_language",
    "answer_languages",
    "answer_polarity",
    "answer_sentiment",
    "aspect_texts",
    "aspect_tokens",
    "blend_polarity",
    "char_ngrams",
    "clause_language",
    "clause_sentiment",
    "default_lexicon_dir",
    "english_kind",
    "evaluation_only",
    "is_evaluation",
    "is_no_content",
    "is_suggestion",
    "join_terms",
    "join_words",
    "load_lexicon",
    "mask_pii",
    "no_content_reason",
    "normalize",
    "split_clauses",
    "suggestion_cue",
    "suggestion_flags",
    "to_clauses",
]
