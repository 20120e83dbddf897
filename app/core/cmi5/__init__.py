"""cmi5: each lesson an assignable unit (AU) an LMS launches, its course structure, the launch
parameters and the cmi5-defined xAPI statements. Pure."""
