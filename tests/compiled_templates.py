"""Templates compiled once per test process, not once per test.

Each test builds its own app, and with it a new Jinja environment that would parse and compile
every template the test renders all over again: for a test that renders a page or two, that was
more work than anything else its set-up did. The apps the ``app`` fixture builds share this
in-memory bytecode cache instead (Jinja's own mechanism). Jinja files the compiled code under the
template's name and file, and uses it only while the template's source is unchanged.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class SharedTemplateCode(BytecodeCache):
    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = SharedTemplateCode()
