"""Config files, profiles and windows: found in the documented order, checked key by key."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from briefgen.config import Window, find_config, load_config, window_for
from briefgen.userdirs import home
from briefgen.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


WEEKLY = """
[profiles.weekly]
inputs = ["inbox", "more/*.html"]
window = "last-week"
template = "analyst"
formats = ["pdf", "docx"]
output = "out/{profile}-{iso_week}.{ext}"
title = "Sahel weekly"
"""


# -- finding the file ---------------------------------------------------------------------------

def test_home_follows_briefgen_home(briefgen_home):
    assert home() == briefgen_home


def test_find_config_prefers_explicit_then_cwd_then_home(tmp_path, briefgen_home):
    cwd = tmp_path / "work"
    cwd.mkdir()
    with pytest.raises(ConfigError, match="no config file"):
        find_config(None, cwd)
    in_home = write(briefgen_home / "config.toml", WEEKLY)
    assert find_config(None, cwd) == in_home.resolve()
    in_cwd = write(cwd / "briefgen.toml", WEEKLY)
    assert find_config(None, cwd) == in_cwd.resolve()
    explicit = write(tmp_path / "elsewhere" / "team.toml", WEEKLY)
    assert find_config(explicit, cwd) == explicit.resolve()


def test_explicit_config_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(ConfigError) as caught:
        find_config(tmp_path / "missing.toml", tmp_path)
    assert "missing.toml" in str(caught.value)


# -- reading profiles ---------------------------------------------------------------------------

def test_profile_paths_are_relative_to_the_config_file(tmp_path):
    config = load_config(write(tmp_path / "team" / "briefgen.toml", WEEKLY))
    profile = config.profile("weekly")
    folder = (tmp_path / "team").resolve()
    assert profile.inputs == (str(folder / "inbox"), str(folder / "more/*.html"))
    assert profile.formats == ("pdf", "docx")
    assert profile.title == "Sahel weekly"
    assert profile.template == "analyst"
    window = Window(date(2023, 2, 6), date(2023, 2, 12))
    generated = datetime(2023, 2, 13, tzinfo=timezone.utc)
    assert profile.output_path("pdf", window, generated) == folder / "out/weekly-2023-W06.pdf"
    assert profile.store_path() == folder / "out" / ".briefgen-store.sqlite"


def test_defaults_and_optional_keys(tmp_path):
    (tmp_path / "custom-template").mkdir()
    config = load_config(write(tmp_path / "briefgen.toml", """
[profiles.daily]
inputs = "feeds"
window = { start = 2023-02-01, end = "2023-02-08" }
template = "custom-template"
template_dirs = ["templates"]
store = "state/briefs.sqlite"
model = "en_core_web_sm"
strict = true
"""))
    profile = config.profile("daily")
    folder = tmp_path.resolve()
    assert profile.inputs == (str(folder / "feeds"),)
    assert profile.window_for(date(2030, 1, 1)) == (date(2023, 2, 1), date(2023, 2, 8))
    assert profile.template == str(folder / "custom-template")   # exists beside: a path
    assert profile.template_dirs == (folder / "templates",)
    assert profile.store_path() == folder / "state/briefs.sqlite"
    assert profile.strict is True and profile.model == "en_core_web_sm"
    assert profile.formats == ("pdf",)
    options = profile.options(Window(date(2023, 2, 1), date(2023, 2, 8)),
                              datetime(2023, 2, 9, tzinfo=timezone.utc))
    assert (options.since, options.until, options.strict) == (date(2023, 2, 1),
                                                              date(2023, 2, 8), True)


def test_store_goes_home_when_the_output_folder_varies(tmp_path, briefgen_home):
    config = load_config(write(tmp_path / "briefgen.toml", """
