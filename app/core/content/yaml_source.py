"""YAML loading that remembers on which line every mapping key was written.

Authors need ``file:line`` for a wrong field deep inside front matter or an activity block;
plain ``yaml.safe_load`` forgets positions, so mappings load as :class:`LinedDict`.

Lesson YAML is written by instructors in the browser as well as in files, so what the loader
accepts is kept to what lessons need. Anchors and aliases are refused: lessons never need them,
and an alias repeats a whole subtree without repeating its text, so a few hundred bytes of
aliases of aliases ("billion laughs") stand for hundreds of millions of values that every walk
over the data visits. Nesting is limited to :data:`~app.core.untrusted.MAX_DEPTH` (building the
values recurses once per level) and a block to :data:`MAX_NODES` values. All three are checked on
the parser's event stream, before any value is built.
"""

from __future__ import annotations

from typing import Any

import yaml

from app.core.content.budget import checkpoint
from app.core.content.yaml_hints import explain
from app.core.untrusted import (
    DEPTH_MESSAGE,
    MAX_DEPTH,
    SURROGATE_MESSAGE,
    line_of,
    lone_surrogate_at,
)

MAX_NODES = 5_000  # values (scalars, lists, mappings) in one block; the seed quiz has 477
ANCHOR_MESSAGE = "anchors and aliases (& and *) are not allowed"


class LinedDict(dict):
    """A dict that knows the (1-based) line of itself and of each of its keys."""

    line: int = 1
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


# LibYAML's parser when PyYAML was built with it (ten times faster), else the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _refuse_hazards(text: str) -> None:
    """Raise :class:`YamlProblem` at the first anchor, alias, nesting past the limit or value
    past the count; the events are read one by one, nothing is built."""
    nodes = depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        checkpoint()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlProblem(line, ANCHOR_MESSAGE)
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlProblem(line, f"more than {MAX_NODES:,} YAML values in one block")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(line, f"this YAML {DEPTH_MESSAGE}")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml(text: str) -> Any:
    """Parse ``text``; raise :class:`YamlProblem` with a 1-based line on any syntax error and on
    anything the loader refuses (anchors and aliases, deep nesting, too many values, lone
    surrogates)."""
    surrogate = lone_surrogate_at(text)
    if surrogate is not None:  # LibYAML reads UTF-8, which can't hold one
        raise YamlProblem(line_of(text, surrogate), f"this line {SURROGATE_MESSAGE}")
    try:
        _refuse_hazards(text)
        # _LineLoader is a SafeLoader subclass: it only records line numbers.
        return yaml.load(text, Loader=_LineLoader)  # nosec B506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        if exc.context and "quoted scalar" in exc.context and exc.context_mark:
            line = exc.context_mark.line + 1  # where the quote opens, not the end of the text
        lines = text.splitlines()
        if line > len(lines) and exc.context_mark:  # ran to the end: where the value opened
            line = exc.context_mark.line + 1
        line_text = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = explain(exc.problem or "", exc.context or "", line_text)
        raise YamlProblem(line, f"invalid YAML: {hint}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"invalid YAML: {exc}") from None


def shift_lines(data: Any, by: int) -> None:
    """Add ``by`` to every recorded line, so lines count from the start of the enclosing file."""
    if isinstance(data, LinedDict):
        data.line += by
        data.key_lines = {k: v + by for k, v in data.key_lines.items()}
        for value in data.values():
            shift_lines(value, by)
    elif isinstance(data, list):
        for value in data:
            shift_lines(value, by)
