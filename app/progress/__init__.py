"""Learners and what they have done."""
