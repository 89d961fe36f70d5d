"""The MODEL_CARD.md of the default encoder, written by scripts/train_default_encoder.py from its manifest."""

from __future__ import annotations

# dataset folder -> (origin, licence as stated in its SOURCE.md)
LICENCES = {
    "online_shopping_10_cats": ("SophonPlus/ChineseNlpCorpus", "none stated; research/benchmark use"),
    "waimai_10k": ("SophonPlus/ChineseNlpCorpus", "none stated; research/benchmark use"),
    "chnsenticorp_htl_all": ("SophonPlus/ChineseNlpCorpus (ChnSentiCorp, Tan Songbo)",
                             "none stated; research/benchmark use"),
    "fewclue_eprstmt": ("CLUEbenchmark/FewCLUE", "no licence file; benchmark data, research use"),
    "jd_aircon_reviews": ("wangyr997/JDComment_project (scraped JD.com reviews)",
                          "none stated; research/benchmark use only, do not redistribute the texts"),
    "chinese_absa_pyabsa": ("yangheng95/ABSADatasets", "repository MIT; datasets research only, original "
                            "licences apply (Peng et al. 2018 and others)"),
    "asap_sample": ("Meituan-Dianping/asap (official 300-row samples)", "Apache-2.0"),
    "douban_dmr_sample": ("yiyepianzhounc/DMR-Dataset-1", "none stated; respect Douban's privacy policy"),
    "fewclue_tnews": ("CLUEbenchmark/FewCLUE", "no licence file; benchmark data, research use"),
    "fewclue_iflytek": ("CLUEbenchmark/FewCLUE", "no licence file; benchmark data, research use"),
}


def model_card(meta: dict) -> str:
    rows = []
    for source, n in meta["training_data"]["per_source"].items():
        folder = source.split("/")[0]
        origin, licence = LICENCES.get(folder, ("?", "see the dataset's SOURCE.md"))
        rows.append(f"| `{source}` | {n} | {origin} | {licence} |")
    p = meta["params"]
    return f"""# {meta['name']} {meta['version']}

textmine's default Chinese sentence encoder: a **static** (bag-of-tokens) model. A text's vector is the mean of
one vector per token, L2-normalised. It loads offline in well under a second, needs no GPU and no network, and
encodes tens of thousands of short texts per second on one core. It is a sentence-transformers directory with
built-in modules only (`StaticEmbedding` + `Normalize`), so both of these work:

```python
from textmine.embed import get_encoder          # numpy backend, no torch import
enc = get_encoder()                             # or get_encoder("models/{meta['name']}")
from sentence_transformers import SentenceTransformer
model = SentenceTransformer("models/{meta['name']}", device="cpu")   # same vectors
```

## How it was made
`scripts/train_default_encoder.py` (deterministic, seed {p['seed']}; variant `{meta['variant']}`):
- texts normalised (NFKC, traditional -> simplified with OpenCC t2s, lower case); the model's tokenizer repeats
  NFKC + lower case but not the traditional -> simplified step, which `textmine.text` does before encoding;
- vocabulary: {meta['vocab_size']} pieces = up to {p['max_words']} jieba words (own `jieba.Tokenizer`, HMM off,
  count >= {p['min_count']}) + every character seen; a `tokenizers` Unigram model scores each piece by its log
  frequency, so its Viterbi segmentation approximates jieba's;
- vectors: co-occurrence within +/-{p['window']} tokens (weight 1/distance) -> PPMI (context smoothing 0.75) ->
  TruncatedSVD to {p['dim']} dimensions (rows U*sqrt(S), unit length) -> SIF weights a/(a+p(w)), a={p['sif_a']}
  -> the first principal component of sentence vectors projected out. Unknown pieces and punctuation have zero
  vectors: a text with nothing known gets an all-zero vector.

## Training data
{meta['training_data']['n_texts']} de-duplicated texts (fingerprint sha256 `{meta['training_data']['sha256'][:16]}...`)
from the public Chinese review corpora in `$TEXTMINE_DATA` (each folder's SOURCE.md gives origin and commit):

| source | texts | origin | licence (as stated by the source) |
|---|---|---|---|
{chr(10).join(rows)}

**Licence caveat.** Most sources state no licence and are meant for research. The model stores no text, only a
vocabulary of frequent words and characters and vectors derived from co-occurrence counts, but it is derived from
these corpora: check the terms above before redistributing it in a product.

## Choices, by the benchmark
`benchmarks/bench_embed.py` on the held-out texts (5,000 per set; `benchmarks/results/embed_variants.json`,
variants trained with this script's `--variant char`, `--sif-a 1e-3`, `--window 15 --sif-a 1e-3`) chose:
- word-level over character-level: k-means NMI 0.502 vs 0.444 on online_shopping_10_cats and 0.256 vs 0.212 on
  ccf2018_car_opinions;
- SIF a = 1e-4 over 1e-3: 0.256 vs 0.206 on ccf2018 (HDBSCAN found no cluster at all with 1e-3), for 0.502 vs
  0.549 on online_shopping; a 15-token window was no better than 8 (0.509 / 0.205 with a = 1e-3).
On its own the model beats TF-IDF + SVD on online_shopping_10_cats but not on the car-forum texts (a domain
missing from its training data); adapted to the evaluated texts (`adapt_encoder`) it beats both TF-IDF + SVD
baselines on both sets.

## Held out (never seen in training)
- `ccf2018_car_opinions`: every file;
- the evaluation split of `online_shopping_10_cats` (the ~20 % of reviews whose normalised text hashes into
  bucket 0 of 5, see `scripts/encoder_corpus.py`), and any training text equal to a held-out text.
These are the texts of `benchmarks/bench_embed.py`; figures in `benchmarks/results/embed_clustering.json` and
`benchmarks/results/embed_speed.json`.

## Intended use and limits
Clustering and classifying short Chinese customer-feedback clauses (themes, reasons). A bag of words: it ignores
word order and negation scope (不好 ~ 好 + 不), and it knows e-commerce, hotel, food-delivery and appliance
vocabulary best. For new domains, `textmine.embed.adapt_encoder(None, survey_texts)` adds the survey's own words
and an LSA part fitted on its answers; for semantics beyond a bag of words, pass any sentence-transformers model
directory (e.g. a local bge-small-zh) with `get_encoder(path)`.
"""
