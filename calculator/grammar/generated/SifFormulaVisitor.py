# Generated from SifFormula.g4 by ANTLR 4.7.2
from antlr4 import *
if __name__ is not None and "." in __name__:
    from .SifFormulaParser import SifFormulaParser
else:
    from SifFormulaParser import SifFormulaParser

# This class defines a complete generic visitor for a parse tree produced by SifFormulaParser.

class SifFormulaVisitor(ParseTreeVisitor):

    # Visit a parse tree produced by SifFormulaParser#program.
    def visitProgram(self, ctx:SifFormulaParser.ProgramContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Impact.
    def visitImpact(self, ctx:SifFormulaParser.ImpactContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Caml.
    def visitCaml(self, ctx:SifFormulaParser.CamlContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Convert.
    def visitConvert(self, ctx:SifFormulaParser.ConvertContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#CustomCall.
    def visitCustomCall(self, ctx:SifFormulaParser.CustomCallContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Coalesce.
    def visitCoalesce(self, ctx:SifFormulaParser.CoalesceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#AsTimestamp.
    def visitAsTimestamp(self, ctx:SifFormulaParser.AsTimestampContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#MultiplyDivide.
    def visitMultiplyDivide(self, ctx:SifFormulaParser.MultiplyDivideContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Concat.
    def visitConcat(self, ctx:SifFormulaParser.ConcatContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Ref.
    def visitRef(self, ctx:SifFormulaParser.RefContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Switch.
    def visitSwitch(self, ctx:SifFormulaParser.SwitchContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Lowercase.
    def visitLowercase(self, ctx:SifFormulaParser.LowercaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Uppercase.
    def visitUppercase(self, ctx:SifFormulaParser.UppercaseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Search.
    def visitSearch(self, ctx:SifFormulaParser.SearchContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Primary.
    def visitPrimary(self, ctx:SifFormulaParser.PrimaryContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Lookup.
    def visitLookup(self, ctx:SifFormulaParser.LookupContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Compare.
    def visitCompare(self, ctx:SifFormulaParser.CompareContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Negate.
    def visitNegate(self, ctx:SifFormulaParser.NegateContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Split.
    def visitSplit(self, ctx:SifFormulaParser.SplitContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#If.
    def visitIf(self, ctx:SifFormulaParser.IfContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Power.
    def visitPower(self, ctx:SifFormulaParser.PowerContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#AssignToGroup.
    def visitAssignToGroup(self, ctx:SifFormulaParser.AssignToGroupContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#GetValue.
    def visitGetValue(self, ctx:SifFormulaParser.GetValueContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#SetVariable.
    def visitSetVariable(self, ctx:SifFormulaParser.SetVariableContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#AddSubtract.
    def visitAddSubtract(self, ctx:SifFormulaParser.AddSubtractContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#resourceOption.
    def visitResourceOption(self, ctx:SifFormulaParser.ResourceOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#resourceSetting.
    def visitResourceSetting(self, ctx:SifFormulaParser.ResourceSettingContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#timestampOption.
    def visitTimestampOption(self, ctx:SifFormulaParser.TimestampOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#convertOption.
    def visitConvertOption(self, ctx:SifFormulaParser.ConvertOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#switchOption.
    def visitSwitchOption(self, ctx:SifFormulaParser.SwitchOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#splitOption.
    def visitSplitOption(self, ctx:SifFormulaParser.SplitOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#searchOption.
    def visitSearchOption(self, ctx:SifFormulaParser.SearchOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#expressionList.
    def visitExpressionList(self, ctx:SifFormulaParser.ExpressionListContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Parenthesized.
    def visitParenthesized(self, ctx:SifFormulaParser.ParenthesizedContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#NullLiteral.
    def visitNullLiteral(self, ctx:SifFormulaParser.NullLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#BooleanLiteral.
    def visitBooleanLiteral(self, ctx:SifFormulaParser.BooleanLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#ScientificLiteral.
    def visitScientificLiteral(self, ctx:SifFormulaParser.ScientificLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#NumberLiteral.
    def visitNumberLiteral(self, ctx:SifFormulaParser.NumberLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#Reference.
    def visitReference(self, ctx:SifFormulaParser.ReferenceContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#StringLiteral.
    def visitStringLiteral(self, ctx:SifFormulaParser.StringLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#versionOption.
    def visitVersionOption(self, ctx:SifFormulaParser.VersionOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#tenantOption.
    def visitTenantOption(self, ctx:SifFormulaParser.TenantOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#versionAsAtOption.
    def visitVersionAsAtOption(self, ctx:SifFormulaParser.VersionAsAtOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#groupOption.
    def visitGroupOption(self, ctx:SifFormulaParser.GroupOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#defaultOption.
    def visitDefaultOption(self, ctx:SifFormulaParser.DefaultOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#ignoreCaseOption.
    def visitIgnoreCaseOption(self, ctx:SifFormulaParser.IgnoreCaseOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#qualityKindOption.
    def visitQualityKindOption(self, ctx:SifFormulaParser.QualityKindOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#limitOption.
    def visitLimitOption(self, ctx:SifFormulaParser.LimitOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#localeOption.
    def visitLocaleOption(self, ctx:SifFormulaParser.LocaleOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#timezoneOption.
    def visitTimezoneOption(self, ctx:SifFormulaParser.TimezoneOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#roundDownToOption.
    def visitRoundDownToOption(self, ctx:SifFormulaParser.RoundDownToOptionContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by SifFormulaParser#arrayIndex.
    def visitArrayIndex(self, ctx:SifFormulaParser.ArrayIndexContext):
        return self.visitChildren(ctx)



del SifFormulaParser