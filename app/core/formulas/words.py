"""Read a LaTeX formula aloud, in the words a teacher would use.

``\\frac{L \\times W \\times H}{\\text{divisor}}`` is "L times W times H, divided by divisor":
text engines read symbols literally or not at all, and a formula heard as "L × W × H divisor"
means nothing. Reading the formula is also how it is checked: only the commands listed here are
accepted, every ``{`` is closed and every command gets its arguments, so a typo such as
``\\fraac`` is a problem the content check reports instead of a formula that renders oddly.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:[.,]\d+)*|\s+|.", re.DOTALL)

SYMBOLS = {
    "=": "equals",
    "+": "plus",
    "-": "minus",
    "−": "minus",
    "*": "times",
    "×": "times",
    "÷": "divided by",
    "/": "divided by",
    "<": "is less than",
    ">": "is greater than",
    "(": "open parenthesis",
    ")": "close parenthesis",
    "[": "open bracket",
    "]": "close bracket",
    "!": "factorial",
    "'": "prime",
    ",": ",",
    ";": ",",
    ":": "to",
    ".": "point",
    "&": "",
    "~": "",
    "|": "",
}

COMMANDS = {
    "times": "times",
    "cdot": "times",
    "div": "divided by",
    "approx": "approximately equals",
    "neq": "does not equal",
    "ne": "does not equal",
    "le": "is less than or equal to",
    "leq": "is less than or equal to",
    "ge": "is greater than or equal to",
    "geq": "is greater than or equal to",
    "lt": "is less than",
    "gt": "is greater than",
    "pm": "plus or minus",
    "mp": "minus or plus",
    "equiv": "is equivalent to",
    "propto": "is proportional to",
    "to": "to",
    "rightarrow": "to",
    "infty": "infinity",
    "sum": "the sum of",
    "prod": "the product of",
    "ldots": "and so on",
    "dots": "and so on",
    "cdots": "and so on",
    "circ": "degrees",
    "degree": "degrees",
    "%": "percent",
    "$": "dollars",
    "&": "and",
    "#": "number",
    "_": "underscore",
    "{": "",
    "}": "",
    ",": "",
    ";": "",
    ":": "",
    "!": "",
    " ": "",
    "quad": "",
    "qquad": "",
    "\\": ",",
    "displaystyle": "",
    "left": "",
    "right": "",
}
GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta lambda mu nu xi pi rho sigma tau"
    " phi varphi chi psi omega Gamma Delta Theta Lambda Pi Sigma Phi Psi Omega".split()
)
TEXT_COMMANDS = frozenset(
    "text textrm textbf textit mathrm mathbf mathit operatorname mbox".split()
)
FRACTIONS = frozenset({"frac", "dfrac", "tfrac"})
POWERS = {"2": "squared", "3": "cubed", "\\circ": "degrees"}
ROOTS = {"": "the square root of", "2": "the square root of", "3": "the cube root of"}


class FormulaError(ValueError):
    """The LaTeX can't be read: the message says what is wrong, for the author."""


def spoken_words(latex: str) -> str:
    """The words for ``latex``; :class:`FormulaError` when it is malformed or uses a command
    this reader does not know."""
    reader = _Reader(latex)
    words = reader.sequence(closing=None)
    return _join(words)


def _join(words: list[str]) -> str:
    text = " ".join(w for w in words if w)
    text = re.sub(r"\s+([,.])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    return re.sub(r"\s+", " ", text).strip(" ,")


class _Reader:
    def __init__(self, latex: str) -> None:
        self.tokens = [t for t in _TOKEN.findall(latex.replace("{,}", ","))]
        self.at = 0

    def peek(self) -> str | None:
        while self.at < len(self.tokens) and self.tokens[self.at].isspace():
            self.at += 1
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str | None:
        piece = self.peek()
        if piece is not None:
            self.at += 1
        return piece

    def sequence(self, closing: str | None) -> list[str]:
        words: list[str] = []
        while True:
            piece = self.take()
            if piece is None:
                if closing:
                    raise FormulaError("a '{' is never closed")
                return words
            if piece == closing:
                return words
            if piece == "}":
                raise FormulaError("a '}' closes nothing")
            words.append(self.item(piece))

    def argument(self, command: str) -> str:
        """One argument: a ``{group}`` or a single piece."""
        piece = self.take()
        if piece is None or piece == "}":
            raise FormulaError(f"'{command}' is missing what it applies to")
        return self.item(piece)

    def item(self, piece: str) -> str:
        if piece == "{":
            return _join(self.sequence("}"))
        if piece in ("^", "_"):
            raise FormulaError(f"'{piece}' has nothing before it")
        if piece == "\\$" and (self.peek() or "")[:1].isdigit():
            words = f"{self.take()} dollars"  # \$5 is said "5 dollars"
        elif piece.startswith("\\"):
            words = self.command(piece[1:])
        else:
            words = SYMBOLS.get(piece, piece)
        return self.scripts(words)

    def scripts(self, base: str) -> str:
        """``base`` followed by any ``^power`` and ``_subscript``."""
        while self.peek() in ("^", "_"):
            mark = self.take()
            start = self.at
            argument = self.argument(mark or "^")
            raw = "".join(self.tokens[start : self.at]).strip().strip("{}").strip()
            if mark == "_":
                base = f"{base} sub {argument}"
            elif raw in POWERS:
                base = f"{base} {POWERS[raw]}"
            else:
                base = f"{base} to the power of {argument}"
        return base

    def command(self, name: str) -> str:
        if name in FRACTIONS:
            top, bottom = self.argument("\\" + name), self.argument("\\" + name)
            joiner = ", divided by " if " " in top else " divided by "
            return f"{top}{joiner}{bottom}"
        if name == "sqrt":
            index = ""
            if self.peek() == "[":
                self.take()
                index = _join(self.sequence("]"))
            radicand = self.argument("\\sqrt")
            root = ROOTS.get(index, f"the root {index} of")
            return f"{root} {radicand}"
        if name in TEXT_COMMANDS:
            return self.text_argument(name)
        if name in ("left", "right"):
            delimiter = self.take()
            if delimiter is None:
                raise FormulaError(f"'\\{name}' is missing its bracket")
            return "" if delimiter == "." else self.item(delimiter)
        if name in COMMANDS:
            return COMMANDS[name]
        if name in GREEK:
            return name.lower()
        if name == "begin":
            raise FormulaError("environments (\\begin…\\end) are not supported in lessons")
        raise FormulaError(f"unknown command '\\{name}'")

    def text_argument(self, name: str) -> str:
        """A ``\\text{…}`` group, read as written."""
        if self.take() != "{":
            raise FormulaError(f"'\\{name}' needs its text in braces")
        depth, parts = 1, []
        while True:
            if self.at >= len(self.tokens):
                raise FormulaError("a '{' is never closed")
            piece = self.tokens[self.at]
            self.at += 1
            depth += piece == "{"
            depth -= piece == "}"
            if depth == 0:
                return re.sub(r"\s+", " ", "".join(parts)).strip()
            parts.append(piece[1:] if piece.startswith("\\") and len(piece) == 2 else piece)
