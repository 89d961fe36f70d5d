import subprocess
import sys

import textmine.text


def test_public_names_pinned():
    assert textmine.text.__all__ == [
        "CLAUSE_COLUMNS",
        "ChineseTokenizer",
        "Clause",
        "LEXICON_NAMES",
        "Lexicons",
        "Normalizer",
        "SentimentScorer",
        "answer_polarity",
        "answer_sentiment",
        "aspect_texts",
        "aspect_tokens",
        "clause_sentiment",
        "default_lexicon_dir",
        "is_no_content",
        "load_lexicon",
        "mask_pii",
        "normalize",
        "split_clauses",
        "to_clauses",
    ]


def test_import_has_no_heavy_side_effects():
    code = (
        "import sys, logging, textmine.text;"
        "print(sorted(m for m in ('jieba','pandas','opencc','torch','rjieba') if m in sys.modules));"
        "print(logging.getLogger('jieba').handlers)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "[]"]
