"""A theme's owner and horizon (textmine/themes/_theme.py): edited through the Codebook, saved in codebook.yaml and
read back; older codebooks without them still load; a horizon outside now/later/none is refused by name."""

import pytest

from textmine.errors import ConfigError
from textmine.themes import HORIZONS, Codebook, Theme


def _book():
    return Codebook([Theme(id="T01", name="物流"), Theme(id="T02", name="客服"), Theme(id="T03", name="客服")])


def test_owner_and_horizon_round_trip_and_default_to_unset(tmp_path):
    cb = _book().set("T01", owner="物流部", horizon="now").set("T02", horizon="Later ")
    path = cb.save(tmp_path / "codebook.yaml")
    back = Codebook.load(path)
    assert [(t.owner, t.horizon) for t in back] == [("物流部", "now"), ("", "later"), ("", "none")]
    assert "owner: 物流部" in path.read_text(encoding="utf-8")
    assert back.to_frame()[["theme", "owner", "horizon"]].values.tolist() == [
        ["T01", "物流部", "now"], ["T02", "", "later"], ["T03", "", "none"]]
    assert HORIZONS == ("now", "later", "none")


def test_a_codebook_without_the_fields_loads(tmp_path):
    path = tmp_path / "old.yaml"
    path.write_text("textmine_codebook: 1\nthemes:\n- id: T01\n  name: 物流\n- id: T02\n  name: 价格\n  horizon:\n",
                    encoding="utf-8")
    assert [(t.owner, t.horizon) for t in Codebook.load(path)] == [("", "none"), ("", "none")]


def test_an_unknown_horizon_is_refused_naming_the_allowed_values(tmp_path):
    with pytest.raises(ConfigError, match=r"theme 'T01': horizon 'soon' is not allowed; expected one of now, later, "
                                          r"none"):
        _book().set("T01", horizon="soon")
    path = tmp_path / "bad.yaml"
    path.write_text("themes:\n- id: T01\n  name: 物流\n  horizon: asap\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"codebook 'bad.yaml': theme 'T01': horizon 'asap' is not allowed"):
        Codebook.load(path)


def test_set_finds_a_theme_by_id_or_unique_name_and_keeps_what_is_not_given():
    cb = _book().set("物流", owner="物流部", horizon="later").set("T01", owner=" 仓储部 ")
    assert (cb["T01"].owner, cb["T01"].horizon) == ("仓储部", "later")
    with pytest.raises(ConfigError, match=r"2 themes are named '客服' \(T02, T03\); give its id instead"):
        cb.set("客服", owner="客服部")
    with pytest.raises(ConfigError, match="no theme with id 'T09'"):
        cb.set("T09", owner="x")
