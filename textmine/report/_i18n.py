"""The report's words in Chinese and English: every heading, label and note the reader sees.

``strings(lang)`` returns one language's table; :func:`report_language` picks the language (``--lang``, else the
answers' language). Texts with ``{}`` fields are filled by the report with its figures (level, n, …).
"""

from __future__ import annotations

from ..errors import ConfigError

__all__ = ["LANGS", "report_language", "strings", "html_lang", "reject_reason"]

LANGS = ("zh", "en")

_EN = {
    "title": "NPS verbatim analysis",
    "subtitle": "{n} respondents · source: {source}",
    "nav": "Contents",
    # sections
    "s_summary": "Executive summary", "s_headline": "Headline NPS", "s_complaints": "Top detractor complaints",
    "s_reasons": "Promoter reasons and detractor complaints", "s_trends": "Themes over time",
    "s_change": "What changed since the last period", "s_drivers": "What moves NPS",
    "s_sentiment": "Sentiment per theme", "s_segments": "Segments", "s_periods": "NPS over time",
    "s_themes": "Themes, keywords and quotes", "s_drill": "All answers by theme", "s_methods": "Methods and caveats",
    "s_data": "Data accounting",
    # headline
    "nps_kpi": "NPS · {level}% CI {lo} to {hi} · n={n}", "neff": "effective n (Kish) {neff}",
    "promoters": "promoters (9–10)", "passives": "passives (7–8)", "detractors": "detractors (0–6)",
    "accounting_line": "{read} rows read · {resp} respondents analysed · {rej} rejected (see rejects.csv) · "
                       "{empty} empty answers · {nc} \"no content\" answers · {clauses} clauses, {unassigned} of "
                       "content clauses not assigned to a theme.",
    "small_base": "⚠ Small base: fewer respondents than the minimum ({min_n}); read every figure with care.",
    "no_summary": "Too little data for a summary.",
    # generic chart words
    "n": "n", "share": "share", "ci": "{level}% CI", "ci_low": "CI low", "ci_high": "CI high", "theme": "theme",
    "period": "period", "pts": "pts", "points": "NPS points", "p_bh": "p (BH)", "respondents": "respondents",
    "nothing": "Nothing to show.", "partial": "partial period", "filter": "filter", "small": "small base",
    "sig_rise": "significant rise", "sig_fall": "significant fall", "group": "group", "segment": "segment",
    "level": "level", "praise": "praise", "neutral": "neutral", "complaint": "complaint", "net": "net sentiment",
    "rest": "rest", "vs_rest": "vs rest", "change": "change", "nps": "NPS", "date": "date", "score": "score",
    "promoter": "promoter", "passive": "passive", "detractor": "detractor", "all": "all",
    # complaints panel
    "c_share": "of detractors complain about it", "c_of": "{k} of {base}",
    "c_resolved": "If every complaint on it were resolved: NPS", "c_complainers": "{n} respondents complain, all groups",
    "c_negative_gain": "⚠ its complainers already score above those who do not mention the theme, so this measure "
                       "shows no gain: read the penalty below",
    "c_penalty": "Penalty on a complainer's NPS:", "c_words": "In their words (detractors):", "c_none":
    "No detractor wrote a complaint that was assigned to a theme.", "not_estimated": "not estimated",
    "no_quotes": "no quotes",
    "c_note": "Ranked by the share of the {base} detractors with at least one negative clause on the theme "
              "({level}% Wilson intervals). NPS gain if resolved: the NPS if every respondent who complains about "
              "the theme scored like those who do not mention it, minus today's NPS (bootstrap interval). Penalty: "
              "average marginal effect of a complaint on a respondent's NPS contribution, from the logistic models "
              "of P(promoter) and P(detractor). Both are associations, not proven causes.",
    "c_table": "The most frequent detractor complaints (up to ten)", "c_detractors": "detractors",
    "c_share_det": "share of detractors", "c_all": "complainers (all)", "c_gain": "NPS gain if resolved",
    "penalty": "penalty", "reward": "reward",
    # reasons
    "r_promoters": "What promoters praise (share of promoters, n={n})",
    "r_detractors": "What detractors complain about (share of detractors, n={n})",
    "r_note": "Share of the group with at least one positive (praise) or negative (complaint) clause on the theme; "
              "whiskers show {level}% Wilson intervals.",
    # trends
    "t_complaint": "Share of respondents complaining about a theme, by period",
    "t_praise": "Share of respondents praising a theme, by period",
    "t_note": "Lines: share of the period's respondents; bands: {level}% Wilson intervals. ▲/▼ mark a change from "
              "the previous period that is significant after Benjamini–Hochberg adjustment across all themes and "
              "periods (two-proportion z-test); the trend column tests a steady rise or fall over all periods. "
              "Shaded periods are only partly covered by the survey's dates.",
    "t_table": "Significant changes and trends", "trend_rise": "significant upward trend",
    "trend_fall": "significant downward trend", "t_none": "No theme's share changed significantly.",
    "t_trend": "trend", "t_rise": "rise", "t_fall": "fall", "t_from": "from", "t_to": "to",
    "no_dates": "No date column was given (CLI: --date COL).",
    # change
    "ch_title": "NPS {before} → {after}: {total} pts ({level}% CI {lo} to {hi}); contribution by theme",
    "ch_note": "An exact decomposition: each respondent's contribution to NPS is split equally among the themes "
               "they mention; a theme contributes through its share moving (mix) and through its mentioners' NPS "
               "moving (rate). Contributions sum to the total change; whiskers are bootstrap intervals.",
    "ch_none": "Fewer than two periods with enough respondents: no change to decompose.",
    "mix": "mix", "rate": "rate", "contribution": "contribution", "no_theme": "(no theme)",
    # drivers
    "d_note": "Each theme's association with NPS. Removal impact = NPS of everyone − NPS without the respondents "
              "who mention the theme: green, the theme's mentioners lift the overall NPS; red, they pull it down. "
              "Whiskers: {level}% bootstrap intervals; a whisker crossing zero means the sign is not established.",
    "d_removal": "Removal impact on NPS (points), largest 15", "d_map": "Penalty / reward map (NPS points)",
    "d_map_x": "penalty: effect of a complaint on a respondent's NPS (left = worse)",
    "d_map_y": "reward: effect of praise",
    "d_kano_rule": "One rule classes a theme, in the table and on the map: an effect counts when its "
                   "Benjamini–Hochberg adjusted p < {alpha}; must-be when the penalty counts and is more than {k}× "
                   "the reward; delighter when the reward counts and is more than {k}× the penalty; performance when "
                   "both count otherwise; indifferent when neither counts (grey). The dashed lines are the {k}× "
                   "boundaries.",
    "d_table": "Removal impact with a bootstrap interval; regression impact = average marginal effect on NPS from "
               "logistic models of P(promoter) and P(detractor); p-values adjusted by Benjamini–Hochberg.",
    "d_removal_col": "removal impact", "d_impact": "regression impact", "d_relw": "relative weight (% of explained)",
    "d_kano": "Kano class", "d_dropped": "{n} regression terms were not modelled (too few mentions, or no variation "
                                        "in one group); their removal impact is still shown",
    "d_none": "Driver analysis was not run.",
    "kano_must-be": "must-be", "kano_delighter": "delighter", "kano_performance": "performance",
    "kano_indifferent": "indifferent", "kano_n/a": "n/a",
    "why_rare": "too few mentions", "why_separation": "no variation in one group", "why_other": "not estimable",
    "why_universal": "almost everyone mentions it", "why_collinear": "the same respondents as another theme",
    # sentiment
    "se_title": "Praise, neutral and complaint among the respondents who mention each theme",
    "se_note": "Respondents mentioning the theme, by the polarity of their clauses on it (a respondent with both "
               "praise and a complaint counts in both). Net sentiment = praise share − complaint share, with its "
               "{level}% interval.",
    # segments
    "sg_nps": "NPS by {seg}", "sg_heat": "Theme share by {seg} (● significant difference from the rest)",
    "sg_net": "Net sentiment by {seg}",
    "sg_note": "Difference from the rest of the sample: z-test, p-values adjusted by Benjamini–Hochberg within "
               "each segment column. Grey: small base.",
    "sg_heat_note": "Cells: share of the level's respondents who mention the theme; a dot marks a difference from "
                    "the rest of the sample that is significant after Benjamini–Hochberg adjustment. Net sentiment: "
                    "praise minus complaint among the mentioners.",
    "no_segments": "No segment columns were given (CLI: --segment COL).",
    "s_loop": "Does the loop close?",
    "lp_none": "No contact log, later wave or referral table was given (CLI: textmine analyze … --contacts FILE "
               "--next-wave FILE --fixed THEMES --referrals FILE).",
    "lp_cadence": "Are we surveying the same people too often?", "lp_panel": "Did detractors come back?",
    "lp_referrals": "Do promoters refer?", "lp_rate": "rate", "lp_invitations": "invitations",
    "lp_resp_rate": "response rate", "lp_bin": "invitations / days", "lp_join": ", ",
    "lp_mean": "mean score", "lp_cad_by": "grouped by", "lp_cad_since": "days since the previous invitation",
    "lp_first": "first invitation",
    "lp_cad_prev": "invitations in the previous {w} days",
    "lp_cad_rate": "Response rate by invitations in the previous {w} days ({level}% CI)",
    "lp_cad_nps": "NPS by invitations in the previous {w} days ({level}% CI)",
    "lp_cad_head": "Each extra invitation in the previous {w} days changes the response rate by {slope} points "
                   "({level}% CI {lo} to {hi}; p {p}; {n} invitations) and the score by {s} ({level}% CI {slo} to "
                   "{shi}; p {sp}; {sn} answers).",
    "lp_cad_over": "{k} of {contacts} contacts were invited more than {limit} times within {days} days.",
    "lp_cad_caption": "Invitations by how many came before them: response rate ({level}% Wilson CI), and the mean "
                      "score and NPS ({level}% CI) of the answers linked to them. Grey: small base.",
    "lp_waves": "waves", "lp_from": "from", "lp_to": "to", "lp_n_from": "n in group",
    "lp_pn_change": "Among the {n} respondents of waves {waves}, NPS went from {a} to {b}: a change of {d} "
                    "({level}% CI {lo} to {hi}, paired).",
    "lp_pn_caption": "Where each group of the earlier wave went in the later one: share of the group ({level}% "
                     "Wilson CI).",
    "lp_pn_fixed": "Detractors whose complaints were fixed ({themes}) became promoters {a} of the time (n={na}), "
                   "against {b} for those with other complaints (n={nb}): a difference of {d} points ({level}% CI "
                   "{lo} to {hi}; adjusted p {p}).",
    "lp_transition": "transition", "lp_n_with": "n with", "lp_with": "rate with", "lp_n_without": "n without",
    "lp_without": "rate without", "lp_diff": "difference (points)",
    "lp_conv_caption": "Which first-wave themes precede conversion and loss: the transition's rate among those who "
                       "mention the theme and the rest, the difference with its {level}% CI, p adjusted by "
                       "Benjamini–Hochberg; per transition the {k} lowest p and every significant one. Grey: small "
                       "base.",
    "lp_ref_chart": "Share who referred someone, by NPS group ({level}% CI)", "lp_referrers": "referred someone",
    "lp_rr": "rate ratio vs detractors",
    "lp_ref_tracks": "This NPS tracks word of mouth.",
    "lp_ref_weak": "This NPS tracks word of mouth only weakly.",
    "lp_ref_does_not_track": "This NPS does not track word of mouth: a score no better than chance cannot be ruled "
                             "out.",
    "lp_ref_too_few": "Too few referrers or non-referrers to judge whether this NPS tracks word of mouth.",
    "lp_ref_figs": "Promoters referred {rr} times as often as detractors ({level}% CI {rr_lo} to {rr_hi}); the 0–10 "
                   "score ranks a referrer above a non-referrer with an AUC of {auc} ({level}% CI {auc_lo} to "
                   "{auc_hi}); {share} of the {n} promoters referred someone ({share_lo} to {share_hi}).",
    "lp_ref_caption": "Referral rate by NPS group ({level}% Wilson CI) and its ratio to the detractors' rate "
                      "({level}% Katz CI).",
    "lp_unmatched": "Rows that could not be linked are listed in each part's unmatched.csv in the output folder: "
                    "{parts}.", "lp_unmatched_part": "{part} {n} rows",
    "lp_part_cadence": "cadence", "lp_part_panel": "panel", "lp_part_referrals": "referrals",
    "s_trust": "Can the scores be trusted?",
    "s_fix": "What to fix, now and later", "s_expect": "What customers expect",
    "fx_now": "now", "fx_later": "later", "fx_none": "not planned", "fx_nobody": "no owner yet",
    "fx_horizon": "when", "fx_owner": "owner", "fx_example": "typical complaint", "fx_gain": "NPS gain if resolved",
    "fx_caption": "Detractors' complaints by when they can be fixed (the codebook's horizon) and who owns them, ranked "
                  "by the NPS points gained if every complaint on the theme were resolved ({level}% bootstrap CI).",
    "fx_note": "No theme has a horizon or owner yet: set them in codebook.yaml or with textmine codebook set THEME "
               "--horizon now --owner 物流部, then analyse with --codebook.",
    "fx_empty": "No detractor complains about a theme.",
    "x_of": "{k} of {n}",
    "x_note": "Respondents of each theme who ask for something (希望, 建议, 要是…就好了, please …), with the share's "
              "{level}% Wilson interval and examples in their words (masked).",
    "x_empty": "No answer asks for anything about a theme.",
    "tr_overall": "{rate} of promoters and detractors whose answer praises or complains say the opposite of their "
                  "score ({level}% CI {lo}–{hi}; {k} of {n}): {prom} promoters only complain, {det} detractors only "
                  "praise.",
    "tr_chart": "Score–text mismatch by {seg} ({level}% CI)", "tr_rate": "mismatch rate", "tr_rest": "rest",
    "tr_10": "share of 10s", "tr_heap": "heaping on 0/5/10", "tr_review": "review", "tr_judged": "n judged",
    "tr_caption": "Each level against the rest of the survey: one-sided Fisher exact tests, Benjamini–Hochberg "
                  "over every test of every level. Grey: too few respondents to test.",
    "tr_note": "A mismatch is a promoter (9–10) whose mentions are all complaints, or a detractor (0–6) whose "
               "mentions are all praise. Coached or filled-in scores raise the mismatch rate and the share of 10s "
               "together; a level flagged on 10s alone may simply be better liked: read its answers.",
    "tr_none": "No segment columns were given, so no level is compared with the rest (CLI: --segment COL).",
    # periods
    "p_title": "NPS by period with its {level}% interval", "p_note": "Change from the previous period, z-test, "
    "Benjamini–Hochberg adjusted. Shaded periods are only partly covered by the survey's dates.",
    # themes
    "th_caption": "A respondent has a theme when any clause of the answer has it.", "th_name": "theme",
    "th_parent": "category", "th_keywords": "keywords", "th_prom": "of promoters", "th_det": "of detractors",
    "th_mean": "mean score", "th_typical": "typical clauses:", "th_complaints": "complaints:",
    # drill-down
    "dr_theme": "Theme", "dr_search": "search the answers", "dr_polarity": "polarity", "dr_any": "any",
    "dr_prev": "‹ previous", "dr_next": "next ›", "dr_page": "page {page} of {pages} · {n} answers",
    "dr_note": "Every answer with a clause on the theme (clause highlighted), masked for phone numbers, e-mails and "
               "ID numbers.", "dr_capped": "This survey has {n} answers: the drill-down holds the {top} answers "
                                          "closest to each theme; all answers are in respondents.csv and mentions.csv.",
    "dr_none": "No answer matches.",
    # data
    "acc_line": "Every input row is accounted for: {read} read = {resp} analysed + {rej} rejected.",
    "acc_none": "none", "settings": "Settings",
    "set_source": "input file", "set_encoder": "text encoder", "set_period": "period", "set_level": "confidence level",
    "set_min_n": "minimum base", "set_boot": "bootstrap resamples", "set_seed": "random seed",
    "set_themes": "theme method", "set_max_themes": "at most themes", "set_segments": "segment columns",
    "set_codebook": "codebook", "set_model": "classifier", "set_weight": "weight column", "set_chunks": "chunks",
    "lang_zh": "中文", "lang_en": "English",
}

