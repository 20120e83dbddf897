"""Formulas in lessons: LaTeX read into spoken words (:mod:`.words`) and MathML (:mod:`.mathml`)."""

from app.core.formulas.words import FormulaError, spoken_words

__all__ = ["FormulaError", "spoken_words"]