[profiles.w]
inputs = ["inbox"]
output = "out/{iso_week}/brief.{ext}"
"""))
    assert config.profile("w").store_path() == briefgen_home / "store.sqlite"


@pytest.mark.parametrize("body, names", [
    ('[profiles.w]\ninputs = ["a"]\nwindwo = "7d"\n', ["profiles.w.windwo"]),
    ('[profile.w]\ninputs = ["a"]\n', ["'profile'"]),
    ('[profiles.w]\ninputs = ["a"]\nwindow = "fortnight"\n', ["profiles.w.window", "fortnight"]),
    ('[profiles.w]\ninputs = ["a"]\nwindow = { start = 2023-02-08, end = 2023-02-01 }\n',
     ["profiles.w.window", "after its end"]),
    ('[profiles.w]\ninputs = ["a"]\nwindow = { start = 2023-02-08 }\n', ["profiles.w.window"]),
    ('[profiles.w]\ninputs = ["a"]\nformats = ["pdf", "odt"]\n', ["profiles.w.formats", "odt"]),
    ('[profiles.w]\ninputs = ["a"]\noutput = "out/{profile}-{week}.{ext}"\n',
     ["profiles.w.output", "{week}"]),
    ('[profiles.w]\ninputs = ["a"]\nformats = ["pdf", "md"]\noutput = "out/brief.pdf"\n',
     ["profiles.w.output", "{ext}"]),
    ('[profiles.w]\nwindow = "7d"\n', ["profiles.w.inputs"]),
    ('[profiles.w]\ninputs = []\n', ["profiles.w.inputs"]),
    ('[profiles.w]\ninputs = ["a"]\nstrict = "yes"\n', ["profiles.w.strict"]),
    ('[profiles."bad name"]\ninputs = ["a"]\n', ["profiles.bad name"]),
    ('[profiles.w\ninputs = ["a"]\n', ["not valid TOML"]),
])
def test_mistakes_name_the_file_and_the_key(tmp_path, body, names):
    path = write(tmp_path / "briefgen.toml", body)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path.resolve()))
    for name in names:
        assert name in message


def test_unknown_profile_lists_the_known_ones(tmp_path):
    config = load_config(write(tmp_path / "briefgen.toml", WEEKLY))
    with pytest.raises(ConfigError, match=r"no profile 'monthly' \(profiles: weekly\)"):
        config.profile("monthly")


def test_overrides_are_checked_like_the_file(tmp_path):
    profile = load_config(write(tmp_path / "briefgen.toml", WEEKLY)).profile("weekly")
    changed = profile.with_overrides(formats=("MD", "json"), output="/x/{start}_{end}.{ext}")
    assert changed.formats == ("md", "json")
    window = Window(date(2023, 2, 6), date(2023, 2, 12))
    assert changed.output_path("json", window, datetime(2023, 2, 13)) == \
        Path("/x/2023-02-06_2023-02-12.json")
    with pytest.raises(ConfigError, match="unknown format 'odt'"):
        profile.with_overrides(formats=("odt",))
    with pytest.raises(ConfigError, match="{ext}"):
        profile.with_overrides(output="/x/brief.pdf")           # two formats, one name
    with pytest.raises(ConfigError, match="unknown profile setting"):
        profile.with_overrides(colour="red")


# -- windows ------------------------------------------------------------------------------------

@pytest.mark.parametrize("today, expected", [
    (date(2023, 2, 13), (date(2023, 2, 6), date(2023, 2, 12))),   # Monday: the week just over
    (date(2023, 2, 19), (date(2023, 2, 6), date(2023, 2, 12))),   # Sunday: still that week
    (date(2023, 2, 20), (date(2023, 2, 13), date(2023, 2, 19))),  # next Monday moves on
    (date(2021, 1, 4), (date(2020, 12, 28), date(2021, 1, 3))),   # ISO week 53 across new year
])
def test_last_week_is_the_previous_iso_week(today, expected):
    assert window_for("last-week", today) == expected


def test_iso_week_label_at_year_boundaries():
    assert window_for("last-week", date(2021, 1, 4)).iso_week == "2020-W53"
    assert window_for("last-week", date(2019, 12, 31)).iso_week == "2019-W52"
    assert window_for("this-week", date(2019, 12, 31)).iso_week == "2020-W01"


def test_this_week_and_days():
    wednesday = datetime(2023, 2, 8, 15, 30)
    assert window_for("this-week", wednesday) == (date(2023, 2, 6), date(2023, 2, 12))
    assert window_for("7d", wednesday) == (date(2023, 2, 1), date(2023, 2, 7))
    assert window_for(" 1D ", wednesday) == (date(2023, 2, 7), date(2023, 2, 7))
    assert window_for("7d", date(2023, 2, 13)) == window_for("last-week", date(2023, 2, 13))


@pytest.mark.parametrize("spec", ["0d", "-3d", "week", "", 7,
                                  {"start": "2023-02-30", "end": "2023-03-01"}])
def test_bad_windows(spec):
    with pytest.raises(ConfigError):
        window_for(spec, date(2023, 2, 13))


def test_a_window_closes_at_midnight_utc_after_its_end():
    window = window_for("last-week", date(2023, 2, 15))
    assert window.closes_at() == datetime(2023, 2, 13, tzinfo=timezone.utc)
    assert str(window) == "2023-02-06..2023-02-12"
