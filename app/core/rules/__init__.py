"""Rules of learning as pure functions: completion, mastery, merging learners, validating progress
events, and the shape of xAPI statements."""