_ZH = {
    "title": "NPS 开放题分析报告",
    "subtitle": "{n} 位受访者 · 数据来源：{source}",
    "nav": "目录",
    "s_summary": "执行摘要", "s_headline": "NPS 总览", "s_complaints": "贬损者最主要的抱怨",
    "s_reasons": "推荐者的理由与贬损者的抱怨", "s_trends": "主题随时间的变化", "s_change": "与上期相比的变化",
    "s_drivers": "影响 NPS 的因素", "s_sentiment": "各主题的情感", "s_segments": "细分群体", "s_periods": "NPS 走势",
    "s_themes": "主题、关键词与原话", "s_drill": "按主题查看全部回答", "s_methods": "方法与注意事项",
    "s_data": "数据核对",
    "nps_kpi": "NPS · {level}%置信区间 {lo} 至 {hi} · n={n}", "neff": "有效样本量（Kish）{neff}",
    "promoters": "推荐者（9–10分）", "passives": "中立者（7–8分）", "detractors": "贬损者（0–6分）",
    "accounting_line": "读入 {read} 行 · 分析 {resp} 位受访者 · 剔除 {rej} 行（见 rejects.csv）· 空白回答 {empty} 条 · "
                       "“无内容”回答 {nc} 条 · 共 {clauses} 个分句，其中 {unassigned} 的有内容分句未归入任何主题。",
    "small_base": "⚠ 样本量偏小：少于最低样本量（{min_n}），请谨慎解读各项数字。",
    "no_summary": "数据太少，无法生成摘要。",
    "n": "n", "share": "占比", "ci": "{level}%置信区间", "ci_low": "区间下限", "ci_high": "区间上限", "theme": "主题",
    "period": "时期", "pts": "分", "points": "NPS（分）", "p_bh": "p值（BH校正）", "respondents": "受访者",
    "nothing": "没有可显示的内容。", "partial": "不完整时期", "filter": "筛选", "small": "样本量小",
    "sig_rise": "显著上升", "sig_fall": "显著下降", "group": "群体", "segment": "细分维度", "level": "取值",
    "praise": "表扬", "neutral": "中性", "complaint": "抱怨", "net": "净情感", "rest": "其余", "vs_rest": "与其余相比",
    "change": "变化", "nps": "NPS", "date": "日期", "score": "评分", "promoter": "推荐者", "passive": "中立者",
    "detractor": "贬损者", "all": "全部",
    "c_share": "的贬损者抱怨此项", "c_of": "{base} 人中 {k} 人",
    "c_resolved": "若此项抱怨全部解决：NPS", "c_complainers": "所有群体中共 {n} 人抱怨",
    "c_negative_gain": "⚠ 抱怨此项的人评分已高于未提及此主题的人，因此该指标显示不出提升：请看下方的惩罚效应",
    "c_penalty": "抱怨对其 NPS 的惩罚效应：", "c_words": "贬损者原话：", "c_none": "没有贬损者的抱怨被归入主题。",
    "not_estimated": "未能估计", "no_quotes": "暂无原话",
    "c_note": "按 {base} 位贬损者中至少有一个分句抱怨该主题的比例排序（{level}% Wilson 区间）。“解决后 NPS 提升”：假如所有"
              "抱怨该主题的受访者与未提及该主题的人评分相同，NPS 会比现在高多少（自助法区间）。“惩罚效应”：由推荐者与贬损者"
              "概率的 logistic 模型得到的一次抱怨对个人 NPS 贡献的平均边际效应。两者都是相关关系，并非已证实的因果。",
    "c_table": "贬损者最常见的抱怨（前十）", "c_detractors": "贬损者人数", "c_share_det": "占贬损者比例",
    "c_all": "抱怨人数（全部）", "c_gain": "解决后 NPS 提升", "penalty": "惩罚效应", "reward": "奖励效应",
    "r_promoters": "推荐者表扬什么（占推荐者比例，n={n}）", "r_detractors": "贬损者抱怨什么（占贬损者比例，n={n}）",
    "r_note": "该群体中至少有一个分句表扬（或抱怨）该主题的人所占比例；误差线为 {level}% Wilson 区间。",
    "t_complaint": "各时期抱怨各主题的受访者比例", "t_praise": "各时期表扬各主题的受访者比例",
    "t_note": "折线：占该时期受访者的比例；阴影带：{level}% Wilson 区间。▲/▼ 表示与上一时期相比的变化在对所有主题和时期做 "
              "Benjamini–Hochberg 校正后仍显著（两比例 z 检验）；“趋势”一列检验整个时间段内的持续上升或下降。灰色底纹的时期"
              "只被调查日期部分覆盖。",
    "t_table": "显著的变化与趋势", "trend_rise": "显著上升趋势", "trend_fall": "显著下降趋势", "t_none": "没有主题的比例发生显著变化。", "t_trend": "趋势", "t_rise": "上升",
    "t_fall": "下降", "t_from": "从", "t_to": "到", "no_dates": "未指定日期列（命令行：--date 列名）。",
    "ch_title": "NPS {before} → {after}：{total} 分（{level}%置信区间 {lo} 至 {hi}）；各主题的贡献",
    "ch_note": "精确分解：每位受访者对 NPS 的贡献平均分配给其提及的主题；主题通过其占比的变化（结构）和提及者 NPS 的变化（表现）"
               "作出贡献。各项贡献之和正好等于总变化；误差线为自助法区间。",
    "ch_none": "样本量足够的时期少于两个：没有可以分解的变化。",
    "mix": "结构", "rate": "表现", "contribution": "贡献", "no_theme": "（未提及任何主题）",
    "d_note": "各主题与 NPS 的关联。移除影响 = 全体 NPS − 去掉提及该主题的受访者后的 NPS：绿色表示提及者拉高了总体 NPS，红色表示"
              "拉低。误差线：{level}% 自助法区间；误差线跨过零线表示方向尚不确定。",
    "d_removal": "移除影响（NPS 分），最大的 15 个", "d_map": "惩罚 / 奖励图（NPS 分）",
    "d_map_x": "惩罚效应：一次抱怨对个人 NPS 的影响（越左越差）", "d_map_y": "奖励效应：一次表扬的影响",
    "d_kano_rule": "表格和图用同一条规则给主题分类：效应在 Benjamini–Hochberg 校正后 p < {alpha} 才算数；惩罚效应算数且超过奖励"
                   "效应的 {k} 倍为“必备型”；奖励效应算数且超过惩罚效应的 {k} 倍为“魅力型”；两者都算数但不满足上述条件为"
                   "“期望型”；都不算数为“无差异型”（灰色）。虚线是 {k} 倍分界线。",
    "d_table": "移除影响及其自助法区间；回归影响 = 推荐者与贬损者概率 logistic 模型得到的对 NPS 的平均边际效应；p 值经 "
               "Benjamini–Hochberg 校正。",
    "d_removal_col": "移除影响", "d_impact": "回归影响", "d_relw": "相对权重（占已解释部分%）", "d_kano": "Kano 分类",
    "d_dropped": "{n} 个回归项未能建模（提及太少，或某一群体中没有变化）；它们的移除影响仍然显示",
    "d_none": "未进行驱动因素分析。",
    "kano_must-be": "必备型", "kano_delighter": "魅力型", "kano_performance": "期望型", "kano_indifferent": "无差异型",
    "kano_n/a": "不适用",
    "why_rare": "提及太少", "why_separation": "某一群体中没有变化", "why_other": "无法估计",
    "why_universal": "几乎所有人都提及", "why_collinear": "与另一主题的受访者完全相同",
    "se_title": "提及各主题的受访者中表扬、中性与抱怨的比例",
    "se_note": "提及该主题的受访者，按其相关分句的情感分类（同时有表扬和抱怨的人两边都计）。净情感 = 表扬比例 − 抱怨比例，附 "
               "{level}% 区间。",
    "sg_nps": "按{seg}的 NPS", "sg_heat": "按{seg}的主题占比（● 与其余显著不同）", "sg_net": "按{seg}的净情感",
    "sg_note": "与样本其余部分的差异：z 检验，p 值在每个细分维度内经 Benjamini–Hochberg 校正。灰色：样本量小。",
    "sg_heat_note": "单元格：该取值的受访者中提及该主题的比例；圆点表示与样本其余部分的差异经 Benjamini–Hochberg 校正后仍显著。"
                    "净情感：提及者中表扬减去抱怨。",
    "no_segments": "未指定细分列（命令行：--segment 列名）。",
    "s_loop": "闭环有效吗？",
    "lp_none": "未提供联系记录、后续波次或推荐记录（命令行：textmine analyze … --contacts 文件 --next-wave 文件 "
               "--fixed 主题 --referrals 文件）。",
    "lp_cadence": "是否过于频繁地调查同一批人？", "lp_panel": "贬损者回来了吗？", "lp_referrals": "推荐者真的推荐了吗？",
    "lp_rate": "比例", "lp_invitations": "邀请数", "lp_resp_rate": "回复率", "lp_bin": "次数／天数", "lp_join": "、", "lp_mean": "平均分", "lp_cad_by": "分组依据",
    "lp_cad_since": "距上次邀请的天数", "lp_first": "首次邀请", "lp_cad_prev": "此前 {w} 天内的邀请次数",
    "lp_cad_rate": "按此前 {w} 天内邀请次数的回复率（{level}%置信区间）",
    "lp_cad_nps": "按此前 {w} 天内邀请次数的 NPS（{level}%置信区间）",
    "lp_cad_head": "此前 {w} 天内每多一次邀请，回复率变化 {slope} 个百分点（{level}%置信区间 {lo} 至 {hi}；p {p}；"
                   "{n} 次邀请），评分变化 {s}（{level}%置信区间 {slo} 至 {shi}；p {sp}；{sn} 份回答）。",
    "lp_cad_over": "{contacts} 位联系人中有 {k} 位在 {days} 天内被邀请超过 {limit} 次。",
    "lp_cad_caption": "按此前邀请次数分组的邀请：回复率（{level}% Wilson 置信区间），以及关联回答的平均分和 NPS"
                      "（{level}%置信区间）。灰色：样本量小。",
    "lp_waves": "波次", "lp_from": "原组别", "lp_to": "新组别", "lp_n_from": "原组人数",
    "lp_pn_change": "在第 {waves} 波都作答的 {n} 名受访者中，NPS 从 {a} 变为 {b}：变化 {d}（{level}%置信区间 {lo} 至 "
                    "{hi}，配对）。",
    "lp_pn_caption": "前一波每个组别在后一波的去向：占该组比例（{level}% Wilson 置信区间）。",
    "lp_pn_fixed": "抱怨已修复（{themes}）的贬损者中 {a} 变成了推荐者（n={na}），抱怨其他问题的贬损者为 {b}（n={nb}）："
                   "相差 {d} 个百分点（{level}%置信区间 {lo} 至 {hi}；校正后 p {p}）。",
    "lp_transition": "转变", "lp_n_with": "提及人数", "lp_with": "提及者比例", "lp_n_without": "未提及人数",
    "lp_without": "未提及者比例", "lp_diff": "差异（百分点）",
    "lp_conv_caption": "哪些第一波主题预示转化与流失：提及与未提及该主题者的转变比例，差异及其 {level}%置信区间，"
                       "p 值经 Benjamini–Hochberg 校正；每种转变列出 p 最小的 {k} 个及所有显著的主题。灰色：样本量小。",
    "lp_ref_chart": "按 NPS 群体推荐过他人的比例（{level}%置信区间）", "lp_referrers": "推荐过他人",
    "lp_rr": "相对贬损者的比率比",
    "lp_ref_tracks": "该 NPS 能反映口碑传播。", "lp_ref_weak": "该 NPS 只能微弱地反映口碑传播。",
    "lp_ref_does_not_track": "该 NPS 不能反映口碑传播：无法排除评分的预测力与随机无异。",
    "lp_ref_too_few": "推荐或未推荐他人的人太少，无法判断该 NPS 是否反映口碑传播。",
    "lp_ref_figs": "推荐者推荐他人的比例是贬损者的 {rr} 倍（{level}%置信区间 {rr_lo} 至 {rr_hi}）；0–10 分预测是否推荐的 "
                   "AUC 为 {auc}（{level}%置信区间 {auc_lo} 至 {auc_hi}）；{n} 名推荐者中 {share} 确实推荐了他人"
                   "（{share_lo} 至 {share_hi}）。",
    "lp_ref_caption": "按 NPS 群体的推荐比例（{level}% Wilson 置信区间）及其与贬损者比例之比（{level}% Katz 置信区间）。",
    "lp_unmatched": "无法关联的行已列入输出文件夹各部分的 unmatched.csv：{parts}。", "lp_unmatched_part": "{part} {n} 行",
    "lp_part_cadence": "调查频率", "lp_part_panel": "追踪波次", "lp_part_referrals": "推荐",
    "s_trust": "评分可信吗？",
    "s_fix": "该修什么：现在与以后", "s_expect": "客户期望什么",
    "fx_now": "现在", "fx_later": "以后", "fx_none": "未计划", "fx_nobody": "尚无负责人",
    "fx_horizon": "时间", "fx_owner": "负责人", "fx_example": "典型抱怨", "fx_gain": "解决后 NPS 增益",
    "fx_caption": "贬损者的抱怨，按可解决的时间（codebook 的 horizon）和负责人分组，按该主题抱怨全部解决后 NPS 的增益排序"
                  "（{level}% bootstrap 置信区间）。",
    "fx_note": "还没有主题设置时间或负责人：在 codebook.yaml 中设置，或用 textmine codebook set 主题 --horizon now "
               "--owner 物流部，然后用 --codebook 重新分析。",
    "fx_empty": "没有贬损者抱怨任何主题。",
    "x_of": "{n} 人中 {k} 人",
    "x_note": "各主题中提出要求的受访者（希望、建议、要是…就好了……），附占比的 {level}% Wilson 置信区间和客户原话（已脱敏）。",
    "x_empty": "没有回答对任何主题提出要求。",
    "tr_overall": "在有褒贬内容的推荐者和贬损者中，{rate} 的回答与其评分相反（{level}%置信区间 {lo}–{hi}；{n} 人中 {k} 人）："
                  "{prom} 名推荐者只有抱怨，{det} 名贬损者只有称赞。",
    "tr_chart": "按{seg}的评分与文本不一致率（{level}%置信区间）", "tr_rate": "不一致率", "tr_rest": "其余",
    "tr_10": "10 分占比", "tr_heap": "0/5/10 分堆积", "tr_review": "需复核", "tr_judged": "有褒贬人数",
    "tr_caption": "每个取值与调查其余部分比较：单侧 Fisher 精确检验，所有取值的所有检验一起经 Benjamini–Hochberg 校正。"
                  "灰色：样本量太小，未检验。",
    "tr_note": "不一致指推荐者（9–10 分）的提及全是抱怨，或贬损者（0–6 分）的提及全是称赞。被引导或代填的评分会同时抬高"
               "不一致率和 10 分占比；只因 10 分占比被标记的取值也可能只是更受欢迎：请阅读其回答。",
    "tr_none": "未指定细分列，因此没有取值与其余部分比较（命令行：--segment 列名）。",
    "p_title": "各时期 NPS 及其 {level}% 区间", "p_note": "与上一时期相比的变化，z 检验，经 Benjamini–Hochberg 校正。"
    "灰色底纹的时期只被调查日期部分覆盖。",
    "th_caption": "只要回答中任一分句属于某主题，该受访者即计入该主题。", "th_name": "主题", "th_parent": "类别",
    "th_keywords": "关键词", "th_prom": "占推荐者", "th_det": "占贬损者", "th_mean": "平均分",
    "th_typical": "典型分句：", "th_complaints": "抱怨：",
    "dr_theme": "主题", "dr_search": "搜索回答", "dr_polarity": "情感", "dr_any": "全部",
    "dr_prev": "‹ 上一页", "dr_next": "下一页 ›", "dr_page": "第 {page} / {pages} 页 · 共 {n} 条回答",
    "dr_note": "该主题下的每一条回答（高亮为相关分句），已遮盖电话号码、邮箱和证件号。",
    "dr_capped": "本次调查共有 {n} 条回答：下钻只保留每个主题最贴近的 {top} 条；全部回答见 respondents.csv 和 mentions.csv。",
    "dr_none": "没有匹配的回答。",
    "acc_line": "每一行输入都有着落：读入 {read} 行 = 分析 {resp} 行 + 剔除 {rej} 行。",
    "acc_none": "无", "settings": "设置",
    "set_source": "输入文件", "set_encoder": "文本编码器", "set_period": "时期", "set_level": "置信水平",
    "set_min_n": "最低样本量", "set_boot": "自助法重抽样次数", "set_seed": "随机种子", "set_themes": "主题方法",
    "set_max_themes": "主题数上限", "set_segments": "细分列", "set_codebook": "编码表", "set_model": "分类器",
    "set_weight": "权重列", "set_chunks": "分块数",
    "lang_zh": "中文", "lang_en": "English",
}

