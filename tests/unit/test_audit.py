"""`make audit` never reports "no known vulnerabilities" for an audit that checked nothing."""

from __future__ import annotations

import json
import sys
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

AUDIT = Path(__file__).resolve().parents[2] / "bin" / "audit"
_loader = SourceFileLoader("audit", str(AUDIT))
audit = module_from_spec(spec_from_loader("audit", _loader))
sys.modules["audit"] = audit  # dataclasses look their module up there
_loader.exec_module(audit)


def _report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_database_that_knows_no_package_is_no_audit():
    skipped = {"name": "flask", "skip_reason": "Dependency not found on PyPI"}
    outcome = audit.summarise_pip_audit("pypi", 0, _report(skipped, skipped), "")
    assert outcome.status == audit.UNCHECKED
    assert "no audit was done" in outcome.message


def test_an_unreachable_database_is_no_audit():
    error = "requests.exceptions.ConnectionError: Failed to resolve 'api.osv.dev'"
    outcome = audit.summarise_pip_audit("osv", 1, "", error)
    assert outcome.status == audit.UNCHECKED
    assert "could not be reached" in outcome.message


def test_vulnerable_packages_are_named_with_their_fixes():
    vulnerable = {
        "name": "nh3",
        "version": "0.1.0",
        "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["0.2.0"]}],
    }
    outcome = audit.summarise_pip_audit("pypi", 1, _report(vulnerable), "")
    assert outcome.status == audit.VULNERABLE
    assert "nh3 0.1.0: GHSA-xxxx (fixed in 0.2.0)" in outcome.message


def test_a_real_audit_counts_what_it_checked():
    clean = {"name": "flask", "version": "3.1.3", "vulns": []}
    skipped = {"name": "local", "skip_reason": "not on PyPI"}
    outcome = audit.summarise_pip_audit("pypi", 0, _report(clean, skipped), "")
    assert outcome.status == audit.CLEAN
    assert outcome.message == "pypi: 1 packages checked, none vulnerable; 1 could not be checked."


def test_npm_without_its_advisory_database_is_no_audit():
    outcome = audit.summarise_npm_audit(1, json.dumps({"error": {"code": "E405"}}))
    assert outcome.status == audit.UNCHECKED
