"""The review app's JSON API and pages, through Starlette's TestClient, on a real analyze output folder."""

import json

import pandas as pd
import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from textmine.classify import read_labels  # noqa: E402
from textmine.errors import ConfigError, InputError  # noqa: E402
from textmine.review import ReviewStore, create_app, replay_log  # noqa: E402
from textmine.themes import Codebook, Theme  # noqa: E402

from _review_survey import XSS  # noqa: E402


class Api:
    def __init__(self, out):
        self.out = out
        self.c = TestClient(create_app(out))
        self.token = self.c.get("/api/session").json()["csrf"]

    @property
    def version(self):
        return self.c.get("/api/themes").json()["version"]

    def post(self, url, body=None, *, version=True, who="tester"):
        body = dict(body or {})
        if version and "version" not in body:
            body["version"] = self.version
        return self.c.post(url, json=body, headers={"X-CSRF-Token": self.token, "X-Reviewer": who})

    def themes(self):
        return {t["id"]: t for t in self.c.get("/api/themes").json()["themes"]}


@pytest.fixture
def api(fresh_out):
    return Api(fresh_out)


def _codebook(out):
    return Codebook.load(out / "codebook.yaml")


def _log(out):
    return [json.loads(x) for x in (out / "review_log.jsonl").read_text(encoding="utf-8").splitlines()]


def test_themes_have_counts_shares_polarity_and_trend(api):
    data = api.c.get("/api/themes").json()
    cb = _codebook(api.out)
    assert [t["id"] for t in data["themes"]] == cb.ids
    assert data["months"] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    m = pd.read_csv(api.out / "mentions.csv", dtype=str)
    for t in data["themes"]:
        mine = m[m["theme"] == t["id"]]
        assert t["n"] == mine["respondent_id"].nunique()
        assert t["share"] == pytest.approx(t["n"] / 300)
        assert t["n_positive"] == mine.loc[mine["polarity"] == "positive", "respondent_id"].nunique()
        assert t["n_negative"] == mine.loc[mine["polarity"] == "negative", "respondent_id"].nunique()
        assert sum(t["trend"]) == t["n"] and len(t["trend"]) == 4
        assert t["parent"] == cb[t["id"]].parent


