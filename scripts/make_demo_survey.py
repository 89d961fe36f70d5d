"""Generate the synthetic demo survey in examples/ (deterministic: same seed, same file).

The survey is SYNTHETIC: an imaginary online shop asks "how likely are you to recommend us (0-10)?" and
"why?". Scores are generated from planted theme effects (see THEMES below), so the drivers that textmine
recovers from the demo can be checked against the truth written in examples/demo_survey_truth.json.
Answers mix several reasons, 但是/不过 contrasts, traditional characters, English words, empty and "无"
answers; a few score cells use the messy spellings real exports contain, and a few are unusable.

Run: python scripts/make_demo_survey.py  (writes examples/demo_survey.csv and the truth file)
"""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np

SEED = 20261123
N = 2000
ROOT = Path(__file__).resolve().parents[1]

# theme id: (label, praise phrases, complaint phrases, P(mention), P(negative | mention), reward, penalty)
THEMES = {
    "delivery": ("物流配送",
                 ["物流很快", "快递第二天就到了", "送货速度快", "配送小哥很准时", "发货特别及时"],
                 ["物流太慢了", "快递等了一个星期才到", "配送经常延误", "包裹被压坏了", "发货拖了好几天"],
                 0.30, 0.35, 0.8, -1.6),
    "service": ("客服",
                ["客服态度很好", "客服回复很及时", "客服很耐心地帮我解决了问题", "customer service很nice"],
                ["客服态度太差", "客服半天不回复", "打客服电话一直占线", "客服只会复制粘贴话术", "联系不上人工客服"],
                0.25, 0.45, 0.9, -2.4),
    "price": ("价格优惠",
              ["价格实惠", "性价比很高", "经常有优惠活动", "比别家便宜不少", "满减力度很大"],
              ["价格偏贵", "性价比不高", "优惠券太难用了", "会员费又涨价了", "价格不透明"],
              0.30, 0.40, 1.0, -1.2),
    "quality": ("商品质量",
                ["质量很好", "东西都是正品", "做工很精细", "用了半年也没坏"],
                ["质量一般", "收到的东西有瑕疵", "买到过假货", "用了没几天就坏了"],
                0.25, 0.30, 1.1, -2.0),
    "app": ("APP体验",
            ["APP很好用", "界面简洁", "搜索很方便", "下单流程很顺畅"],
            ["APP经常闪退", "APP太卡顿了", "广告太多", "页面加载很慢", "更新之后bug很多", "iPhone 15上老是闪退"],
            0.22, 0.45, 0.5, -1.4),
    "returns": ("售后退换",
                ["退货很方便", "售后处理很快", "七天无理由退换很省心"],
                ["退款太慢", "售后推来推去", "退货流程太麻烦", "退换货还要自己出运费"],
                0.15, 0.60, 0.7, -2.2),
    "range": ("商品种类",
              ["商品种类齐全", "什么都能买到", "选择很多"],
              ["想买的东西经常缺货", "品类太少"],
              0.12, 0.35, 0.6, -0.6),
    "membership": ("会员积分",
                   ["会员权益很实用", "积分能抵现"],
                   ["会员权益缩水了", "积分规则太复杂"],
                   0.08, 0.50, 0.4, -0.8),
}
CHANNELS = (["APP", "小程序", "网页"], [0.55, 0.30, 0.15], [0.0, 0.2, -0.4])
CITY = (["一线", "二线", "三线及以下"], [0.35, 0.40, 0.25], [-0.3, 0.0, 0.3])
NO_CONTENT = ["无", "没有", "还行", "挺好", "不知道", "没意见", "暂无", "一般般吧", "/"]
CLOSERS_POS = ["会推荐给朋友", "总体很满意", "希望继续保持", "整体体验不错", "已经推荐给家人了"]
CLOSERS_NEG = ["希望改进", "体验很差", "不会再推荐了", "太失望了", "再这样就卸载了"]
CONTRAST = ["但是", "不过", "可是", "就是"]
DEGREE = {"很": ["非常", "特别", "挺", "很"], "太": ["太", "实在太"]}


def _vary(phrase: str, rng) -> str:
    for key, options in DEGREE.items():
        if key in phrase and rng.random() < 0.4:
            return phrase.replace(key, options[rng.integers(len(options))], 1)
    return phrase


