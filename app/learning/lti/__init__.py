"""LTI 1.3 use cases: registered platforms, this tool's keys, launches and grade passback."""