def test_answers_are_paged_searchable_and_highlight_the_clause(api):
    tid = max(api.themes().values(), key=lambda t: t["n"])["id"]
    first = api.c.get(f"/api/themes/{tid}/answers").json()
    assert first["total"] == api.themes()[tid]["n"] and first["pages"] == -(-first["total"] // 20)
    assert len(first["answers"]) == 20
    last = api.c.get(f"/api/themes/{tid}/answers?page={first['pages']}").json()
    assert len(last["answers"]) == first["total"] - 20 * (first["pages"] - 1)
    seen = {a["respondent_id"] for p in range(1, first["pages"] + 1)
            for a in api.c.get(f"/api/themes/{tid}/answers?page={p}").json()["answers"]}
    assert len(seen) == first["total"]
    for a in first["answers"]:
        assert a["before"] + a["clause"] + a["after"] == a["text"] and a["clause"]
        assert a["segments"].keys() == {"channel"} and 0 <= a["score"] <= 10
    word = first["answers"][0]["clause"][:2]
    hits = api.c.get(f"/api/themes/{tid}/answers", params={"q": word}).json()
    assert 0 < hits["total"] <= first["total"]
    assert all(word in a["text"] for a in hits["answers"])
    assert api.c.get(f"/api/themes/{tid}/answers", params={"q": "不存在的词组"}).json()["total"] == 0
    assert api.c.get("/api/themes/T99/answers").status_code == 404


def test_pages_render_hostile_answers_as_text(api):
    rid = "R007"
    mine = pd.read_csv(api.out / "mentions.csv", dtype=str)
    tid = mine.loc[(mine["respondent_id"] == rid) & (mine["theme"] != "NC"), "theme"].iloc[0]
    api.post(f"/api/themes/{tid}/rename", {"name": "<b onmouseover=alert(1)>名</b>"})
    html = api.c.get(f"/?theme={tid}", params={"q": "客服态度很好"}).text
    html += api.c.get("/?page=1", params={"theme": tid, "q": "pwned"}).text
    assert "<script>window.__pwned" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;b onmouseover=alert(1)&gt;" in html
    label = api.c.get("/label").text
    assert "<script>window.__pwned" not in label
    assert api.c.get("/").headers["content-security-policy"].startswith("default-src 'self'")


def test_writes_need_the_csrf_token_of_the_session(api):
    tid = api.c.get("/api/themes").json()["themes"][0]["id"]
    before = (api.out / "codebook.yaml").read_bytes()
    body = {"name": "新名", "version": api.version}
    assert api.c.post(f"/api/themes/{tid}/rename", json=body).status_code == 403
    r = api.c.post(f"/api/themes/{tid}/rename", json=body, headers={"X-CSRF-Token": "0" * 64})
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    other = TestClient(api.c.app)  # another session: its own cookie, so this token is not its token
    assert other.post(f"/api/themes/{tid}/rename", json=body, headers={"X-CSRF-Token": api.token}).status_code == 403
    assert (api.out / "codebook.yaml").read_bytes() == before
    assert not (api.out / "review_log.jsonl").exists()


def test_requests_for_another_host_are_refused(api):
    assert api.c.get("/api/themes", headers={"host": "evil.example"}).status_code == 400


def test_rename_writes_the_codebook_and_the_log(api):
    tid = api.c.get("/api/themes").json()["themes"][0]["id"]
    v0 = api.version
    r = api.post(f"/api/themes/{tid}/rename", {"name": "配送速度"}, who="alice")
    assert r.status_code == 200 and r.json()["version"] != v0
    assert _codebook(api.out)[tid].name == "配送速度"
    (entry,) = _log(api.out)
    assert entry["op"] == "rename" and entry["who"] == "alice" and entry["args"] == {"name": "配送速度", "theme": tid}
    assert entry["base"] == v0 and entry["version"] == r.json()["version"] and entry["at"].endswith("+00:00")
    assert api.post(f"/api/themes/{tid}/rename", {"name": " "}).status_code == 400


def test_a_stale_edit_is_refused_and_loses_nothing(api):
    """Two tabs loaded the same version; the second tab's edit is refused (409), the first one's stays."""
    ids = list(api.themes())
    v0 = api.version
    assert api.post(f"/api/themes/{ids[0]}/rename", {"name": "甲", "version": v0}).status_code == 200
    r = api.post(f"/api/themes/{ids[1]}/rename", {"name": "乙", "version": v0})
    assert r.status_code == 409 and "reload" in r.json()["error"]
    cb = _codebook(api.out)
    assert cb[ids[0]].name == "甲" and cb[ids[1]].name != "乙"
    assert api.post(f"/api/themes/{ids[1]}/rename", {"name": "乙"}).status_code == 200
    assert _codebook(api.out)[ids[1]].name == "乙"
    assert api.post(f"/api/themes/{ids[1]}/rename", {"name": "丙"}, version=False).status_code == 409


def test_merge_counts_both_themes_and_ids_are_never_reused(api):
    th = api.themes()
    a, b = list(th)[:2]
    r = api.post("/api/merge", {"themes": [a, b], "name": "合并"})
    assert r.status_code == 200
    cb = _codebook(api.out)
    assert b not in cb.ids and b in cb.retired_ids and cb[a].name == "合并"
    after = api.themes()[a]
    m = pd.read_csv(api.out / "mentions.csv", dtype=str)
    assert after["n"] == m.loc[m["theme"].isin([a, b]), "respondent_id"].nunique()
    ans = api.c.get(f"/api/themes/{a}/answers").json()
    assert ans["total"] == after["n"]
    new = api.post("/api/themes", {"name": "新主题", "seeds": ["售后"]}).json()["result"]["id"]
    assert new not in (a, b) and new not in cb.retired_ids
    assert api.post("/api/merge", {"themes": [a]}).status_code == 400


def test_split_preview_writes_nothing_and_split_makes_new_themes(api):
    tid = max(api.themes().values(), key=lambda t: t["n"])["id"]
    v0 = api.version
    r = api.post(f"/api/themes/{tid}/split/preview", {"k": 2}, version=False)
    assert r.status_code == 200, r.text
    preview = r.json()["preview"]
    assert len(preview) == 2 and all(p["n"] > 0 and p["name"] for p in preview)
    assert api.version == v0 and not (api.out / "review_log.jsonl").exists()
    r = api.post(f"/api/themes/{tid}/split", {"k": 2})
    new = r.json()["result"]["ids"]
    assert [p["name"] for p in preview] == [_codebook(api.out)[i].name for i in new]
    assert tid not in _codebook(api.out).ids
    assert api.post(f"/api/themes/{new[0]}/split", {"k": 1}).status_code == 400


def test_move_delete_add_and_owner(api):
    ids = list(api.themes())
    assert api.post(f"/api/themes/{ids[0]}/move", {"parent": "服务"}).status_code == 200
    assert api.themes()[ids[0]]["parent"] == "服务"
    assert api.post(f"/api/themes/{ids[1]}/delete").status_code == 200
    assert ids[1] not in api.themes() and ids[1] in _codebook(api.out).retired_ids
    r = api.post("/api/themes", {"name": "售后", "seeds": ["售后", "退货"], "parent": "服务"})
    tid = r.json()["result"]["id"]
    cb = _codebook(api.out)
    assert cb[tid].seeds == ["售后", "退货"] and cb[tid].parent == "服务" and tid in cb.centroids
    assert api.post("/api/themes", {"name": "空", "seeds": []}).status_code == 400
    r = api.post(f"/api/themes/{ids[0]}/owner", {"owner": "运营部", "horizon": "now"})
    if hasattr(Theme("x", "x"), "owner"):
        assert r.status_code == 200 and api.themes()[ids[0]]["owner"] == "运营部"
        assert api.post(f"/api/themes/{ids[0]}/owner", {"horizon": "soon"}).status_code == 400
    else:  # the codebook does not know owners yet: refused, nothing written
        assert r.status_code == 400 and "no 'owner' field" in r.json()["error"]


def test_undo_restores_the_last_change_exactly(api):
    ids = list(api.themes())
    original = (api.out / "codebook.yaml").read_bytes()
    api.post(f"/api/themes/{ids[0]}/rename", {"name": "一"})
    after_rename = (api.out / "codebook.yaml").read_bytes()
    api.post("/api/merge", {"themes": ids[1:3]})
    r = api.post("/api/undo", version=False)
    assert r.json()["undone"]["op"] == "merge"
    assert (api.out / "codebook.yaml").read_bytes() == after_rename
    assert ids[2] in api.themes()
    api.post("/api/undo", version=False)
    assert (api.out / "codebook.yaml").read_bytes() == original
    r = api.post("/api/undo", version=False)
    assert r.status_code == 400 and "nothing to undo" in r.json()["error"]
    assert [e["op"] for e in _log(api.out)] == ["rename", "merge", "undo", "undo"]


def test_the_log_replays_to_the_same_codebook(api):
    ids = list(api.themes())
    api.post(f"/api/themes/{ids[0]}/rename", {"name": "物流体验"})
    api.post("/api/merge", {"themes": [ids[1], ids[2]], "name": "客服"})
    api.post(f"/api/themes/{ids[3]}/move", {"parent": "价格"})
    api.post(f"/api/themes/{ids[3]}/owner", {"owner": "定价组", "horizon": "later"})  # 400 without owners: no line
    api.post("/api/themes", {"name": "售后", "seeds": ["售后"]})
    api.post("/api/undo", version=False)
    api.post(f"/api/themes/{ids[0]}/split", {"k": 2})
    api.post(f"/api/themes/{ids[4]}/delete")
    api.post("/api/themes", {"name": "退款", "seeds": ["退款", "退钱"]})
    replayed, saved = replay_log(api.out), _codebook(api.out)
    assert replayed.to_dict() == saved.to_dict()
    assert sorted(replayed.centroids) == sorted(saved.centroids)
    for k in saved.centroids:
        assert replayed.centroids[k] == pytest.approx(saved.centroids[k], abs=1e-6)
    assert not any(XSS[:10] in line for line in (api.out / "review_log.jsonl").read_text(encoding="utf-8"))


def test_labels_are_saved_in_the_format_train_reads(api):
    ids = list(api.themes())
    r = api.post("/api/labels", {"items": [
        {"respondent_id": "R001", "labels": [{"theme": ids[0], "polarity": "negative"}]},
        {"respondent_id": "R002", "labels": [{"theme": ids[0]}, {"theme": ids[1], "polarity": "positive"}]},
        {"respondent_id": "R003", "labels": []}]}, version=False)
    assert r.json() == {"saved": 3, "n_labelled": 3}
    assert api.post("/api/labels", {"respondent_id": "R001", "labels": [{"theme": ids[1]}]},
                    version=False).json()["n_labelled"] == 3  # relabelling replaces
    ls = read_labels(api.out / "labels.csv", codebook=_codebook(api.out), keep_empty=True)
    assert len(ls) == 3
    text2 = pd.read_csv(api.out / "respondents.csv", dtype=str).set_index("respondent_id").loc["R002", "text"]
    row = ls.texts.index(text2)
    assert [ls.labels[j] for j in ls.Y[row].nonzero()[0]] == sorted([ids[0], ids[1]], key=ls.labels.index)
    bad = api.post("/api/labels", {"items": [{"respondent_id": "R004", "labels": [{"theme": ids[0]}]},
                                             {"respondent_id": "R005", "labels": [{"theme": "T99"}]}]},
                   version=False)
    assert bad.status_code == 400 and "T99" in bad.json()["error"]
    assert "R004" not in set(pd.read_csv(api.out / "labels.csv", dtype=str)["respondent_id"])
    assert api.post("/api/labels", {"respondent_id": "NOPE", "labels": []}, version=False).status_code == 404
    api.post("/api/undo", version=False)  # undoes the relabelling of R001
    cells = pd.read_csv(api.out / "labels.csv", dtype=str, keep_default_na=False).set_index("respondent_id")
    assert cells.loc["R001", "labels"] == f"{ids[0]}#-1"


def test_queue_then_train_two_versions_compared_on_the_same_rows(api):
    q = api.c.get("/api/queue").json()
    assert q["source"] == "borderline" and len(q["items"]) == 20
    sims = [it["confidence"] for it in q["items"]]
    assert sims == sorted(sims)
    r = pd.read_csv(api.out / "respondents.csv", dtype=str, keep_default_na=False)
    ids = set(api.themes())
    items = [{"respondent_id": x.respondent_id, "labels": [{"theme": t} for t in x.themes.split(";") if t in ids]}
             for x in r.itertuples() if x.text]
    api.post("/api/labels", {"items": items[:100]}, version=False)
    first = api.post("/api/train", version=False).json()
    assert first["model_version"] == "v1" and first["base"] is None
    api.post("/api/labels", {"items": items[100:200]}, version=False)
    second = api.post("/api/train", version=False).json()
    assert second["model_version"] == "v2" and second["base"].endswith("v1")
    comp = pd.DataFrame(second["comparison"])
    assert {"f1_new", "f1_base", "delta"} <= set(comp.columns) and {"micro", "macro"} <= set(comp["label"])
    assert (api.out / "models" / "review" / "v2" / "manifest.json").exists()
    assert [e["op"] for e in _log(api.out) if e["op"] == "train"] == ["train", "train"]
    q2 = api.c.get("/api/queue").json()
    assert q2["source"] == "model" and not {it["respondent_id"] for it in q2["items"]} & {
        it["respondent_id"] for it in items[:200]}


def test_train_with_too_few_labels_says_so(api):
    api.post("/api/labels", {"respondent_id": "R001", "labels": []}, version=False)
    r = api.post("/api/train", version=False)
    assert r.status_code == 400 and "label more answers" in r.json()["error"]


def test_store_refuses_an_unknown_edit_and_a_folder_without_outputs(fresh_out, tmp_path):
    store = ReviewStore(fresh_out)
    with pytest.raises(ConfigError, match="unknown edit 'explode'"):
        store.edit("explode", {}, base=store.version)

    with pytest.raises(InputError, match="mentions.csv, respondents.csv missing"):
        (tmp_path / "x").mkdir()
        (tmp_path / "x" / "codebook.yaml").write_text("themes: []\n")
        ReviewStore(tmp_path / "x")


def test_two_tabs_editing_at_once_never_lose_an_edit(api):
    """Eight concurrent renames based on the same version: one is written, the other seven are refused (409),
    and the codebook holds exactly the one that was accepted."""
    from concurrent.futures import ThreadPoolExecutor

    tid = next(iter(api.themes()))
    v0 = api.version

    def rename(i):
        r = api.post(f"/api/themes/{tid}/rename", {"name": f"名{i}", "version": v0})
        return i, r.status_code

    with ThreadPoolExecutor(8) as pool:
        codes = dict(pool.map(rename, range(8)))
    ok = [i for i, c in codes.items() if c == 200]
    assert len(ok) == 1 and sorted(codes.values()) == [200] + [409] * 7
    assert _codebook(api.out)[tid].name == f"名{ok[0]}"
    assert len(_log(api.out)) == 1


def test_a_page_whose_model_cannot_load_says_why(fresh_out, tmp_path):
    with pytest.raises(InputError, match="model folder not found"):
        create_app(fresh_out, model=tmp_path / "nope")
    broken = tmp_path / "models" / "m"
    (broken / "v1").mkdir(parents=True)
    (broken / "v1" / "manifest.json").write_text("{}")
    c = TestClient(create_app(fresh_out, model=broken))
    r = c.get("/label")
    assert r.status_code == 400 and 'id="error"' in r.text and "Traceback" not in r.text
    assert c.get("/api/queue").status_code == 400
