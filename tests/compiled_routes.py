"""URL builders compiled once per test process, not once per test.

Each test builds its own app, and registering its blueprints binds every URL rule to the new
app's map. Binding compiles, for each rule, two small Python functions that build its URLs
(Werkzeug writes their source as an AST and compiles it): for the seventy-odd rules of the app,
that was most of the time ``create_app`` took, in every test. The functions depend only on the
rule's parts, its defaults and its converters' types; they take the rule itself as their first
argument (its converters are looked up on it when a URL is built), so one compiled function
serves the same rule in every app. This memo hands it out; anything it has not seen is compiled
by Werkzeug as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from werkzeug.routing.rules import Rule

COMPILE = Rule._compile_builder


class CompiledBuilders:
    def __init__(self) -> None:
        self.functions: dict[tuple, object] = {}
        self.lock = threading.Lock()

    def key(self, rule: Rule, append_unknown: bool) -> tuple:
        converters = tuple(
            (name, type(converter).__qualname__) for name, converter in rule._converters.items()
        )
        defaults = tuple(sorted((k, repr(v)) for k, v in (rule.defaults or {}).items()))
        return (type(rule), rule.rule, tuple(rule._trace), converters, defaults, append_unknown)

    def compile(self, rule: Rule, append_unknown: bool = True):
        key = self.key(rule, append_unknown)
        with self.lock:
            function = self.functions.get(key)
        if function is None:
            function = COMPILE(rule, append_unknown)
            with self.lock:
                self.functions[key] = function
        return function


@contextmanager
def shared_url_builders() -> Iterator[CompiledBuilders]:
    builders = CompiledBuilders()

    def compile_builder(rule: Rule, append_unknown: bool = True):
        return builders.compile(rule, append_unknown)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Rule, "_compile_builder", compile_builder)
        yield builders
