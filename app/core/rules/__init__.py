"""Rules of learning as pure functions: completion, mastery, which of two positions to keep,
validating progress events, and the shape of xAPI statements."""