def _answer(mentions, score, rng) -> str:
    """Compose an answer from (theme, negative?) mentions: praise first, then a contrast and complaints."""
    pos = [_vary(THEMES[t][1][rng.integers(len(THEMES[t][1]))], rng) for t, neg in mentions if not neg]
    neg = [_vary(THEMES[t][2][rng.integers(len(THEMES[t][2]))], rng) for t, neg in mentions if neg]
    if score <= 6:  # detractors lead with the complaint more often
        rng.shuffle(neg)
    parts = []
    if pos and neg:
        first, second = (pos, neg) if rng.random() < 0.75 else (neg, pos)
        parts.append("，".join(first))
        parts.append(CONTRAST[rng.integers(len(CONTRAST))] + "，".join(second) if rng.random() < 0.5
                     else CONTRAST[rng.integers(len(CONTRAST))] + second[0] + ("，" + "，".join(second[1:]) if second[1:] else ""))
        if rng.random() < 0.3:
            parts[0] = "虽然" + parts[0]
    else:
        parts.append("，".join(pos or neg))
    if rng.random() < 0.35:
        if score >= 8 and pos:
            closers = CLOSERS_POS
        elif score <= 5 and neg:
            closers = CLOSERS_NEG
        else:
            closers = ["还可以吧", "一般", "凑合"]
        parts.append(closers[rng.integers(len(closers))])
    text = "，".join(parts)
    end = ["。", "！", "", "！！", "~", "。。。"][rng.integers(6)]
    return text + end


def _messy_score(score: int, rng) -> str:
    r = rng.random()
    if r < 0.02:
        return f"{score}分"
    if r < 0.03:
        return chr(0xFF10 + score) if score < 10 else "１０"
    if r < 0.04:
        return f"{score} - {'极有可能' if score >= 9 else '不太可能' if score <= 6 else '可能'}"
    if r < 0.045:
        return f"{score}.0"
    return str(score)


def main() -> None:
    import opencc

    to_trad = opencc.OpenCC("s2t")
    rng = np.random.default_rng(SEED)
    start = date(2026, 5, 1)
    rows, truth_scores = [], []
    ids = rng.permutation(np.arange(100001, 100001 + N))
    for i in range(N):
        day = start + timedelta(days=int(rng.integers(0, 184)))
        channel = rng.choice(3, p=CHANNELS[1])
        city = rng.choice(3, p=CITY[1])
        latent = 7.8 + CHANNELS[2][channel] + CITY[2][city] + rng.normal(0, 1.3)
        mentions = []
        for tid, (_, _, _, p_mention, p_neg, reward, penalty) in THEMES.items():
            if tid == "app" and day >= date(2026, 8, 15):  # a bad app release in mid-August
                p_mention, p_neg = 0.32, 0.70
            if rng.random() < p_mention:
                neg = rng.random() < p_neg
                mentions.append((tid, neg))
                latent += penalty if neg else reward
        score = int(np.clip(np.round(latent), 0, 10))
        r = rng.random()
        if r < 0.05 or not mentions:
            answer = ""
        elif r < 0.10:
            answer = NO_CONTENT[rng.integers(len(NO_CONTENT))]
        else:
            rng.shuffle(mentions)
            answer = _answer(mentions[:3], score, rng)
            if rng.random() < 0.08:
                answer = to_trad.convert(answer)
            if rng.random() < 0.03:
                answer = answer.replace("，", ",").replace("！", "!")
        cell = _messy_score(score, rng)
        if rng.random() < 0.006:
            cell = ["N/A", "11", "7.5", "", "不知道"][rng.integers(5)]
        rows.append({"编号": f"U{ids[i]}", "提交时间": day.isoformat(), "推荐意愿": cell, "推荐原因": answer,
                     "渠道": CHANNELS[0][channel], "城市级别": CITY[0][city]})
        truth_scores.append(score)
    rows.sort(key=lambda r: r["提交时间"])
    out = ROOT / "examples" / "demo_survey.csv"
    out.parent.mkdir(exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    truth = {
        "synthetic": True,
        "seed": SEED,
        "n": N,
        "note": "Planted effects on the latent 0-10 score, per mention (reward if praised, penalty if criticised).",
        "themes": {t: {"label": v[0], "p_mention": v[3], "p_negative": v[4], "reward": v[5], "penalty": v[6]}
                   for t, v in THEMES.items()},
        "period_effect": "from 2026-08-15 APP complaints rise (mention 0.32, negative 0.70)",
    }
    (ROOT / "examples" / "demo_survey_truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                                             encoding="utf-8")
    print(f"wrote {out} ({N} respondents)")


if __name__ == "__main__":
    main()
