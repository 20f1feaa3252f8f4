"""Scheduled runs: windows over a growing folder, the store as cache, what changed, lock, cron.

A team folder in tmp_path holds a briefgen.toml and an inbox; the clock is fixed with `now`.
The dated seed says 2023-02-08 (ISO week 2023-W06); the undated one is placed by its file time
(the profile asks for `undated = "file-date"`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from copy import deepcopy
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import cli_schedule, schedule
from briefgen.config import load_config
from briefgen.errors import LockedError, NoDocumentsError
from briefgen.schedule import compute_changes, has_changes, profile_lock, run_profile
from briefgen.store import open_store

ROOT = Path(__file__).resolve().parent.parent
DATED = ROOT / "seeds" / "000_731d18e115c628d8.txt"       # "date 2023-02-08" in its first line
UNDATED = ROOT / "seeds" / "004_ef0d8318914f61b7.txt"

CONFIG = """
[profiles.weekly]
inputs = ["inbox"]
window = "last-week"
formats = ["md", "json"]
output = "out/{profile}-{iso_week}.{ext}"
title = "Sahel weekly"
undated = "file-date"
"""


def at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def put(folder: Path, source: Path, name: str | None = None, mtime: date | None = None) -> Path:
    """Copy an article into the inbox; `mtime` places it in time when it has no date."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    if mtime is not None:
        stamp = at(mtime, 12).timestamp()
        os.utime(target, (stamp, stamp))
    return target


@pytest.fixture
def team(tmp_path) -> Path:
    (tmp_path / "briefgen.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "inbox").mkdir()
    return tmp_path


def config_of(team: Path):
    return load_config(team / "briefgen.toml")


@pytest.fixture
def extract_calls(monkeypatch) -> list[str]:
    """The ids of the documents the extractors really ran on."""
    import briefgen.extract as extractors

    calls: list[str] = []
    real = extractors.extract_document

    def counting(parsed):
        calls.append(parsed.document.id)
        return real(parsed)

    monkeypatch.setattr(extractors, "extract_document", counting)
    return calls


# -- the pipeline through scheduled runs -----------------------------------------------------

def test_two_successive_weeks_and_what_changed(team):
    put(team / "inbox", DATED)
    put(team / "inbox", UNDATED, mtime=date(2023, 2, 15))          # arrives in week 7

    first = run_profile(config_of(team), "weekly", now=at(date(2023, 2, 13)))
    assert first.window == (date(2023, 2, 6), date(2023, 2, 12))
    assert [d.id for d in first.brief.documents] == [DATED.name]
    assert first.brief.changes is None and first.previous is None
    assert first.brief.generated_at.startswith("2023-02-13T00:00:00")
    assert first.outputs == [team / "out/weekly-2023-W06.md", team / "out/weekly-2023-W06.json"]
    assert "New since the last brief" not in first.outputs[0].read_text(encoding="utf-8")

    second = run_profile(config_of(team), "weekly", now=at(date(2023, 2, 20)))
    assert [d.id for d in second.brief.documents] == [UNDATED.name]
    assert second.brief.undated_documents == [UNDATED.name]
    assert second.previous.start == date(2023, 2, 6)
    data = json.loads((team / "out/weekly-2023-W07.json").read_text(encoding="utf-8"))
    changes = data["changes"]
    assert changes["previous"]["period"] == {"start": "2023-02-06", "end": "2023-02-12"}
    assert has_changes(changes) and changes["new_actors"] and changes["raised_questions"]
    week6 = json.loads((team / "out/weekly-2023-W06.json").read_text(encoding="utf-8"))
    seen = {n for a in week6["actors"] for n in (a["name"], *a["aliases"])}
    for actor in changes["new_actors"]:
        assert actor["name"] not in seen and not set(actor["aliases"]) & seen
    for quote in changes["new_quotes"]:
        assert quote["text"] not in {q["text"] for q in week6["quotes"]}
        assert quote["sources"][0]["document"] == UNDATED.name
    markdown = (team / "out/weekly-2023-W07.md").read_text(encoding="utf-8")
    assert "## New since the last brief" in markdown
    assert changes["new_actors"][0]["name"] in markdown.split("## New since the last brief")[1]

    records = schedule.history(config_of(team), "weekly")
    assert [(r.start, r.documents) for r in records] == [(date(2023, 2, 6), 1),
                                                         (date(2023, 2, 13), 1)]
    assert records[1].outputs == [str(p) for p in second.outputs]


def test_a_rerun_of_the_same_week_parses_nothing_and_writes_the_same_bytes(team, extract_calls,
                                                                            monkeypatch):
    put(team / "inbox", DATED)
    put(team / "inbox", UNDATED, mtime=date(2023, 2, 9))
    config = config_of(team)
    overrides = {"formats": ("md", "json", "docx", "pdf")}
    first = run_profile(config, "weekly", now=at(date(2023, 2, 13)), overrides=overrides)
    assert sorted(extract_calls) == sorted([DATED.name, UNDATED.name])
    before = {p: p.read_bytes() for p in first.outputs}

    import briefgen.nlp as nlp

    def no_parsing(*_args, **_kwargs):
        raise AssertionError("the rerun parsed a document again")

    monkeypatch.setattr(nlp, "parse", no_parsing)
    extract_calls.clear()
    # Another day of the same week, without a fixed time of day: the same window, the same brief.
    again = run_profile(config, "weekly", now=at(date(2023, 2, 17), 18), overrides=overrides)
    assert extract_calls == []
    assert (again.extracted, again.cached) == (0, 2)
    assert again.outputs == first.outputs
    for path, data in before.items():
        assert path.read_bytes() == data, path.name
    assert len(schedule.history(config, "weekly")) == 1


def test_only_a_changed_file_is_parsed_again(team, extract_calls):
    put(team / "inbox", DATED)
    changed = put(team / "inbox", UNDATED, mtime=date(2023, 2, 9))
    run_profile(config_of(team), "weekly", now=at(date(2023, 2, 13)))
    extract_calls.clear()
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text + "\nThe ministry said it would publish a report next week.\n",
                       encoding="utf-8")
    stamp = at(date(2023, 2, 10), 12).timestamp()
    os.utime(changed, (stamp, stamp))
    result = run_profile(config_of(team), "weekly", now=at(date(2023, 2, 13)))
    assert extract_calls == [UNDATED.name]
    assert (result.extracted, result.cached) == (1, 1)
    with open_store(config_of(team).profile("weekly").store_path()) as store:
        assert store.extraction_count() == 3          # both versions of the changed file


