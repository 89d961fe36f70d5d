import numpy as np
import pytest

from textmine.errors import ConfigError, InputError
from textmine.themes import Codebook, Theme, ThemeDiscoverer


class FakeEncoder:
    """Maps a phrase to the centre of the planted topic whose first word it contains."""

    id = "fake"

    def __init__(self, centers, words):
        self.centers, self.words = centers, words

    def encode(self, texts):
        out = []
        for t in texts:
            k = next((i for i, w in enumerate(self.words) if w in t), 0)
            out.append(self.centers[k])
        v = np.asarray(out, dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def _codebook(planted):
    X, tokens, texts, truth = planted
    d = ThemeDiscoverer(min_cluster_size=15, stop_words={"的", "很"}).fit(X, texts=texts, tokens=tokens)
    themes = [Theme(id=f"T{t + 1:02d}", name=d.labels_text_[t], keywords=d.keywords_[t],
                    examples=[texts[i] for i in d.quotes_[t]], n=int((d.labels_ == t).sum())) for t in range(3)]
    cb = Codebook(themes, encoder_id="fake", centroids={f"T{t + 1:02d}": d.centroids_[t] for t in range(3)})
    return cb, d


def test_round_trip_with_edits_applies_edited_themes(planted, tmp_path):
    X, tokens, texts, truth = planted
    cb, d = _codebook(planted)
    cb.rename("T01", "物流配送")
    cb.merge(["T02", "T03"], name="服务与价格")
    path = cb.save(tmp_path / "codebook.yaml")
    assert (tmp_path / "codebook.centroids.npz").exists()
    text = path.read_text(encoding="utf-8")
    assert "物流配送" in text and "服务与价格" in text  # readable, not escaped
    loaded = Codebook.load(path)
    assert loaded.ids == ["T01", "T02"]
    assert loaded.names() == {"T01": "物流配送", "T02": "服务与价格"}
    ids, sim = loaded.apply(X, texts)
    m = truth >= 0
    expected = np.where(truth == 0, "T01", "T02")
    assert (ids[m] == expected[m]).mean() > 0.95


def test_split_recovers_the_merged_themes(planted):
    X, tokens, texts, truth = planted
    cb, d = _codebook(planted)
    cb.merge(["T02", "T03"])
    members = np.flatnonzero(np.isin(truth, [1, 2]))
    new = cb.split("T02", 2, vectors=X[members], texts=[texts[i] for i in members],
                   tokens=[tokens[i] for i in members])
    assert new == ["T04", "T05"]
    assert "T02" not in cb.ids and len(cb) == 3
    ids, _ = cb.apply(X[members])
    # each new theme is one of the planted ones
    for tid in new:
        assert len(set(truth[members][ids == tid])) == 1


def test_add_from_seeds_delete_move_and_seed_phrase_rule(planted):
    X, tokens, texts, truth = planted
    cb, d = _codebook(planted)
    rng = np.random.default_rng(0)
    enc = FakeEncoder(rng.normal(size=(4, X.shape[1])), ["物流", "客服", "价格", "包装"])
    tid = cb.add("包装", ["包装破损", "包装简陋"], encoder=enc, parent="物流")
    assert tid == "T04" and cb["T04"].parent == "物流"
    ids, sim = cb.apply(X[:3], ["这次包装破损了", texts[1], texts[2]])
    assert ids[0] == "T04" and sim[0] == 1.0
    cb.move("T01", "交付")
    assert cb["T01"].parent == "交付"
    cb.delete("T04")
    with pytest.raises(ConfigError, match="no theme with id 'T04'"):
        cb["T04"]


def test_hungarian_matching_keeps_ids_and_names(planted):
    X, tokens, texts, truth = planted
    old, _ = _codebook(planted)
    old.rename("T02", "客服").set("T02", owner="客服部", horizon="now")
    # a new run on reordered data numbers themes differently
    perm = np.random.default_rng(1).permutation(len(X))
    new, _ = _codebook((X[perm][::-1], [tokens[i] for i in perm][::-1], [texts[i] for i in perm][::-1], truth[perm]))
    new.themes[0].id, new.themes[1].id = new.themes[1].id, new.themes[0].id
    c = new.centroids
    c["T01"], c["T02"] = c["T02"], c["T01"]
    mapping = new.match(old)
    assert sorted(mapping.values()) == ["T01", "T02", "T03"]
    assert new.names()["T02"] == "客服" and (new["T02"].owner, new["T02"].horizon) == ("客服部", "now")
    for tid in new.ids:
        assert float(new.centroids[tid] @ old.centroids[tid]) > 0.9


def test_load_errors(tmp_path):
    with pytest.raises(InputError, match="codebook not found"):
        Codebook.load(tmp_path / "x.yaml")
    p = tmp_path / "bad.yaml"
    p.write_text("themes:\n  - id: T01\n    name: a\n    colour: red\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown fields \['colour'\]"):
        Codebook.load(p)
    p.write_text("themes:\n  - id: T01\n    name: a\n    seeds: [包装]\n", encoding="utf-8")
    cb = Codebook.load(p)
    with pytest.raises(ConfigError, match="theme 'T01' has no centroid and no encoder was given"):
        cb.apply(np.ones((2, 4)))
    with pytest.raises(ConfigError, match="theme ids must be unique"):
        Codebook([Theme("T01", "a"), Theme("T01", "b")])


SECRET = "我的手机号13812345678客服太差"


@pytest.mark.parametrize("content, message", [
    (f"themes:\n  - id: T01\n    name: a\n    examples: [\"{SECRET}\"\n", r"not valid YAML at line \d+, column \d+"),
    (f"themes:\n  - id: T01\n    name: a\n    examples: ['{SECRET}']\n  - {SECRET}\n", r"needs at least 'id'"),
    (f"themes:\n  - id: T01\n    name: a\n    examples: {SECRET}\n", r"theme 'T01': 'examples' must be a list"),
    ("themes:\n  - id: T01\n    name: a\n    n: many\n", r"'n' must be a whole number"),
    ("themes: " + "[" * 5000 + "]" * 5000 + "\n", r"nested too deeply|no 'themes' list|not valid YAML"),
    ("themes: just text\n", r"has no 'themes' list"),
    ("themes:\n  - id: T01\n    name: a\n  - id: T01\n    name: b\n", r"theme ids must be unique"),
])
def test_malformed_codebook_is_one_clear_error_without_its_text(tmp_path, content, message):
    p = tmp_path / "codebook.yaml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as exc:
        Codebook.load(p)
    assert SECRET not in str(exc.value) and "13812345678" not in str(exc.value)
    assert "\n" not in str(exc.value)


def test_codebook_not_utf8_and_broken_centroids(tmp_path):
    p = tmp_path / "codebook.yaml"
    p.write_bytes("themes:\n  - id: T01\n    name: 物流\n".encode("gb18030"))
    with pytest.raises(InputError, match="is not UTF-8 text"):
        Codebook.load(p)
    p.write_text("themes:\n  - id: T01\n    name: a\n", encoding="utf-8")
    Codebook.load(p)
    from textmine.themes._codebook import _centroid_path

    _centroid_path(p).write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="centroids file .* cannot be read"):
        Codebook.load(p)
