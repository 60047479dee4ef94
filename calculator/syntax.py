"""Formula text -> expression tree, with SIF's exact syntax errors.

The grammar (`grammar/SifFormula.g4`) runs on the ANTLR runtime, as SIF's does, so acceptance and error
messages match SIF token for token: no EOF anchor (leftover input is ignored), `Line l:c` positions and
ANTLR's expected-token sets. `parse` is cached per formula text.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from antlr4 import CommonTokenStream, InputStream
from antlr4.error.ErrorListener import ErrorListener
from antlr4.error.Errors import InputMismatchException
from antlr4.error.ErrorStrategy import DefaultErrorStrategy
from antlr4.tree.Tree import TerminalNode

from calculator import ast
from calculator.errors import FormulaSyntaxError
from calculator.grammar.generated.SifFormulaLexer import SifFormulaLexer
from calculator.grammar.generated.SifFormulaParser import SifFormulaParser as P
from calculator.hints import syntax_hint

_ARITHMETIC = (P.PowerContext, P.MultiplyDivideContext, P.AddSubtractContext)
_SINGLE_ARGUMENT_CALLS = {
    P.AssignToGroupContext: "ASSIGN_TO_GROUP",
    P.CamlContext: "CAML",
    P.LowercaseContext: "LOWERCASE",
    P.UppercaseContext: "UPPERCASE",
    P.RefContext: "REF",
}
_CALLS = {
    P.AsTimestampContext: "AS_TIMESTAMP",
    P.GetValueContext: "GET_VALUE",
    P.CoalesceContext: "COALESCE",
    P.ConcatContext: "CONCAT",
    P.ConvertContext: "CONVERT",
    P.IfContext: "IF",
    P.ImpactContext: "IMPACT",
    P.LookupContext: "LOOKUP",
    P.SplitContext: "SPLIT",
    P.SwitchContext: "SWITCH",
    P.SearchContext: "SEARCH",
    **_SINGLE_ARGUMENT_CALLS,
}
_OPTION_CONTEXTS = (
    P.ResourceOptionContext,
    P.TimestampOptionContext,
    P.ConvertOptionContext,
    P.SwitchOptionContext,
    P.SplitOptionContext,
    P.SearchOptionContext,
)


class _RaiseOnFirstError(ErrorListener):
    """SIF stops at the first syntax error and reports it as `Line <line>:<col> <message>`."""

    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):
        text = None if offendingSymbol is None else offendingSymbol.text
        raise FormulaSyntaxError(f"Line {line}:{column} {msg}", line, column, text)


class _JavaErrorStrategy(DefaultErrorStrategy):
    """DefaultErrorStrategy as the Java runtime (4.7.1+) behaves.

    Java remembers the last state whose follow set could be empty (`sync`) and reports a failed
    `match` against that state's expected tokens, so `ref('a','b')` lists every operator that could have
    continued the argument, not just `')'`. The Python runtime tracks that state but never uses it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.nextTokensContext = None
        self.nextTokensState = -1

    def sync(self, recognizer):
        if self.inErrorRecoveryMode(recognizer):
            return
        state = recognizer._interp.atn.states[recognizer.state]
        next_tokens = recognizer.atn.nextTokens(state)
        if recognizer.getTokenStream().LA(1) in next_tokens:
            self.nextTokensContext = None
            self.nextTokensState = -1
            return
        if -2 in next_tokens:  # Token.EPSILON
            if self.nextTokensContext is None:
                self.nextTokensContext = recognizer._ctx
                self.nextTokensState = recognizer._stateNumber
            return
        super().sync(recognizer)

    def recoverInline(self, recognizer):
        matched = self.singleTokenDeletion(recognizer)
        if matched is not None:
            recognizer.consume()
            return matched
        if self.singleTokenInsertion(recognizer):
            return self.getMissingSymbol(recognizer)
        error = InputMismatchException(recognizer)
        if self.nextTokensContext is not None:
            error.offendingState = self.nextTokensState
            error.ctx = self.nextTokensContext
        raise error


def parse(formula: str) -> ast.Program:
    """Parse a formula into its expression tree; raises FormulaSyntaxError with SIF's message."""
    return _parse_cached(formula)


