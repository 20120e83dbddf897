"""Apps built by the ``app`` fixture compile each template once per test process
(tests/compiled_templates.py), and still render a template whose source changed."""

from __future__ import annotations

import pytest
from jinja2 import Environment


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates compiled during the test."""
    names: list[str] = []
    compile_ = Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    return names


@pytest.mark.parametrize("turn", ["first", "second"])
def test_a_page_rendered_in_an_earlier_test_compiles_no_template_again(
    visitor, lesson, compiled, turn
):
    assert visitor.get(lesson.url).status_code == 200
    if turn == "second":
        assert compiled == []


def test_a_template_whose_source_changed_is_compiled_again(app, tmp_path, compiled):
    from jinja2 import FileSystemLoader

    (tmp_path / "note.html").write_text("one")
    app.jinja_env.loader = FileSystemLoader(tmp_path)
    rendered = []
    for text in ("one", "one", "two"):
        (tmp_path / "note.html").write_text(text)
        app.jinja_env.cache.clear()  # the environment's own cache of loaded templates
        rendered.append(app.jinja_env.get_template("note.html").render())
    assert rendered == ["one", "one", "two"]
    assert compiled == ["note.html", "note.html"]  # not for the second, unchanged "one"