def test_a_run_killed_half_way_resumes_without_redoing_committed_work(team, extract_calls,
                                                                      monkeypatch):
    put(team / "inbox", DATED)
    put(team / "inbox", UNDATED, mtime=date(2023, 2, 9))
    import briefgen.extract as extractors

    counting = extractors.extract_document

    def dies_on_the_second(parsed):
        if extract_calls:
            raise KeyboardInterrupt          # what Ctrl-C or a stopping timer delivers
        return counting(parsed)

    monkeypatch.setattr(extractors, "extract_document", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        run_profile(config_of(team), "weekly", now=at(date(2023, 2, 13)))
    assert not (team / "out/weekly-2023-W06.md").exists()
    [done] = extract_calls

    monkeypatch.setattr(extractors, "extract_document", counting)
    extract_calls.clear()
    result = run_profile(config_of(team), "weekly", now=at(date(2023, 2, 13)))
    assert len(extract_calls) == 1 and extract_calls[0] != done
    assert (result.extracted, result.cached) == (1, 1)
    assert (team / "out/weekly-2023-W06.md").exists()


def test_if_new_skips_a_week_with_nothing_new(team):
    undated = put(team / "inbox", UNDATED, mtime=date(2023, 2, 15))
    run_profile(config_of(team), "weekly", now=at(date(2023, 2, 20)))          # W07
    stamp = at(date(2023, 2, 22), 12).timestamp()                              # same text, W08
    os.utime(undated, (stamp, stamp))

    skipped = run_profile(config_of(team), "weekly", now=at(date(2023, 2, 27)), if_new=True)
    assert skipped.outputs == [] and "nothing new" in skipped.skipped
    assert not list((team / "out").glob("weekly-2023-W08.*"))
    assert [r.start for r in schedule.history(config_of(team), "weekly")] == [date(2023, 2, 13)]

    empty = run_profile(config_of(team), "weekly", now=at(date(2023, 3, 6)), if_new=True)
    assert "no documents in the window 2023-02-27..2023-03-05" in empty.skipped
    with pytest.raises(NoDocumentsError, match="2023-02-27..2023-03-05"):
        run_profile(config_of(team), "weekly", now=at(date(2023, 3, 6)))

    written = run_profile(config_of(team), "weekly", now=at(date(2023, 2, 27)))  # without if_new
    assert not has_changes(written.brief.changes)
    assert "Nothing new since the last brief" in written.outputs[0].read_text(encoding="utf-8")


def test_the_cli_is_quiet_on_success_and_says_one_line_otherwise(team, monkeypatch):
    put(team / "inbox", DATED)
    monkeypatch.chdir(team)
    runner = CliRunner()
    ok = runner.invoke(cli_schedule.run, ["weekly", "--now", "2023-02-13T07:00:00Z"],
                       catch_exceptions=False)
    assert ok.exit_code == 0 and ok.output == ""
    assert (team / "out/weekly-2023-W06.md").exists()

    verbose = runner.invoke(cli_schedule.run, ["weekly", "--now", "2023-02-13", "-v", "--format",
                                               "json", "--output", "elsewhere/{start}.{ext}",
                                               "--store", "state.sqlite"], catch_exceptions=False)
    assert verbose.exit_code == 0
    assert "1 extracted, 0 from the store" in verbose.stderr        # --store: a new store
    assert "wrote elsewhere/2023-02-06.json" in verbose.stderr
    assert (team / "state.sqlite").exists()

    skip = runner.invoke(cli_schedule.run, ["weekly", "--now", "2023-02-13", "--if-new"],
                         catch_exceptions=False)
    assert skip.exit_code == 0   # the first brief of the profile is new: written, quietly
    empty = runner.invoke(cli_schedule.run, ["weekly", "--now", "2023-03-06", "--if-new"],
                          catch_exceptions=False)
    assert empty.exit_code == 0 and len(empty.stdout.splitlines()) == 1
    assert "no documents in the window" in empty.stdout

    none = runner.invoke(cli_schedule.run, ["weekly", "--now", "2023-03-06"],
                         catch_exceptions=False)
    assert none.exit_code == 3 and len(none.stderr.splitlines()) == 1

    history = runner.invoke(cli_schedule.history, ["weekly"], catch_exceptions=False)
    assert history.exit_code == 0
    assert history.stdout.startswith("2023-W06  2023-02-06..2023-02-12  1 document  generated "
                                     "2023-02-13T00:00:00")
    assert "out/weekly-2023-W06.md, out/weekly-2023-W06.json" in history.stdout


# -- what changed, without the pipeline ------------------------------------------------------

def test_compute_changes_between_two_briefs(sample_brief):
    previous = sample_brief.to_dict()
    assert not has_changes(compute_changes(previous, deepcopy(previous)))

    current = deepcopy(previous)
    current["actors"].append({"name": "Abdoulaye Diop", "type": "person",
                              "roles": ["Foreign Minister"], "aliases": ["Diop"], "mentions": 2,
                              "documents": ["d3"], "salience": 0.5})
    current["actors"][0]["aliases"] = ["Lavrov"]            # still known by its name
    current["quotes"][0]["text"] += "."                     # reworded slightly: not new
    current["quotes"].append({"text": "Talks will resume next month", "kind": "direct",
                              "speaker": "Abdoulaye Diop", "speaker_role": None, "cue": "said",
                              "sources": [{"document": "d3", "paragraph": 1, "sentence": 1,
                                           "text": "..."}]})
    current["figures"][0]["low"] = 350                      # killed in Moura: 300 -> 350
    current["figures"].append({**current["figures"][1], "category": "displaced", "low": 2000,
                               "place": "Mopti", "claimed_by": None})
    current["open_questions"] = [
        {"question": "Sergei Lavrov would not say how many instructors remain.",
         "kind": "withheld", "evidence": []}]

    changes = compute_changes(previous, current)
    assert [a["name"] for a in changes["new_actors"]] == ["Abdoulaye Diop"]
    assert [q["text"] for q in changes["new_quotes"]] == ["Talks will resume next month"]
    assert [(f["category"], f["place"]) for f in changes["new_figures"]] == [("displaced", "Mopti")]
    [changed] = changes["changed_figures"]
    assert (changed["before"]["low"], changed["after"]["low"]) == (300, 350)
    assert [q["kind"] for q in changes["raised_questions"]] == ["withheld"]
    # The conflicting-figures question names Lavrov and Mali, both still covered: resolved.
    # The denial names no actor of the brief, so its absence says nothing.
    assert [q["kind"] for q in changes["resolved_questions"]] == ["conflicting_figures"]
    assert changes["previous"]["generated_at"] == sample_brief.generated_at
    assert has_changes(changes)


# -- the lock --------------------------------------------------------------------------------

def test_a_held_lock_stops_a_second_run_before_it_reads_anything(team):
    config = config_of(team)            # its inbox is empty: reading would fail differently
    store = config.profile("weekly").store_path()
    with profile_lock(store, "weekly"):
        held = rf"profile 'weekly' is in progress \(pid {os.getpid()}\)"
        with pytest.raises(LockedError, match=held):
            run_profile(config, "weekly", now=at(date(2023, 2, 13)))
        with profile_lock(store, "daily"):          # other profiles are not held up
            pass
    with pytest.raises(NoDocumentsError):           # released: the run gets as far as reading
        run_profile(config, "weekly", now=at(date(2023, 2, 13)))


def test_a_lock_held_by_another_process_gives_exit_code_4(team, monkeypatch):
    store = config_of(team).profile("weekly").store_path()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            sys.path.insert(0, {str(ROOT)!r})
            from pathlib import Path
            from briefgen.schedule import profile_lock
            with profile_lock(Path({str(store)!r}), "weekly"):
                print("locked", flush=True)
                sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.chdir(team)
        result = CliRunner().invoke(cli_schedule.run, ["weekly"], catch_exceptions=False)
        assert result.exit_code == 4
        assert result.stderr.strip() == (f"briefgen: error: {store}.weekly.lock: another run of profile "
                                         f"'weekly' is in progress (pid {holder.pid})")
    finally:
        holder.communicate("", timeout=30)
    with profile_lock(store, "weekly"):             # the holder exited: the lock went with it
        pass


# -- history and scheduling lines, without the pipeline --------------------------------------

def test_history_lists_recorded_briefs_and_missing_files(team, sample_brief, monkeypatch):
    monkeypatch.chdir(team)
    runner = CliRunner()
    empty = runner.invoke(cli_schedule.history, ["weekly"], catch_exceptions=False)
    assert empty.exit_code == 0 and "no briefs recorded for profile 'weekly'" in empty.stdout
    assert not config_of(team).profile("weekly").store_path().exists()   # listing created none

    kept = team / "out/weekly-2023-W06.md"
    kept.parent.mkdir()
    kept.write_text("# brief\n", encoding="utf-8")
    with open_store(config_of(team).profile("weekly").store_path()) as store:
        store.record_brief("weekly", date(2023, 2, 6), date(2023, 2, 12), sample_brief,
                           [kept, team / "out/weekly-2023-W06.pdf"])
    listed = runner.invoke(cli_schedule.history, ["weekly"], catch_exceptions=False)
    assert listed.stdout == (f"2023-W06  2023-02-06..2023-02-12  2 documents  generated "
                             f"{sample_brief.generated_at}  out/weekly-2023-W06.md, "
                             "out/weekly-2023-W06.pdf (missing)\n")
    unknown = runner.invoke(cli_schedule.history, ["monthly"], catch_exceptions=False)
    assert unknown.exit_code == 1 and "no profile 'monthly'" in unknown.stderr


def test_cron_line_runs_from_the_config_folder(tmp_path, briefgen_home):
    config = tmp_path / "team 1" / "briefgen.toml"
    line = schedule.cron_line("weekly", "0  7 * *   MON", config, executable="/opt/bg/bin/briefgen")
    assert line == (f"0 7 * * MON cd '{config.parent}' && BRIEFGEN_HOME={briefgen_home} "
                    f"/opt/bg/bin/briefgen run weekly --config '{config}'")
    percent = schedule.cron_line("w", "@weekly", Path("/srv/100%/briefgen.toml"), executable="/b")
    assert r"/srv/100\%/briefgen.toml" in percent and percent.startswith("@weekly cd ")


@pytest.mark.parametrize("cron, calendar", [
    ("0 7 * * MON", "Mon *-*-* 07:00:00"),
    ("30 6 * * 1-5", "Mon,Tue,Wed,Thu,Fri *-*-* 06:30:00"),
    ("0 0 * * 0,7,sat", "Sat,Sun *-*-* 00:00:00"),
    ("*/15 8-18 * * *", "*-*-* 08..18:00/15:00"),
    ("0 9 1,15 jan-mar *", "*-01..03-01,15 09:00:00"),
    ("@daily", "daily"),
])
def test_cron_schedules_become_on_calendar(cron, calendar):
    assert schedule.cron_to_on_calendar(cron) == calendar
    if shutil.which("systemd-analyze"):
        check = subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("cron, reason", [
    ("0 7 * MON", "five fields"),
    ("61 7 * * *", "not a valid minute"),
    ("0 7 * * FUNDAY", "not a valid day of week"),
    ("0 7 5-1 * *", "backwards"),
    ("0 7 * * */0", "bad step"),
    ("@fortnightly", "unknown macro"),
])
def test_bad_cron_schedules_are_refused(cron, reason):
    with pytest.raises(Exception, match=reason):
        schedule.check_cron(cron)


def test_cron_schedules_systemd_cannot_express_are_refused():
    with pytest.raises(Exception, match="either"):
        schedule.cron_to_on_calendar("0 7 1 * MON")
    with pytest.raises(Exception, match="stepped"):
        schedule.cron_to_on_calendar("0 7 * * */2")


def test_systemd_units_pass_systemd_analyze(tmp_path, briefgen_home):
    config = tmp_path / "team folder" / "briefgen.toml"
    text = schedule.systemd_units("weekly", "Mon *-*-* 07:00:00", config,
                                  executable=sys.executable)
    assert f"WorkingDirectory={config.parent}\n" in text
    assert f'ExecStart={sys.executable} run weekly --config "{config}"\n' in text
    assert f"Environment=BRIEFGEN_HOME={briefgen_home}\n" in text
    assert "OnCalendar=Mon *-*-* 07:00:00\n" in text
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    service, timer = text.split("# ~/.config/systemd/user/briefgen-weekly.timer\n")
    (tmp_path / "briefgen-weekly.service").write_text(service, encoding="utf-8")
    (tmp_path / "briefgen-weekly.timer").write_text(timer, encoding="utf-8")
    config.parent.mkdir()
    check = subprocess.run(["systemd-analyze", "verify", "briefgen-weekly.service",
                            "briefgen-weekly.timer"], cwd=tmp_path, capture_output=True,
                           text=True)
    assert check.returncode == 0 and check.stderr == "", check.stderr


def test_schedule_command_prints_and_installs_nothing(team, monkeypatch):
    bin_dir = team / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "briefgen"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(team)
    runner = CliRunner()
    cron = runner.invoke(cli_schedule.schedule, ["weekly", "--cron", "0 7 * * MON"],
                         catch_exceptions=False)
    assert cron.exit_code == 0
    comment, line = cron.stdout.splitlines()
    assert comment.startswith("#")
    assert line.startswith(f"0 7 * * MON cd {team} && ")
    assert line.endswith(f"{fake} run weekly --config {team / 'briefgen.toml'}")
    units = runner.invoke(cli_schedule.schedule, ["weekly", "--cron", "0 7 * * MON", "--systemd"],
                          catch_exceptions=False)
    assert units.exit_code == 0 and "OnCalendar=Mon *-*-* 07:00:00" in units.stdout
    daily = runner.invoke(cli_schedule.schedule, ["weekly", "--cron", "0 7 * * *", "--if-new"],
                          catch_exceptions=False)
    assert daily.stdout.splitlines()[1].endswith("briefgen.toml --if-new")
    bad = runner.invoke(cli_schedule.schedule, ["weekly", "--cron", "every monday"])
    assert bad.exit_code == 2 and "five fields" in bad.output
    unknown = runner.invoke(cli_schedule.schedule, ["daily", "--cron", "0 7 * * MON"])
    assert unknown.exit_code == 1 and "no profile 'daily'" in unknown.output


@pytest.mark.parametrize("command", cli_schedule.COMMANDS, ids=lambda c: c.name)
def test_every_command_has_help(command):
    result = CliRunner().invoke(command, ["--help"], catch_exceptions=False)
    first_line = " ".join(command.help.split())[:50]
    assert result.exit_code == 0 and first_line in " ".join(result.output.split())


def test_if_new_on_an_empty_inbox_writes_nothing_and_succeeds(team):
    skipped = run_profile(config_of(team), "weekly", now=at(date(2023, 2, 20)), if_new=True)
    assert skipped.outputs == [] and "nothing written" in skipped.skipped
    with pytest.raises(NoDocumentsError):
        run_profile(config_of(team), "weekly", now=at(date(2023, 2, 20)))
