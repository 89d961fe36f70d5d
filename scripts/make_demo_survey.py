"""Generate the synthetic demo survey in examples/ (deterministic: same seed, same file).

The survey is SYNTHETIC: an imaginary online shop asks "how likely are you to recommend us (0-10)?" and
"why?". Scores are generated from planted theme effects (see THEMES below), so the drivers that textmine
recovers from the demo can be checked against the truth written in examples/demo_survey_truth.json.
Answers mix several reasons, 但是/不过 contrasts, traditional characters, English words, empty and "无"
answers; a few score cells use the messy spellings real exports contain, and a few are unusable.

It also writes the closed-loop demo files (textmine cadence / panel / referrals), each with planted effects
recorded under the truth file's keys "contacts", "wave2" and "referrals": a contact log (examples/demo_contacts.csv:
the more invitations a contact had in the previous 30 days, the less often it answers and the lower it scores),
a second wave (examples/demo_wave2.csv: detractors who complained of delivery in wave 1 — the "fixed" theme —
become promoters more often; promoters who spoke of the APP are lost more often) and a referral table
(examples/demo_referrals.csv: promoters refer far more often than passives, passives more than detractors).
They are drawn from a separate seeded generator after the survey, so demo_survey.csv does not change.

Run: python scripts/make_demo_survey.py  (writes examples/demo_survey.csv, the loop files and the truth file)
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
# what customers ask for, per theme (希望/建议/要是…就好了/能不能/最好 …): a clause of its own after the answer, in
# ASK_SHARE of the answers that complain of the theme and ASK_SHARE_PRAISE of those that praise it; drawn from a
# generator of its own (ASK_SEED) after each answer is composed, so the scores and every other answer are unchanged
ASKS = {
    "delivery": ["希望物流能再快一点", "建议发货速度再快一些", "要是能送货上门就好了", "希望快递包装结实一点"],
    "service": ["希望客服能及时回复", "建议增加人工客服", "能不能多配几个客服", "希望客服别再复制粘贴话术"],
    "price": ["希望多发点优惠券", "要是能再便宜点就好了", "建议会员费别再涨了", "希望价格能透明一点"],
    "quality": ["希望加强质量把关", "建议发货前检查一下商品", "最好能保证都是正品"],
    "app": ["希望尽快修复闪退", "建议APP少放点广告", "希望优化一下页面加载速度", "能不能把APP做得流畅一点"],
    "returns": ["希望退款能快一点", "建议简化退货流程", "要是退货能免运费就好了"],
    "range": ["希望多上些新品", "建议增加商品品类", "希望缺货的东西早点补货"],
    "membership": ["希望积分规则简单一点", "建议增加会员权益"],
}
ASK_SEED, ASK_SHARE, ASK_SHARE_PRAISE = SEED + 191, 0.22, 0.04
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


def _with_ask(answer: str, written: list, ask_rng) -> tuple[str, list]:
    """``answer`` with what the customer asks for added after it (sometimes), and the themes asked about."""
    for tid, neg in written:
        if ask_rng.random() < (ASK_SHARE if neg else ASK_SHARE_PRAISE):
            phrases = ASKS[tid]
            ask = phrases[ask_rng.integers(len(phrases))]
            body = answer.rstrip("。！!~")
            return body + "，" + ask + answer[len(body):], [tid]
    return answer, []


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


# --- the closed-loop demo files (textmine cadence / panel / referrals) -------------------------------------------
LOOP_SEED = SEED + 19  # issue 19; a generator of its own, drawn after the survey: demo_survey.csv stays the same
GROUPS = ("detractor", "passive", "promoter")
# contacts: P(k previous invitations in the 30 days before the answered one | NPS group); the k earlier ones went
# unanswered (5-9 days apart, so all within 30 days); NEVER_RATIO never-answering contacts per answering one get
# MAX_K + 1 invitations; LOST answering contacts' answers are missing from the survey export
K_GIVEN_GROUP = {"promoter": [0.55, 0.25, 0.13, 0.07], "passive": [0.45, 0.28, 0.17, 0.10],
                 "detractor": [0.30, 0.28, 0.24, 0.18]}
MAX_K, NEVER_RATIO, LOST = 3, 1.5, 25
# wave 2: P(detractor, passive, promoter in wave 2 | wave-1 group and what the wave-1 answer said)
TRANSITIONS = {"detractor_fixed": [0.25, 0.35, 0.40], "detractor_other": [0.58, 0.30, 0.12],
               "passive": [0.20, 0.50, 0.30], "promoter_app": [0.30, 0.25, 0.45], "promoter_other": [0.07, 0.23, 0.70]}
RETAIN, NEW_IN_WAVE2, FIXED_THEME, LOSS_THEME = 0.65, 120, "delivery", "app"
SCORES_IN_GROUP = {"detractor": ([0, 1, 2, 3, 4, 5, 6], [1, 1, 1, 2, 3, 5, 6]), "passive": ([7, 8], [1, 1]),
                   "promoter": ([9, 10], [11, 9])}
# referrals: P(referred at least one customer | NPS group); referrers referred 1 + Poisson(0.5) customers
REFERRAL_RATE = {"promoter": 0.30, "passive": 0.12, "detractor": 0.05}
REFERRALS_OUTSIDE = 30


def _group(score: int) -> str:
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


def _write_csv(name: str, rows: list) -> None:
    with (ROOT / "examples" / name).open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def write_loop_demo(facts: list) -> dict:
    """Write demo_contacts.csv, demo_wave2.csv and demo_referrals.csv; return their truth (new truth-file keys)."""
    rng = np.random.default_rng(LOOP_SEED)
    return {"contacts": _contacts(facts, rng), "wave2": _wave2(facts, rng), "referrals": _referrals(facts, rng)}


def _contacts(facts: list, rng) -> dict:
    rows, start = [], date(2026, 5, 1)
    for f in facts:
        k = int(rng.choice(MAX_K + 1, p=K_GIVEN_GROUP[_group(f["score"])]))
        f["k"] = k
        day = f["day"]
        rows.append({"编号": f["id"], "邀请日期": day.isoformat(), "是否回复": "是"})
        for _ in range(k):
            day -= timedelta(days=int(rng.integers(5, 10)))
            rows.append({"编号": f["id"], "邀请日期": day.isoformat(), "是否回复": "否"})
    n_never = int(round(NEVER_RATIO * len(facts)))
    for i in range(n_never + LOST):
        day = start + timedelta(days=int(rng.integers(0, 184 - 27)))
        answered = i >= n_never  # the LOST contacts answered their first invitation; the export lacks them
        for j in range(1 if answered else MAX_K + 1):
            rows.append({"编号": f"U{200001 + i}", "邀请日期": day.isoformat(), "是否回复": "是" if answered else "否"})
            day += timedelta(days=int(rng.integers(5, 10)))
    rows.sort(key=lambda r: (r["邀请日期"], r["编号"]))
    _write_csv("demo_contacts.csv", rows)
    # expected response rate at k: answered at k / (answered at k or later + never-answering), over the groups' mix
    q = np.array([K_GIVEN_GROUP[_group(f["score"])] for f in facts])
    m = q.sum(axis=0)
    m[0] += LOST
    rate = [float(m[k] / (m[k:].sum() + n_never)) for k in range(MAX_K + 1)]
    usable = [f for f in facts if f["usable"]]
    qu = np.array([K_GIVEN_GROUP[_group(f["score"])] for f in usable])
    s = np.array([f["score"] for f in usable], dtype=float)
    w = qu / qu.sum(axis=0)
    labels = [str(k) for k in range(MAX_K)] + [f"{MAX_K}+"]
    return {
        "file": "examples/demo_contacts.csv", "seed": LOOP_SEED,
        "note": ("One row per invitation (编号, 邀请日期, 是否回复). A surveyed contact answered its last invitation on "
                 "the day of its survey answer after k unanswered ones 5-9 days apart (k in the previous 30 days = "
                 "in the previous 90 days); k depends on the NPS group (k_given_group). Never-answering contacts got "
                 f"{MAX_K + 1} invitations; {LOST} contacts answered but their answers are not in the survey export "
                 "(reported as unmatched), as are the survey rows whose score is unusable. Expected figures by "
                 "invitations in the previous 30 days (last group: that many or more)."),
        "k_given_group": K_GIVEN_GROUP, "never_answering_contacts": n_never, "answers_missing_from_survey": LOST,
        "expected_response_rate": {k: round(v, 4) for k, v in zip(labels, rate)},
        "expected_mean_score": {k: round(float(v), 3) for k, v in zip(labels, (w * s[:, None]).sum(axis=0))},
        "expected_nps": {k: round(float(v), 2) for k, v in
                         zip(labels, 100 * (w * ((s >= 9).astype(float) - (s <= 6))[:, None]).sum(axis=0))},
    }


def _wave2(facts: list, rng) -> dict:
    rows, linked = [], []
    for f in facts:
        if rng.random() >= RETAIN:
            continue
        g = _group(f["score"])
        said = f["written"]
        if g == "detractor":
            fixed = any(t == FIXED_THEME and bool(neg) for t, neg in said)
            kind = "detractor_fixed" if fixed else "detractor_other"
        elif g == "promoter":
            kind = "promoter_app" if any(t == LOSS_THEME for t, _ in said) else "promoter_other"
        else:
            kind = "passive"
        if f["usable"]:
            linked.append((len(rows), kind))
        _wave2_row(rows, f["id"], GROUPS[int(rng.choice(3, p=TRANSITIONS[kind]))], rng)
    for i in range(NEW_IN_WAVE2):
        _wave2_row(rows, f"U{300001 + i}", GROUPS[int(rng.integers(3))], rng)
    for r in rng.choice(len(rows), 3, replace=False):
        rows[int(r)]["推荐意愿"] = "N/A"
    kinds = {}
    for i, kind in linked:  # respondents of both waves with usable scores in each
        if rows[i]["推荐意愿"] != "N/A":
            kinds[kind] = kinds.get(kind, 0) + 1
    rows.sort(key=lambda r: (r["提交时间"], r["编号"]))
    _write_csv("demo_wave2.csv", rows)
    expected = {}
    for g1 in GROUPS:
        mix = {k: n for k, n in kinds.items() if k.startswith(g1)}
        total = sum(mix.values())
        expected[g1] = {g2: round(float(sum(n * TRANSITIONS[k][j] for k, n in mix.items()) / total), 4)
                        for j, g2 in enumerate(GROUPS)}
    return {
        "file": "examples/demo_wave2.csv", "seed": LOOP_SEED,
        "note": (f"Wave 2 re-surveys {RETAIN:.0%} of wave 1 (the demo survey) in November 2026, plus "
                 f"{NEW_IN_WAVE2} new respondents (not in wave 1) and 3 unusable score cells. The wave-2 NPS group "
                 "depends on the wave-1 group and on what the wave-1 answer said: detractors who complained of delivery (物流/快递/发货/配送/"
                 "包裹 — the theme tagged as fixed) and promoters who spoke of the APP. Pass the delivery themes to "
                 "--fixed."),
        "transition_probabilities": TRANSITIONS, "fixed_theme": FIXED_THEME, "loss_theme": LOSS_THEME,
        "detractor_to_promoter": {"with_fixed_complaint": TRANSITIONS["detractor_fixed"][2],
                                  "other_detractors": TRANSITIONS["detractor_other"][2]},
        "promoter_to_detractor": {"with_app_mention": TRANSITIONS["promoter_app"][0],
                                  "other_promoters": TRANSITIONS["promoter_other"][0]},
        "linked_by_kind": kinds, "expected_transition_shares": expected,
    }


def _wave2_row(rows: list, rid: str, group: str, rng) -> None:
    values, weights = SCORES_IN_GROUP[group]
    score = int(rng.choice(values, p=np.array(weights) / sum(weights)))
    themes = list(THEMES)
    picked = [themes[int(i)] for i in rng.choice(len(themes), int(rng.integers(1, 3)), replace=False)]
    neg = group == "detractor" or (group == "passive" and rng.random() < 0.5)
    day = date(2026, 11, 1) + timedelta(days=int(rng.integers(0, 30)))
    rows.append({"编号": rid, "提交时间": day.isoformat(), "推荐意愿": str(score),
                 "推荐原因": _answer([(t, neg) for t in picked], score, rng)})


def _referrals(facts: list, rng) -> dict:
    rows = []
    for f in facts:
        referred = rng.random() < REFERRAL_RATE[_group(f["score"])]
        rows.append({"编号": f["id"], "推荐人数": str(1 + int(rng.poisson(0.5))) if referred else "0"})
    for i in range(REFERRALS_OUTSIDE):
        rows.append({"编号": f"U{400001 + i}", "推荐人数": str(1 + int(rng.poisson(0.5)))})
    _write_csv("demo_referrals.csv", rows)
    s = np.array([f["score"] for f in facts if f["usable"]])
    p = np.array([REFERRAL_RATE[_group(v)] for v in s])
    pi = np.bincount(s, minlength=11) / len(s)
    pr = np.bincount(s, weights=p, minlength=11) / len(s)
    ref, non = pr / pr.sum(), (pi - pr) / (pi - pr).sum()
    auc = float(sum(ref[a] * non[b] for a in range(11) for b in range(11) if a > b) + 0.5 * (ref * non).sum())
    return {
        "file": "examples/demo_referrals.csv", "seed": LOOP_SEED,
        "note": (f"One row per surveyed respondent (编号, 推荐人数 = customers referred), plus {REFERRALS_OUTSIDE} "
                 "referrers who were not surveyed (reported as unmatched). A respondent referred at least one customer "
                 "with the probability of its NPS group; expected_auc is the score's AUC for referring under that "
                 "model over the usable demo scores."),
        "referral_rate": REFERRAL_RATE,
        "rate_ratio_vs_detractors": {g: round(REFERRAL_RATE[g] / REFERRAL_RATE["detractor"], 4) for g in GROUPS},
        "expected_auc": round(auc, 4),
    }


def main() -> None:
    import opencc

    to_trad = opencc.OpenCC("s2t")
    rng = np.random.default_rng(SEED)
    ask_rng = np.random.default_rng(ASK_SEED)
    asked = {t: 0 for t in THEMES}
    start = date(2026, 5, 1)
    rows, truth_scores, facts = [], [], []
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
        written = []  # the mentions the answer puts into words (the loop demo plants effects on them)
        if r < 0.05 or not mentions:
            answer = ""
        elif r < 0.10:
            answer = NO_CONTENT[rng.integers(len(NO_CONTENT))]
        else:
            rng.shuffle(mentions)
            written = list(mentions[:3])
            answer = _answer(mentions[:3], score, rng)
            answer, asks = _with_ask(answer, written, ask_rng)
            for tid in asks:
                asked[tid] += 1
            if rng.random() < 0.08:
                answer = to_trad.convert(answer)
            if rng.random() < 0.03:
                answer = answer.replace("，", ",").replace("！", "!")
        cell = _messy_score(score, rng)
        usable = True
        if rng.random() < 0.006:
            cell = ["N/A", "11", "7.5", "", "不知道"][rng.integers(5)]
            usable = False
        rows.append({"编号": f"U{ids[i]}", "提交时间": day.isoformat(), "推荐意愿": cell, "推荐原因": answer,
                     "渠道": CHANNELS[0][channel], "城市级别": CITY[0][city]})
        truth_scores.append(score)
        facts.append({"id": f"U{ids[i]}", "day": day, "score": score, "written": written, "usable": usable})
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
        "asks": {"note": "answers that end with a suggestion about the theme (what customers expect), per theme; "
                         "the suggestion follows a complaint of the theme in about "
                         f"{ASK_SHARE:.0%} and a praise of it in {ASK_SHARE_PRAISE:.0%} of the answers",
                 "answers": asked},
    }
    truth.update(write_loop_demo(facts))
    (ROOT / "examples" / "demo_survey_truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                                             encoding="utf-8")
    print(f"wrote {out} ({N} respondents), demo_contacts.csv, demo_wave2.csv and demo_referrals.csv")


if __name__ == "__main__":
    main()
