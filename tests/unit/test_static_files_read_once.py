"""Apps built one after another in a process read the static folder once, until a file changes."""

from __future__ import annotations

import os

from app.web import static_files


def test_the_folder_is_read_again_only_after_a_file_changes(tmp_path, monkeypatch):
    (tmp_path / "site.css").write_text("body { color: black }")
    (tmp_path / "app.js").write_text("let a = 1;")
    read = []
    read_file = static_files.read_file
    monkeypatch.setattr(
        static_files, "read_file", lambda path: read.append(path.name) or read_file(path)
    )

    version, files = static_files.load(tmp_path)
    assert static_files.load(tmp_path) == (version, files)
    assert sorted(read) == ["app.js", "site.css"]  # once, not once per load

    stat = (tmp_path / "site.css").stat()
    (tmp_path / "site.css").write_text("body { color: green }")  # the same size and time…
    os.utime(tmp_path / "site.css", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # …but later
    changed_version, changed = static_files.load(tmp_path)
    assert changed_version != version
    assert changed["site.css"].plain.body == b"body { color: green }"
    assert len(read) == 4
