import pandas as pd

from textmine.themes._praise import polarity_labels


def _tables(rows):
    """rows: (clause_id, theme, polarity, similarity, tokens)."""
    clauses = pd.DataFrame({"clause_id": [r[0] for r in rows], "tokens": [r[4] for r in rows]})
    mentions = pd.DataFrame({"clause_id": [r[0] for r in rows], "theme": [r[1] for r in rows],
                             "polarity": [r[2] for r in rows], "similarity": [r[3] for r in rows]})
    return mentions, clauses


def test_labels_are_the_most_frequent_core_without_degree_words_and_particles():
    m, c = _tables([
        (0, "T01", "positive", 0.9, ["上菜", "很", "快"]),
        (1, "T01", "positive", 0.8, ["上菜", "特别", "快", "啊"]),
        (2, "T01", "positive", 0.99, ["服务员", "推荐", "的", "菜", "好吃"]),
        (3, "T01", "negative", 0.7, ["上菜", "太", "慢", "了"]),
        (4, "T01", "negative", 0.6, ["上菜", "慢"]),
        (5, "T01", "neutral", 0.9, ["上菜"]),
        (6, "T02", "negative", 0.5, ["客服", "半天", "不", "回复"]),  # the negator stays: it carries the meaning
    ])
    labels = polarity_labels(m, c)
    assert labels["T01"] == {"praise": "上菜快", "complaint": "上菜慢"}
    assert labels["T02"] == {"praise": "", "complaint": "客服半天不回复"}


def test_ties_go_to_the_core_closest_to_the_theme_and_long_cores_never_label():
    m, c = _tables([
        (0, "T01", "negative", 0.4, ["物流", "慢"]),
        (1, "T01", "negative", 0.9, ["快递", "慢"]),
        (2, "T01", "negative", 0.99, ["快递员", "送货", "上门", "的", "时候", "态度", "非常", "恶劣", "还", "骂人"]),
    ])
    assert polarity_labels(m, c)["T01"]["complaint"] == "快递慢"


def test_labels_are_pii_masked():
    m, c = _tables([(0, "T01", "negative", 0.9, ["打", "13812345678"]), (1, "T01", "negative", 0.9,
                                                                          ["打", "13812345678"])])
    label = polarity_labels(m, c)["T01"]["complaint"]
    assert "13812345678" not in label and label
