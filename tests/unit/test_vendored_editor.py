"""The vendored code editor: built, free of run-time code generation (the policy forbids it),
and shipped with the licence of every editor package package.json pins."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor" / "codemirror"
BUNDLE = VENDOR / "editor.bundle.js"


def editor_packages() -> list[str]:
    pins = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    return [name for name in pins if name.startswith(("@codemirror/", "@lezer/"))]


def test_the_bundle_is_built_and_minified():
    text = BUNDLE.read_text(encoding="utf-8")
    assert len(text) > 100_000 and text.count("\n") < 50
    assert "EditorView" in text or "cm-editor" in text


def test_the_bundle_generates_no_code_at_run_time():
    text = BUNDLE.read_text(encoding="utf-8")
    assert not re.search(r"\beval\(|new Function\(", text)


def test_every_pinned_editor_package_has_its_licence_next_to_the_bundle():
    for name in editor_packages():
        licence = VENDOR / f"LICENSE.{name.replace('@', '').replace('/', '-')}.txt"
        assert licence.exists(), name
        assert licence.read_text(encoding="utf-8").startswith(f"{name} "), name
