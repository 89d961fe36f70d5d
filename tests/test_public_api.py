"""The public surface is small and deliberate: additions are conscious changes to this list."""

import subprocess
import sys

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
