"""Progress bars: shown on a terminal for long work, silent otherwise, never on stdout."""

import io

from pipeline import config, progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_only_on_a_terminal_without_quiet(monkeypatch):
    monkeypatch.setattr(progress.sys, "stderr", io.StringIO())
    assert not progress.bars_enabled(10_000)  # not a terminal
    monkeypatch.setattr(progress.sys, "stderr", FakeTerminal())
    assert progress.bars_enabled(10_000)
    assert not progress.bars_enabled(progress.MIN_ITEMS - 1)  # too short to be worth a bar
    monkeypatch.setattr(config, "QUIET", True)
    assert not progress.bars_enabled(10_000)


def test_track_yields_everything_and_draws_counts_and_rates(monkeypatch, capsys):
    terminal = FakeTerminal()
    monkeypatch.setattr(progress.sys, "stderr", terminal)
    monkeypatch.setattr(config, "QUIET", False)
    items = list(progress.track(iter(range(500)), 500, "matching", "docs"))
    assert items == list(range(500))
    drawn = terminal.getvalue()
    assert "matching" in drawn and "500/500" in drawn and "docs/s" in drawn
    assert capsys.readouterr().out == ""


def test_verbose_prints_stage_times_on_stderr(monkeypatch, capsys):
    monkeypatch.setattr(config, "VERBOSE", True)
    with progress.stage("parse"):
        pass
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("[parse] ") and " s" in captured.err
