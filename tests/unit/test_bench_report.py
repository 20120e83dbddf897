"""`make bench` rewrites docs/benchmarks.md but keeps the parts other benchmarks wrote."""

from __future__ import annotations

from bench import run


def test_marked_parts_survive_a_rewrite(tmp_path, monkeypatch):
    report = tmp_path / "benchmarks.md"
    report.write_text(
        "# Benchmarks\n\n## Pages\n\nold figures\n\n"
        "<!-- grading quality -->\n## Grading quality\n\nkappa 0.9\n<!-- /grading quality -->\n\n"
        "<!-- growth -->\n## Growth with data\n\n100k learners\n<!-- /growth -->\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(run, "REPORT", report)
    kept = run._marked_blocks()
    assert "kappa 0.9" in kept and "100k learners" in kept
    assert "old figures" not in kept
    rest = run._without_marked(report.read_text(encoding="utf-8"))
    assert "old figures" in rest and "kappa" not in rest and "100k" not in rest
