"""A small, safe expression language for ``visible_if`` conditions (no eval, no attribute access).

Grammar (keywords are lowercase)::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") operand)?
    operand    := NUMBER | STRING | "true" | "false" | "null" | FIELD | list | "(" expr ")"
    list       := "[" (literal ("," literal)*)? "]"

A FIELD is an identifier naming another field's answer; an unanswered field is ``null``.
Evaluation never raises: ordering comparisons between values of different kinds (or with
``null``) are false, ``in`` with a right side that is not a list is false, and a value's truth
is Python's (empty text, empty list, 0 and null are false).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.schema import is_number

Literal = str | int | float | bool | None


class ExpressionError(InvalidInput):
    """A condition that does not parse; ``position`` is the 0-based character offset."""

    code = "bad_expression"

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at position {position}")
        self.position = position
        self.reason = message


@dataclass(frozen=True)
class Const:
    value: Literal | tuple[Literal, ...]


@dataclass(frozen=True)
class Ref:
    name: str
    position: int


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node


Node = Const | Ref | Not | BoolOp | Compare


@dataclass(frozen=True)
class _Token:
    kind: str  # num, str, name, op, end
    text: str
    position: int
    value: Literal = None


_OPS2 = ("==", "!=", "<=", ">=")
_OPS1 = ("<", ">", "(", ")", "[", "]", ",")
_MAX_DEPTH = 32
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith(_OPS2, i):
            tokens.append(_Token("op", text[i : i + 2], i))
            i += 2
        elif ch in _OPS1:
            tokens.append(_Token("op", ch, i))
            i += 1
        elif ch in "\"'":
            j, chars = i + 1, []
            while j < n and text[j] != ch:
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                chars.append(text[j])
                j += 1
            if j >= n:
                raise ExpressionError("unterminated string", i)
            tokens.append(_Token("str", text[i : j + 1], i, "".join(chars)))
            i = j + 1
        elif ch.isdigit() or (ch == "-" and i + 1 < n and text[i + 1].isdigit()):
            j = i + 1
            while j < n and (text[j].isdigit() or text[j] == "."):
                j += 1
            raw = text[i:j]
            try:
                value: int | float = float(raw) if "." in raw else int(raw)
            except ValueError:
                raise ExpressionError(f"bad number {raw!r}", i) from None
            tokens.append(_Token("num", raw, i, value))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            tokens.append(_Token("kw" if word in _KEYWORDS else "name", word, i))
            i = j
        else:
            raise ExpressionError(f"unexpected character {ch!r}", i)
    tokens.append(_Token("end", "", n))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    def nest(self, position: int) -> None:
        # Bound recursion so a hostile definition gets a parse error, not a RecursionError.
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise ExpressionError("expression nested too deeply", position)

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def accept(self, kind: str, text: str) -> bool:
        tok = self.peek()
        if tok.kind == kind and tok.text == text:
            self.i += 1
            return True
        return False

    def expect(self, kind: str, text: str) -> None:
        if not self.accept(kind, text):
            tok = self.peek()
            raise ExpressionError(f"expected {text!r}, found {tok.text or 'end'!r}", tok.position)

    def parse(self) -> Node:
        node = self.or_expr()
        tok = self.peek()
        if tok.kind != "end":
            raise ExpressionError(f"unexpected {tok.text!r}", tok.position)
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.accept("kw", "or"):
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while self.accept("kw", "and"):
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def not_expr(self) -> Node:
        if self.accept("kw", "not"):
            self.nest(self.peek().position)
            node = Not(self.not_expr())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            return Compare(tok.text, left, self.operand())
        if self.accept("kw", "in"):
            return Compare("in", left, self.operand())
        if tok.kind == "kw" and tok.text == "not" and self._next_is_in():
            self.take()
            self.take()
            return Compare("not in", left, self.operand())
        return left

    def _next_is_in(self) -> bool:
        nxt = self.tokens[self.i + 1]
        return nxt.kind == "kw" and nxt.text == "in"

    def operand(self) -> Node:
        tok = self.take()
        if tok.kind in ("num", "str"):
            return Const(tok.value)
        if tok.kind == "kw" and tok.text in ("true", "false", "null"):
            return Const({"true": True, "false": False, "null": None}[tok.text])
        if tok.kind == "name":
            return Ref(tok.text, tok.position)
        if tok.kind == "op" and tok.text == "(":
            self.nest(tok.position)
            node = self.or_expr()
            self.expect("op", ")")
            self.depth -= 1
            return node
        if tok.kind == "op" and tok.text == "[":
            return self.list_literal()
        raise ExpressionError(f"expected a value, found {tok.text or 'end'!r}", tok.position)

    def list_literal(self) -> Node:
        items: list[Literal] = []
        if self.accept("op", "]"):
            return Const(tuple(items))
        while True:
            tok = self.take()
            if tok.kind in ("num", "str"):
                items.append(tok.value)
            elif tok.kind == "kw" and tok.text in ("true", "false", "null"):
                items.append({"true": True, "false": False, "null": None}[tok.text])
            else:
                raise ExpressionError("list items must be literals", tok.position)
            if self.accept("op", "]"):
                return Const(tuple(items))
            self.expect("op", ",")


def parse(text: str) -> Node:
    """Parse a condition; raises ExpressionError (with position) when it is malformed."""
    if len(text) > 2000:
        raise ExpressionError("expression too long", 2000)
    return _Parser(text).parse()


def references(node: Node) -> list[Ref]:
    """Every field reference in ``node``, in source order."""
    if isinstance(node, Ref):
        return [node]
    if isinstance(node, Not):
        return references(node.operand)
    if isinstance(node, BoolOp):
        return [r for part in node.operands for r in references(part)]
    if isinstance(node, Compare):
        return references(node.left) + references(node.right)
    return []


Lookup = Callable[[str], object]


def evaluate(node: Node, lookup: Lookup) -> bool:
    """The truth of ``node`` with field values from ``lookup`` (``None`` when unanswered)."""
    return bool(_value(node, lookup))


Compiled = Callable[[Lookup], object]


def compile_node(node: Node) -> Compiled:
    """``node`` as nested closures: the same result as ``evaluate`` (tested), several times
    faster, because validation evaluates every condition of a form on every keystroke."""
    if isinstance(node, Const):
        value = node.value
        return lambda _lookup: value
    if isinstance(node, Ref):
        name = node.name
        return lambda lookup: lookup(name)
    if isinstance(node, Not):
        inner = compile_node(node.operand)
        return lambda lookup: not inner(lookup)
    if isinstance(node, BoolOp):
        parts = tuple(compile_node(p) for p in node.operands)
        if node.op == "and":

            def all_of(lookup: Lookup) -> object:
                for part in parts:
                    if not part(lookup):
                        return False
                return True

            return all_of

        def any_of(lookup: Lookup) -> object:
            for part in parts:
                if part(lookup):
                    return True
            return False

        return any_of
    left, right, op = compile_node(node.left), compile_node(node.right), node.op
    if (
        isinstance(node.right, Const)
        and op in ("==", "!=")
        and not isinstance(node.right.value, bool | tuple)
    ):
        # The common `field == "code"` case: a non-bool constant needs no kind check.
        const = node.right.value
        if op == "==":
            return lambda lookup: not isinstance(v := left(lookup), bool) and v == const
        return lambda lookup: isinstance(v := left(lookup), bool) or v != const
    return lambda lookup: _compare(op, left(lookup), right(lookup))


def _value(node: Node, lookup: Lookup) -> object:
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return lookup(node.name)
    if isinstance(node, Not):
        return not _value(node.operand, lookup)
    if isinstance(node, BoolOp):
        if node.op == "and":
            return all(_value(p, lookup) for p in node.operands)
        return any(_value(p, lookup) for p in node.operands)
    return _compare(node.op, _value(node.left, lookup), _value(node.right, lookup))


def _compare(op: str, a: object, b: object) -> bool:
    if op == "==":
        return _same_kind(a, b) and a == b
    if op == "!=":
        return not (_same_kind(a, b) and a == b)
    if op in ("in", "not in"):
        found = isinstance(b, list | tuple) and any(_same_kind(a, x) and a == x for x in b)
        return found if op == "in" else not found
    # Ordering: numbers with numbers, text with text, dates (ISO text) with text; else false.
    if not ((is_number(a) and is_number(b)) or (isinstance(a, str) and isinstance(b, str))):
        return False
    try:
        if op == "<":
            return a < b  # type: ignore[operator]
        if op == "<=":
            return a <= b  # type: ignore[operator]
        if op == ">":
            return a > b  # type: ignore[operator]
        return a >= b  # type: ignore[operator]
    except TypeError:  # pragma: no cover - guarded above
        return False


def _same_kind(a: object, b: object) -> bool:
    # Keep true == 1 false: a yes/no answer should never equal a number by accident.
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    return True
