"""Running wrk (a separate process, so load generation never shares the server's interpreter)
and reading the one JSON line our Lua reporter prints."""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # connect, read, write and timeout errors
    non_2xx: int
    accepted: int  # writes the server confirmed (write scripts only)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def lua_value(value: object) -> str:
    """A Python literal (str, int, list, dict of those) as Lua source."""
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are valid Lua
    if isinstance(value, bool | int | float):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if isinstance(value, list):
        return "{" + ", ".join(lua_value(v) for v in value) + "}"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"[{json.dumps(k)}] = {lua_value(v)}" for k, v in value.items()) + "}"
        )
    raise TypeError(f"no Lua form for {type(value).__name__}")


def run(
    url: str,
    *,
    connections: int,
    seconds: int,
    threads: int = 2,
    scripts: tuple[str, ...] = (),
    variables: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
) -> Result:
    """``wrk`` against ``url``; ``scripts`` (in bench/lua) run after ``variables`` are defined."""
    source = "".join(f"{name} = {lua_value(value)}\n" for name, value in (variables or {}).items())
    for name in ("report.lua", *scripts):
        source += (LUA / name).read_text(encoding="utf-8") + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(source)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", script.name]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    try:
        out = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
        ).stdout
    finally:
        Path(script.name).unlink()
    line = next(x for x in out.splitlines() if x.startswith("WRK_JSON "))
    data = json.loads(line.removeprefix("WRK_JSON "))
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["errors"],
        non_2xx=data["non_2xx"],
        accepted=data["accepted"],
    )