_TABLES = {"en": _EN, "zh": _ZH}
assert set(_EN) == set(_ZH), sorted(set(_EN) ^ set(_ZH))


#: why a row was rejected (``read_survey``'s reasons), for a Chinese page; an unknown reason is shown as it is
_REASONS_ZH = {"missing score": "缺少评分", "out of range 0-10": "评分超出 0–10 范围", "unparseable score": "评分无法识别",
               "non-integer score": "评分不是整数", "missing weight": "缺少权重", "weight is not a number": "权重不是数字",
               "negative weight": "权重为负数", "weight is not finite": "权重不是有限数"}


def reject_reason(reason: str, lang: str) -> str:
    """A reject reason in the page's language."""
    return _REASONS_ZH.get(str(reason), str(reason)) if lang == "zh" else str(reason)


def strings(lang: str) -> dict:
    """The report's words in ``lang`` (zh or en)."""
    if lang not in _TABLES:
        raise ConfigError(f"lang={lang!r} is not a report language; choose one of {', '.join(LANGS)}")
    return _TABLES[lang]


def report_language(a, accounting: dict | None = None) -> str:
    """``a.settings["lang"]`` when given, else English when most answers with words are English, else Chinese."""
    lang = (a.settings or {}).get("lang")
    if lang:
        strings(lang)
        return lang
    acc = a.accounting if accounting is None else accounting
    langs = {k: v for k, v in acc.get("languages", {}).items() if k}
    return "en" if langs and langs.get("en", 0) > sum(langs.values()) / 2 else "zh"


def html_lang(lang: str) -> str:
    """The page's ``lang`` attribute."""
    return "zh-CN" if lang == "zh" else "en"
