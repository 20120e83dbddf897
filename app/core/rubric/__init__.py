"""Reading a learner's written answer as a teacher would: sentences, stems, misspellings,
negation, dates in context, and whether it is prose at all. Pure; used by the free-text grader
and, for the names of the shipped phrase lists, by the lesson checker."""
