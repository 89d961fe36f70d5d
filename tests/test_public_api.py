"""The public surface is small and deliberate: additions are conscious changes to this list."""

import importlib
import subprocess
import sys

import pytest

import textmine

EXPECTED = [
    "Analysis",
    "analyze",
    "NPSResult",
    "Survey",
    "__version__",
    "nps_score",
    "period_nps",
    "read_survey",
    "segment_nps",
]


def test_all_is_pinned():
    assert sorted(textmine.__all__) == sorted(EXPECTED)


def test_every_public_name_resolves():
    for name in textmine.__all__:
        assert getattr(textmine, name) is not None


def test_import_is_light_and_fast():
    code = ("import sys, time; t=time.perf_counter(); import textmine; dt=time.perf_counter()-t; "
            "heavy=[m for m in ('torch','jieba','pandas','sklearn','sentence_transformers') if m in sys.modules]; "
            "print(dt, ','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert float(out[0]) < 0.5
    assert len(out) == 1, f"import textmine loaded {out[1:]}"


#: every subpackage's public names, sorted: a name added or removed is a conscious change to this table
SUBPACKAGES = {
    "schemas": ["CLAUSES", "CODED_CLAUSES", "DRIVERS", "DRIVERS_FULL", "DRIVERS_SHORT", "FIX_LIST", "KINDS", "MENTIONS",
                "NPS", "PERIODS", "REASONS", "REJECTS", "RESPONDENTS", "SEGMENTS", "SUGGESTIONS", "SURVEY", "THEMES",
                "TRUST", "TableSchema"],
    "io": ["FRAME_COLUMNS", "REJECT_COLUMNS", "SUPPORTED_FORMATS", "Survey", "TABLE_FORMATS", "atomic_dir",
        "atomic_write_bytes", "atomic_write_text", "guess_text_column", "header_matches", "parse_score", "read_survey", "read_table",
        "resolve_column", "safe_cell", "sanitize_frame", "show_columns", "write_csv", "write_excel", "write_table"],
    "nps": ["DETRACTOR", "GROUPS", "METHODS", "NPSResult", "NPSTable", "PASSIVE", "PERIODS", "PROMOTER",
        "bh_adjust", "interval_from_counts", "level_codes", "nps_groups", "nps_interval", "nps_score", "period_nps",
        "proportion_ci", "segment_nps"],
    "text": ["CLAUSE_COLUMNS", "ChineseTokenizer", "Clause", "LANGUAGES", "LEXICON_NAMES", "Lexicons", "NO_CONTENT_REASONS",
        "Normalizer", "PolarityModel", "SENTIMENT_MODES", "SUGGESTION_KINDS", "SentimentScorer", "answer_language", "answer_languages", "answer_polarity",
        "answer_sentiment", "aspect_texts", "aspect_tokens", "blend_polarity", "char_ngrams", "clause_language", "clause_sentiment",
        "default_lexicon_dir", "english_kind", "evaluation_only", "is_evaluation", "is_no_content", "is_suggestion", "join_terms", "join_words",
        "load_lexicon", "mask_pii", "no_content_reason", "normalize", "split_clauses", "suggestion_cue",
        "suggestion_flags", "to_clauses"],
    "embed": ["CachedEncoder", "DEFAULT_ENCODER_PATH", "EmbeddingCache", "Encoder", "SentenceTransformerEncoder",
        "StaticEncoder", "adapt_encoder", "default_encoder", "get_encoder"],
    "themes": ["CODEBOOK_FORMAT", "Codebook", "HORIZONS", "MENTION_COLUMNS", "NO_CONTENT_ID", "NO_CONTENT_NAME", "OVERALL_ID",
        "OVERALL_NAME", "REDUCTIONS", "SURVEY_SETTINGS",
        "Theme", "ThemeDiscoverer", "ThemeResult", "UNASSIGNED", "apply_codebook", "build_theme_result",
        "class_tfidf", "coded_clauses", "combine_theme_results", "discover_themes", "fix_list", "make_label", "mention_rows",
        "polarity_label", "suggestion_table", "survey_discoverer", "top_keywords"],
    "classify": ["EvaluationResult", "LABEL_FORMATS", "LabelReport", "LabelSet", "MODEL_FORMAT_VERSION",
        "PolarityClassifier", "ReasonClassifier", "TrainReport", "cross_validate_labels", "evaluate",
        "load_classifier", "read_answers", "read_labels", "save_model", "suggest", "train_version", "weak_labels"],
    "drivers": ["ChangeDecomposition", "DriverAnalysis", "DriverResult", "SegmentDrivers", "decompose_change",
        "mentions_to_matrix", "run_drivers", "segment_drivers", "segment_paths"],
    "trust": ["MISMATCH_KINDS", "TrustResult", "respondent_mismatch", "segment_trust"],
    "loop": ["CadenceResult", "PanelResult", "ReferralResult", "contact_cadence", "panel_transitions",
        "referral_rates"],
    "report": ["render_html"],
    "review": ["ReviewStore", "StaleVersionError", "create_app", "replay_log", "serve"],
    "distributed": ["DaskEngine", "LargeAnalysis", "analyze_dask", "analyze_large", "is_partitioned", "partition_paths",
                    "read_partitions"],
    "cli": ["app", "main"],
    "errors": ["ConfigError", "DependencyError", "InputError", "IntegrityError", "ModelError", "NotFittedError",
        "SchemaError", "ScoreError", "TextmineError"],
}


@pytest.mark.parametrize("name", sorted(SUBPACKAGES))
def test_subpackage_all_is_sorted_and_pinned(name):
    module = importlib.import_module(f"textmine.{name}")
    assert module.__all__ == sorted(module.__all__), f"textmine.{name}.__all__ is not sorted"
    assert module.__all__ == SUBPACKAGES[name]
    for public in module.__all__:
        assert getattr(module, public) is not None


def test_every_subpackage_is_pinned():
    import pkgutil

    found = {m.name for m in pkgutil.iter_modules(textmine.__path__) if not m.name.startswith("_")}
    assert found == set(SUBPACKAGES)
