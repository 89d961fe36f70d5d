import numpy as np
import pandas as pd


def test_analyze_with_a_trained_model(saved):
    from textmine import analyze

    answers = ["快递很快，价格便宜", "客服态度很差", "发货太慢了", "性价比高", "无", "售后很负责，物流也快"]
    df = pd.DataFrame({"score": np.arange(60) % 11, "answer": [answers[i % 6] for i in range(60)]})
    a = analyze(df, text="answer", score="score", model=str(saved), quiet=True, n_boot=50, cache_dir=False)
    t = a.themes.to_frame().set_index("theme")
    assert t.loc["物流", "n"] == 30 and t.loc["价格", "n"] == 20 and t.loc["客服", "n"] == 20
    m = a.mentions
    assert set(m["source"]) == {"classifier", "no_content"}
    assert a.settings["model"] == str(saved)