@lru_cache(maxsize=4096)
def _parse_cached(formula: str) -> ast.Program:
    try:
        tree = parse_tree(formula)
    except FormulaSyntaxError as error:
        error.hint = syntax_hint(formula)
        raise
    return _Builder().program(tree)


def parse_tree(formula: str) -> Any:
    """The raw ANTLR parse tree of a formula (for tools that need token positions)."""
    lexer = SifFormulaLexer(InputStream(formula))
    lexer.removeErrorListeners()
    parser = P(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(_RaiseOnFirstError())
    parser._errHandler = _JavaErrorStrategy()
    return parser.program()


def tokens(formula: str) -> list[Any]:
    """The formula's tokens, including skipped blanks' neighbours, as the lexer sees them."""
    lexer = SifFormulaLexer(InputStream(formula))
    lexer.removeErrorListeners()
    return [t for t in lexer.getAllTokens()]


class _Builder:
    """Turns the ANTLR parse tree into `ast` nodes."""

    def program(self, ctx: Any) -> ast.Program:
        lines = tuple(self.expression(e) for e in ctx.expression())
        last = ctx.children[-1]
        ends_with_newline = isinstance(last, TerminalNode) and last.symbol.type == P.NL
        return ast.Program(ctx.getText(), lines, ends_with_newline)

    def expression(self, ctx: Any) -> ast.Node:
        text = ctx.getText()
        if isinstance(ctx, P.PrimaryContext):
            return self.atom(ctx.atom())
        if isinstance(ctx, _ARITHMETIC):
            return ast.Arithmetic(text, ctx.op.text, self.expression(ctx.left), self.expression(ctx.right))
        if isinstance(ctx, P.CompareContext):
            return ast.Comparison(text, ctx.op.text, self.expression(ctx.left), self.expression(ctx.right))
        if isinstance(ctx, P.NegateContext):
            return ast.Negate(text, self.expression(ctx.expression()))
        if isinstance(ctx, P.SetVariableContext):
            return ast.SetVariable(text, ctx.TOKEN().getText()[1:], self.expression(ctx.expression()))
        if isinstance(ctx, P.CustomCallContext):
            args, options, _ = self.arguments(ctx)
            return ast.CustomCall(text, ctx.CUSTOM_FUNCTION().getText()[1:], args, options)
        name = _CALLS[type(ctx)]
        args, options, index = self.arguments(ctx)
        return ast.Call(text, name, args, options, index)

    def arguments(
        self, ctx: Any
    ) -> tuple[tuple[ast.Node, ...], tuple[tuple[str, ast.Node], ...], ast.Node | None]:
        args: list[ast.Node] = []
        options: list[tuple[str, ast.Node]] = []
        index = None
        for child in ctx.children:
            if isinstance(child, P.ExpressionContext):
                args.append(self.expression(child))
            elif isinstance(child, P.ExpressionListContext):
                args.extend(self.expression(e) for e in child.expression())
            elif isinstance(child, _OPTION_CONTEXTS):
                options.append(self.option(child))
            elif isinstance(child, P.ArrayIndexContext):
                index = self.expression(child.expression())
        return tuple(args), tuple(options), index

    def option(self, ctx: Any) -> tuple[str, ast.Node]:
        # resourceOption -> resourceSetting -> groupOption: descend to the rule holding `NAME = expr`.
        setting = ctx
        while setting.expression() is None if hasattr(setting, "expression") else True:
            setting = next(c for c in setting.children if not isinstance(c, TerminalNode))
        keyword = setting.getChild(0).getText().lower()
        return keyword, self.expression(setting.expression())

    def atom(self, ctx: Any) -> ast.Node:
        text = ctx.getText()
        if isinstance(ctx, P.ParenthesizedContext):
            return self.expression(ctx.expression())
        if isinstance(ctx, P.NumberLiteralContext | P.ScientificLiteralContext):
            return ast.NumberLiteral(text, Decimal(text))
        if isinstance(ctx, P.StringLiteralContext):
            # Only \' is an escape; \\, \( and \) stay verbatim (spec §1).
            return ast.StringLiteral(text, text[1:-1].replace("\\'", "'"))
        if isinstance(ctx, P.BooleanLiteralContext):
            return ast.BooleanLiteral(text, text.lower() == "true")
        if isinstance(ctx, P.NullLiteralContext):
            return ast.NullLiteral(text)
        return ast.Token(text, text[1:])
