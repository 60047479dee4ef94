# Generated from SifFormula.g4 by ANTLR 4.7.2
# encoding: utf-8
from antlr4 import *
from io import StringIO
from typing import TextIO
import sys

def serializedATN():
    with StringIO() as buf:
        buf.write("\3\u608b\ua72a\u8133\ub9ed\u417c\u3be7\u7786\u5964\3@")
        buf.write("\u01b2\4\2\t\2\4\3\t\3\4\4\t\4\4\5\t\5\4\6\t\6\4\7\t\7")
        buf.write("\4\b\t\b\4\t\t\t\4\n\t\n\4\13\t\13\4\f\t\f\4\r\t\r\4\16")
        buf.write("\t\16\4\17\t\17\4\20\t\20\4\21\t\21\4\22\t\22\4\23\t\23")
        buf.write("\4\24\t\24\4\25\t\25\4\26\t\26\4\27\t\27\4\30\t\30\3\2")
        buf.write("\7\2\62\n\2\f\2\16\2\65\13\2\3\2\3\2\3\2\7\2:\n\2\f\2")
        buf.write("\16\2=\13\2\3\2\7\2@\n\2\f\2\16\2C\13\2\3\2\5\2F\n\2\3")
        buf.write("\3\3\3\3\3\7\3K\n\3\f\3\16\3N\13\3\3\3\3\3\3\3\3\3\3\3")
        buf.write("\3\3\3\3\7\3W\n\3\f\3\16\3Z\13\3\3\3\3\3\3\3\3\3\3\3\3")
        buf.write("\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3")
        buf.write("\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\7")
        buf.write("\3|\n\3\f\3\16\3\177\13\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3")
        buf.write("\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\7\3\u0094")
        buf.write("\n\3\f\3\16\3\u0097\13\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3")
        buf.write("\3\3\3\3\3\3\3\3\3\7\3\u00a5\n\3\f\3\16\3\u00a8\13\3\3")
        buf.write("\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\7\3\u00b2\n\3\f\3\16\3")
        buf.write("\u00b5\13\3\3\3\3\3\5\3\u00b9\n\3\3\3\3\3\3\3\3\3\3\3")
        buf.write("\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3")
        buf.write("\3\3\3\3\3\7\3\u00d0\n\3\f\3\16\3\u00d3\13\3\3\3\3\3\3")
        buf.write("\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\7\3\u00e0\n\3\f\3\16")
        buf.write("\3\u00e3\13\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\7\3\u00ed")
        buf.write("\n\3\f\3\16\3\u00f0\13\3\3\3\3\3\3\3\3\3\7\3\u00f6\n\3")
        buf.write("\f\3\16\3\u00f9\13\3\3\3\3\3\7\3\u00fd\n\3\f\3\16\3\u0100")
        buf.write("\13\3\3\3\3\3\7\3\u0104\n\3\f\3\16\3\u0107\13\3\3\3\3")
        buf.write("\3\5\3\u010b\n\3\3\3\3\3\7\3\u010f\n\3\f\3\16\3\u0112")
        buf.write("\13\3\3\3\3\3\7\3\u0116\n\3\f\3\16\3\u0119\13\3\3\3\3")
        buf.write("\3\3\3\7\3\u011e\n\3\f\3\16\3\u0121\13\3\3\3\3\3\7\3\u0125")
        buf.write("\n\3\f\3\16\3\u0128\13\3\3\3\3\3\3\3\7\3\u012d\n\3\f\3")
        buf.write("\16\3\u0130\13\3\3\3\3\3\7\3\u0134\n\3\f\3\16\3\u0137")
        buf.write("\13\3\3\3\3\3\3\3\7\3\u013c\n\3\f\3\16\3\u013f\13\3\3")
        buf.write("\3\3\3\7\3\u0143\n\3\f\3\16\3\u0146\13\3\3\3\7\3\u0149")
        buf.write("\n\3\f\3\16\3\u014c\13\3\3\4\3\4\3\4\3\5\3\5\3\5\3\5\5")
        buf.write("\5\u0155\n\5\3\6\3\6\3\6\3\6\3\6\3\6\5\6\u015d\n\6\3\7")
        buf.write("\3\7\3\7\3\b\3\b\3\b\3\b\5\b\u0166\n\b\3\t\3\t\3\t\3\n")
        buf.write("\3\n\3\n\3\13\3\13\3\13\7\13\u0171\n\13\f\13\16\13\u0174")
        buf.write("\13\13\3\f\3\f\3\f\3\f\3\f\3\f\3\f\3\f\3\f\3\f\5\f\u0180")
        buf.write("\n\f\3\r\3\r\3\r\3\r\3\16\3\16\3\16\3\16\3\17\3\17\3\17")
        buf.write("\3\17\3\20\3\20\3\20\3\20\3\21\3\21\3\21\3\21\3\22\3\22")
        buf.write("\3\22\3\22\3\23\3\23\3\23\3\23\3\24\3\24\3\24\3\24\3\25")
        buf.write("\3\25\3\25\3\25\3\26\3\26\3\26\3\26\3\27\3\27\3\27\3\27")
        buf.write("\3\30\3\30\3\30\3\30\3\30\2\3\4\31\2\4\6\b\n\f\16\20\22")
        buf.write("\24\26\30\32\34\36 \"$&(*,.\2\5\3\2+,\3\2)*\3\2.\63\2")
        buf.write("\u01d7\2\63\3\2\2\2\4\u010a\3\2\2\2\6\u014d\3\2\2\2\b")
        buf.write("\u0154\3\2\2\2\n\u015c\3\2\2\2\f\u015e\3\2\2\2\16\u0165")
        buf.write("\3\2\2\2\20\u0167\3\2\2\2\22\u016a\3\2\2\2\24\u016d\3")
        buf.write("\2\2\2\26\u017f\3\2\2\2\30\u0181\3\2\2\2\32\u0185\3\2")
        buf.write("\2\2\34\u0189\3\2\2\2\36\u018d\3\2\2\2 \u0191\3\2\2\2")
        buf.write("\"\u0195\3\2\2\2$\u0199\3\2\2\2&\u019d\3\2\2\2(\u01a1")
        buf.write("\3\2\2\2*\u01a5\3\2\2\2,\u01a9\3\2\2\2.\u01ad\3\2\2\2")
        buf.write("\60\62\7=\2\2\61\60\3\2\2\2\62\65\3\2\2\2\63\61\3\2\2")
        buf.write("\2\63\64\3\2\2\2\64\66\3\2\2\2\65\63\3\2\2\2\66A\5\4\3")
        buf.write("\2\67;\7>\2\28:\7=\2\298\3\2\2\2:=\3\2\2\2;9\3\2\2\2;")
        buf.write("<\3\2\2\2<>\3\2\2\2=;\3\2\2\2>@\5\4\3\2?\67\3\2\2\2@C")
        buf.write("\3\2\2\2A?\3\2\2\2AB\3\2\2\2BE\3\2\2\2CA\3\2\2\2DF\7>")
        buf.write("\2\2ED\3\2\2\2EF\3\2\2\2F\3\3\2\2\2GH\b\3\1\2HL\7*\2\2")
        buf.write("IK\7=\2\2JI\3\2\2\2KN\3\2\2\2LJ\3\2\2\2LM\3\2\2\2MO\3")
        buf.write("\2\2\2NL\3\2\2\2O\u010b\5\4\3\32PQ\7\3\2\2QR\7\'\2\2R")
        buf.write("S\5\4\3\2ST\79\2\2TX\5\4\3\2UW\5\n\6\2VU\3\2\2\2WZ\3\2")
        buf.write("\2\2XV\3\2\2\2XY\3\2\2\2Y[\3\2\2\2ZX\3\2\2\2[\\\7(\2\2")
        buf.write("\\\u010b\3\2\2\2]^\7\4\2\2^_\7\'\2\2_`\5\4\3\2`a\7(\2")
        buf.write("\2a\u010b\3\2\2\2bc\7\5\2\2cd\7\'\2\2de\5\4\3\2ef\79\2")
        buf.write("\2fg\5\4\3\2gh\7(\2\2h\u010b\3\2\2\2ij\7\6\2\2jk\7\'\2")
        buf.write("\2kl\5\24\13\2lm\7(\2\2m\u010b\3\2\2\2no\7\7\2\2op\7\'")
        buf.write("\2\2pq\5\24\13\2qr\7(\2\2r\u010b\3\2\2\2st\7\b\2\2tu\7")
        buf.write("\'\2\2uv\5\4\3\2vw\79\2\2wx\5\4\3\2xy\79\2\2y}\5\4\3\2")
        buf.write("z|\5\f\7\2{z\3\2\2\2|\177\3\2\2\2}{\3\2\2\2}~\3\2\2\2")
        buf.write("~\u0080\3\2\2\2\177}\3\2\2\2\u0080\u0081\7(\2\2\u0081")
        buf.write("\u010b\3\2\2\2\u0082\u0083\7\t\2\2\u0083\u0084\7\'\2\2")
        buf.write("\u0084\u0085\5\4\3\2\u0085\u0086\79\2\2\u0086\u0087\5")
        buf.write("\4\3\2\u0087\u0088\79\2\2\u0088\u0089\5\4\3\2\u0089\u008a")
        buf.write("\7(\2\2\u008a\u010b\3\2\2\2\u008b\u008c\7\n\2\2\u008c")
        buf.write("\u008d\7\'\2\2\u008d\u008e\5\4\3\2\u008e\u008f\79\2\2")
        buf.write("\u008f\u0090\5\4\3\2\u0090\u0091\79\2\2\u0091\u0095\5")
        buf.write("\4\3\2\u0092\u0094\5\6\4\2\u0093\u0092\3\2\2\2\u0094\u0097")
        buf.write("\3\2\2\2\u0095\u0093\3\2\2\2\u0095\u0096\3\2\2\2\u0096")
        buf.write("\u0098\3\2\2\2\u0097\u0095\3\2\2\2\u0098\u0099\7(\2\2")
        buf.write("\u0099\u010b\3\2\2\2\u009a\u009b\7\13\2\2\u009b\u009c")
        buf.write("\7\'\2\2\u009c\u009d\5\4\3\2\u009d\u009e\79\2\2\u009e")
        buf.write("\u009f\5\4\3\2\u009f\u00a0\79\2\2\u00a0\u00a1\5\4\3\2")
        buf.write("\u00a1\u00a2\79\2\2\u00a2\u00a6\5\4\3\2\u00a3\u00a5\5")
        buf.write("\6\4\2\u00a4\u00a3\3\2\2\2\u00a5\u00a8\3\2\2\2\u00a6\u00a4")
        buf.write("\3\2\2\2\u00a6\u00a7\3\2\2\2\u00a7\u00a9\3\2\2\2\u00a8")
        buf.write("\u00a6\3\2\2\2\u00a9\u00aa\7(\2\2\u00aa\u010b\3\2\2\2")
        buf.write("\u00ab\u00ac\7\21\2\2\u00ac\u00ad\7\'\2\2\u00ad\u00ae")
        buf.write("\5\4\3\2\u00ae\u00af\79\2\2\u00af\u00b3\5\4\3\2\u00b0")
        buf.write("\u00b2\5\20\t\2\u00b1\u00b0\3\2\2\2\u00b2\u00b5\3\2\2")
        buf.write("\2\u00b3\u00b1\3\2\2\2\u00b3\u00b4\3\2\2\2\u00b4\u00b6")
        buf.write("\3\2\2\2\u00b5\u00b3\3\2\2\2\u00b6\u00b8\7(\2\2\u00b7")
        buf.write("\u00b9\5.\30\2\u00b8\u00b7\3\2\2\2\u00b8\u00b9\3\2\2\2")
        buf.write("\u00b9\u010b\3\2\2\2\u00ba\u00bb\7\16\2\2\u00bb\u00bc")
        buf.write("\7\'\2\2\u00bc\u00bd\5\4\3\2\u00bd\u00be\7(\2\2\u00be")
        buf.write("\u010b\3\2\2\2\u00bf\u00c0\7\f\2\2\u00c0\u00c1\7\'\2\2")
        buf.write("\u00c1\u00c2\5\4\3\2\u00c2\u00c3\7(\2\2\u00c3\u010b\3")
        buf.write("\2\2\2\u00c4\u00c5\7\r\2\2\u00c5\u00c6\7\'\2\2\u00c6\u00c7")
        buf.write("\5\4\3\2\u00c7\u00c8\7(\2\2\u00c8\u010b\3\2\2\2\u00c9")
        buf.write("\u00ca\7\22\2\2\u00ca\u00cb\7\'\2\2\u00cb\u00cc\5\4\3")
        buf.write("\2\u00cc\u00cd\79\2\2\u00cd\u00d1\5\24\13\2\u00ce\u00d0")
        buf.write("\5\16\b\2\u00cf\u00ce\3\2\2\2\u00d0\u00d3\3\2\2\2\u00d1")
        buf.write("\u00cf\3\2\2\2\u00d1\u00d2\3\2\2\2\u00d2\u00d4\3\2\2\2")
        buf.write("\u00d3\u00d1\3\2\2\2\u00d4\u00d5\7(\2\2\u00d5\u010b\3")
        buf.write("\2\2\2\u00d6\u00d7\7\23\2\2\u00d7\u00d8\7\'\2\2\u00d8")
        buf.write("\u00d9\5\4\3\2\u00d9\u00da\7(\2\2\u00da\u010b\3\2\2\2")
        buf.write("\u00db\u00dc\7\"\2\2\u00dc\u00dd\7\'\2\2\u00dd\u00e1\5")
        buf.write("\24\13\2\u00de\u00e0\5\6\4\2\u00df\u00de\3\2\2\2\u00e0")
        buf.write("\u00e3\3\2\2\2\u00e1\u00df\3\2\2\2\u00e1\u00e2\3\2\2\2")
        buf.write("\u00e2\u00e4\3\2\2\2\u00e3\u00e1\3\2\2\2\u00e4\u00e5\7")
        buf.write("(\2\2\u00e5\u010b\3\2\2\2\u00e6\u00e7\7\24\2\2\u00e7\u00e8")
        buf.write("\7\'\2\2\u00e8\u00e9\5\4\3\2\u00e9\u00ea\79\2\2\u00ea")
        buf.write("\u00ee\5\4\3\2\u00eb\u00ed\5\22\n\2\u00ec\u00eb\3\2\2")
        buf.write("\2\u00ed\u00f0\3\2\2\2\u00ee\u00ec\3\2\2\2\u00ee\u00ef")
        buf.write("\3\2\2\2\u00ef\u00f1\3\2\2\2\u00f0\u00ee\3\2\2\2\u00f1")
        buf.write("\u00f2\7(\2\2\u00f2\u010b\3\2\2\2\u00f3\u00f7\7\17\2\2")
        buf.write("\u00f4\u00f6\7=\2\2\u00f5\u00f4\3\2\2\2\u00f6\u00f9\3")
        buf.write("\2\2\2\u00f7\u00f5\3\2\2\2\u00f7\u00f8\3\2\2\2\u00f8\u00fa")
        buf.write("\3\2\2\2\u00f9\u00f7\3\2\2\2\u00fa\u00fe\7#\2\2\u00fb")
        buf.write("\u00fd\7=\2\2\u00fc\u00fb\3\2\2\2\u00fd\u0100\3\2\2\2")
        buf.write("\u00fe\u00fc\3\2\2\2\u00fe\u00ff\3\2\2\2\u00ff\u0101\3")
        buf.write("\2\2\2\u0100\u00fe\3\2\2\2\u0101\u0105\7\64\2\2\u0102")
        buf.write("\u0104\7=\2\2\u0103\u0102\3\2\2\2\u0104\u0107\3\2\2\2")
        buf.write("\u0105\u0103\3\2\2\2\u0105\u0106\3\2\2\2\u0106\u0108\3")
        buf.write("\2\2\2\u0107\u0105\3\2\2\2\u0108\u010b\5\4\3\4\u0109\u010b")
        buf.write("\5\26\f\2\u010aG\3\2\2\2\u010aP\3\2\2\2\u010a]\3\2\2\2")
        buf.write("\u010ab\3\2\2\2\u010ai\3\2\2\2\u010an\3\2\2\2\u010as\3")
        buf.write("\2\2\2\u010a\u0082\3\2\2\2\u010a\u008b\3\2\2\2\u010a\u009a")
        buf.write("\3\2\2\2\u010a\u00ab\3\2\2\2\u010a\u00ba\3\2\2\2\u010a")
        buf.write("\u00bf\3\2\2\2\u010a\u00c4\3\2\2\2\u010a\u00c9\3\2\2\2")
        buf.write("\u010a\u00d6\3\2\2\2\u010a\u00db\3\2\2\2\u010a\u00e6\3")
        buf.write("\2\2\2\u010a\u00f3\3\2\2\2\u010a\u0109\3\2\2\2\u010b\u014a")
        buf.write("\3\2\2\2\u010c\u0110\f\31\2\2\u010d\u010f\7=\2\2\u010e")
        buf.write("\u010d\3\2\2\2\u010f\u0112\3\2\2\2\u0110\u010e\3\2\2\2")
        buf.write("\u0110\u0111\3\2\2\2\u0111\u0113\3\2\2\2\u0112\u0110\3")
        buf.write("\2\2\2\u0113\u0117\7-\2\2\u0114\u0116\7=\2\2\u0115\u0114")
        buf.write("\3\2\2\2\u0116\u0119\3\2\2\2\u0117\u0115\3\2\2\2\u0117")
        buf.write("\u0118\3\2\2\2\u0118\u011a\3\2\2\2\u0119\u0117\3\2\2\2")
        buf.write("\u011a\u0149\5\4\3\32\u011b\u011f\f\30\2\2\u011c\u011e")
        buf.write("\7=\2\2\u011d\u011c\3\2\2\2\u011e\u0121\3\2\2\2\u011f")
        buf.write("\u011d\3\2\2\2\u011f\u0120\3\2\2\2\u0120\u0122\3\2\2\2")
        buf.write("\u0121\u011f\3\2\2\2\u0122\u0126\t\2\2\2\u0123\u0125\7")
        buf.write("=\2\2\u0124\u0123\3\2\2\2\u0125\u0128\3\2\2\2\u0126\u0124")
        buf.write("\3\2\2\2\u0126\u0127\3\2\2\2\u0127\u0129\3\2\2\2\u0128")
        buf.write("\u0126\3\2\2\2\u0129\u0149\5\4\3\31\u012a\u012e\f\27\2")
        buf.write("\2\u012b\u012d\7=\2\2\u012c\u012b\3\2\2\2\u012d\u0130")
        buf.write("\3\2\2\2\u012e\u012c\3\2\2\2\u012e\u012f\3\2\2\2\u012f")
        buf.write("\u0131\3\2\2\2\u0130\u012e\3\2\2\2\u0131\u0135\t\3\2\2")
        buf.write("\u0132\u0134\7=\2\2\u0133\u0132\3\2\2\2\u0134\u0137\3")
        buf.write("\2\2\2\u0135\u0133\3\2\2\2\u0135\u0136\3\2\2\2\u0136\u0138")
        buf.write("\3\2\2\2\u0137\u0135\3\2\2\2\u0138\u0149\5\4\3\30\u0139")
        buf.write("\u013d\f\26\2\2\u013a\u013c\7=\2\2\u013b\u013a\3\2\2\2")
        buf.write("\u013c\u013f\3\2\2\2\u013d\u013b\3\2\2\2\u013d\u013e\3")
        buf.write("\2\2\2\u013e\u0140\3\2\2\2\u013f\u013d\3\2\2\2\u0140\u0144")
        buf.write("\t\4\2\2\u0141\u0143\7=\2\2\u0142\u0141\3\2\2\2\u0143")
        buf.write("\u0146\3\2\2\2\u0144\u0142\3\2\2\2\u0144\u0145\3\2\2\2")
        buf.write("\u0145\u0147\3\2\2\2\u0146\u0144\3\2\2\2\u0147\u0149\5")
        buf.write("\4\3\27\u0148\u010c\3\2\2\2\u0148\u011b\3\2\2\2\u0148")
        buf.write("\u012a\3\2\2\2\u0148\u0139\3\2\2\2\u0149\u014c\3\2\2\2")
        buf.write("\u014a\u0148\3\2\2\2\u014a\u014b\3\2\2\2\u014b\5\3\2\2")
        buf.write("\2\u014c\u014a\3\2\2\2\u014d\u014e\79\2\2\u014e\u014f")
        buf.write("\5\b\5\2\u014f\7\3\2\2\2\u0150\u0155\5\36\20\2\u0151\u0155")
        buf.write("\5\32\16\2\u0152\u0155\5\30\r\2\u0153\u0155\5\34\17\2")
        buf.write("\u0154\u0150\3\2\2\2\u0154\u0151\3\2\2\2\u0154\u0152\3")
        buf.write("\2\2\2\u0154\u0153\3\2\2\2\u0155\t\3\2\2\2\u0156\u0157")
        buf.write("\79\2\2\u0157\u015d\5*\26\2\u0158\u0159\79\2\2\u0159\u015d")
        buf.write("\5(\25\2\u015a\u015b\79\2\2\u015b\u015d\5,\27\2\u015c")
        buf.write("\u0156\3\2\2\2\u015c\u0158\3\2\2\2\u015c\u015a\3\2\2\2")
        buf.write("\u015d\13\3\2\2\2\u015e\u015f\79\2\2\u015f\u0160\5$\23")
        buf.write("\2\u0160\r\3\2\2\2\u0161\u0162\79\2\2\u0162\u0166\5 \21")
        buf.write("\2\u0163\u0164\79\2\2\u0164\u0166\5\"\22\2\u0165\u0161")
        buf.write("\3\2\2\2\u0165\u0163\3\2\2\2\u0166\17\3\2\2\2\u0167\u0168")
        buf.write("\79\2\2\u0168\u0169\5&\24\2\u0169\21\3\2\2\2\u016a\u016b")
        buf.write("\79\2\2\u016b\u016c\5\"\22\2\u016c\23\3\2\2\2\u016d\u0172")
        buf.write("\5\4\3\2\u016e\u016f\79\2\2\u016f\u0171\5\4\3\2\u0170")
        buf.write("\u016e\3\2\2\2\u0171\u0174\3\2\2\2\u0172\u0170\3\2\2\2")
        buf.write("\u0172\u0173\3\2\2\2\u0173\25\3\2\2\2\u0174\u0172\3\2")
        buf.write("\2\2\u0175\u0176\7\'\2\2\u0176\u0177\5\4\3\2\u0177\u0178")
        buf.write("\7(\2\2\u0178\u0180\3\2\2\2\u0179\u0180\7\32\2\2\u017a")
        buf.write("\u0180\7\25\2\2\u017b\u0180\7&\2\2\u017c\u0180\7%\2\2")
        buf.write("\u017d\u0180\7#\2\2\u017e\u0180\7$\2\2\u017f\u0175\3\2")
        buf.write("\2\2\u017f\u0179\3\2\2\2\u017f\u017a\3\2\2\2\u017f\u017b")
        buf.write("\3\2\2\2\u017f\u017c\3\2\2\2\u017f\u017d\3\2\2\2\u017f")
        buf.write("\u017e\3\2\2\2\u0180\27\3\2\2\2\u0181\u0182\7\36\2\2\u0182")
        buf.write("\u0183\7\64\2\2\u0183\u0184\5\4\3\2\u0184\31\3\2\2\2\u0185")
        buf.write("\u0186\7\34\2\2\u0186\u0187\7\64\2\2\u0187\u0188\5\4\3")
        buf.write("\2\u0188\33\3\2\2\2\u0189\u018a\7\37\2\2\u018a\u018b\7")
        buf.write("\64\2\2\u018b\u018c\5\4\3\2\u018c\35\3\2\2\2\u018d\u018e")
        buf.write("\7\27\2\2\u018e\u018f\7\64\2\2\u018f\u0190\5\4\3\2\u0190")
        buf.write("\37\3\2\2\2\u0191\u0192\7\26\2\2\u0192\u0193\7\64\2\2")
        buf.write("\u0193\u0194\5\4\3\2\u0194!\3\2\2\2\u0195\u0196\7\30\2")
        buf.write("\2\u0196\u0197\7\64\2\2\u0197\u0198\5\4\3\2\u0198#\3\2")
        buf.write("\2\2\u0199\u019a\7\33\2\2\u019a\u019b\7\64\2\2\u019b\u019c")
        buf.write("\5\4\3\2\u019c%\3\2\2\2\u019d\u019e\7!\2\2\u019e\u019f")
        buf.write("\7\64\2\2\u019f\u01a0\5\4\3\2\u01a0\'\3\2\2\2\u01a1\u01a2")
        buf.write("\7\31\2\2\u01a2\u01a3\7\64\2\2\u01a3\u01a4\5\4\3\2\u01a4")
        buf.write(")\3\2\2\2\u01a5\u01a6\7\35\2\2\u01a6\u01a7\7\64\2\2\u01a7")
        buf.write("\u01a8\5\4\3\2\u01a8+\3\2\2\2\u01a9\u01aa\7 \2\2\u01aa")
        buf.write("\u01ab\7\64\2\2\u01ab\u01ac\5\4\3\2\u01ac-\3\2\2\2\u01ad")
        buf.write("\u01ae\7\65\2\2\u01ae\u01af\5\4\3\2\u01af\u01b0\7\66\2")
        buf.write("\2\u01b0/\3\2\2\2#\63;AELX}\u0095\u00a6\u00b3\u00b8\u00d1")
        buf.write("\u00e1\u00ee\u00f7\u00fe\u0105\u010a\u0110\u0117\u011f")
        buf.write("\u0126\u012e\u0135\u013d\u0144\u0148\u014a\u0154\u015c")
        buf.write("\u0165\u0172\u017f")
        return buf.getvalue()


class SifFormulaParser ( Parser ):

    grammarFileName = "SifFormula.g4"

    atn = ATNDeserializer().deserialize(serializedATN())

    decisionsToDFA = [ DFA(ds, i) for i, ds in enumerate(atn.decisionToState) ]

    sharedContextCache = PredictionContextCache()

    literalNames = [ "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                     "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                     "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                     "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                     "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                     "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                     "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                     "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                     "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                     "<INVALID>", "'('", "')'", "'+'", "'-'", "'*'", "'/'", 
                     "'^'", "'>'", "'>='", "'<'", "'<='", "'=='", "'!='", 
                     "'='", "'['", "']'", "'#'", "'''", "<INVALID>", "'.'", 
                     "':'", "'_'", "' '" ]

    symbolicNames = [ "<INVALID>", "AS_TIMESTAMP", "ASSIGN_TO_GROUP", "GET_VALUE", 
                      "COALESCE", "CONCAT", "CONVERT", "IF", "IMPACT", "LOOKUP", 
                      "LOWERCASE", "REF", "CAML", "SET", "SOURCE", "SPLIT", 
                      "SWITCH", "UPPERCASE", "SEARCH", "BOOLEAN", "DEFAULT", 
                      "GROUP", "IGNORECASE", "LOCALE", "NULL", "QUALITYKIND", 
                      "TENANT", "TIMEZONE", "VERSION", "VERSIONASAT", "ROUNDDOWNTO", 
                      "LIMIT", "CUSTOM_FUNCTION", "TOKEN", "QUOTED_STRING", 
                      "NUMBER", "SCIENTIFIC_NUMBER", "LPAREN", "RPAREN", 
                      "PLUS", "MINUS", "TIMES", "DIV", "POW", "GT", "GTE", 
                      "LT", "LTE", "DEQ", "NEQ", "EQ", "LSQUARE", "RSQUARE", 
                      "HASH", "SQ", "COMMA", "POINT", "COLON", "US", "SPACE", 
                      "NL", "WS", "ANY" ]

    RULE_program = 0
    RULE_expression = 1
    RULE_resourceOption = 2
    RULE_resourceSetting = 3
    RULE_timestampOption = 4
    RULE_convertOption = 5
    RULE_switchOption = 6
    RULE_splitOption = 7
    RULE_searchOption = 8
    RULE_expressionList = 9
    RULE_atom = 10
    RULE_versionOption = 11
    RULE_tenantOption = 12
    RULE_versionAsAtOption = 13
    RULE_groupOption = 14
    RULE_defaultOption = 15
    RULE_ignoreCaseOption = 16
    RULE_qualityKindOption = 17
    RULE_limitOption = 18
    RULE_localeOption = 19
    RULE_timezoneOption = 20
    RULE_roundDownToOption = 21
    RULE_arrayIndex = 22

    ruleNames =  [ "program", "expression", "resourceOption", "resourceSetting", 
                   "timestampOption", "convertOption", "switchOption", "splitOption", 
                   "searchOption", "expressionList", "atom", "versionOption", 
                   "tenantOption", "versionAsAtOption", "groupOption", "defaultOption", 
                   "ignoreCaseOption", "qualityKindOption", "limitOption", 
                   "localeOption", "timezoneOption", "roundDownToOption", 
                   "arrayIndex" ]

    EOF = Token.EOF
    AS_TIMESTAMP=1
    ASSIGN_TO_GROUP=2
    GET_VALUE=3
    COALESCE=4
    CONCAT=5
    CONVERT=6
    IF=7
    IMPACT=8
    LOOKUP=9
    LOWERCASE=10
    REF=11
    CAML=12
    SET=13
    SOURCE=14
    SPLIT=15
    SWITCH=16
    UPPERCASE=17
    SEARCH=18
    BOOLEAN=19
    DEFAULT=20
    GROUP=21
    IGNORECASE=22
    LOCALE=23
    NULL=24
    QUALITYKIND=25
    TENANT=26
    TIMEZONE=27
    VERSION=28
    VERSIONASAT=29
    ROUNDDOWNTO=30
    LIMIT=31
    CUSTOM_FUNCTION=32
    TOKEN=33
    QUOTED_STRING=34
    NUMBER=35
    SCIENTIFIC_NUMBER=36
    LPAREN=37
    RPAREN=38
    PLUS=39
    MINUS=40
    TIMES=41
    DIV=42
    POW=43
    GT=44
    GTE=45
    LT=46
    LTE=47
    DEQ=48
    NEQ=49
    EQ=50
    LSQUARE=51
    RSQUARE=52
    HASH=53
    SQ=54
    COMMA=55
    POINT=56
    COLON=57
    US=58
    SPACE=59
    NL=60
    WS=61
    ANY=62

    def __init__(self, input:TokenStream, output:TextIO = sys.stdout):
        super().__init__(input, output)
        self.checkVersion("4.9.3")
        self._interp = ParserATNSimulator(self, self.atn, self.decisionsToDFA, self.sharedContextCache)
        self._predicates = None



    class ProgramContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)


        def SPACE(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.SPACE)
            else:
                return self.getToken(SifFormulaParser.SPACE, i)

        def NL(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.NL)
            else:
                return self.getToken(SifFormulaParser.NL, i)

        def getRuleIndex(self):
            return SifFormulaParser.RULE_program

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitProgram" ):
                return visitor.visitProgram(self)
            else:
                return visitor.visitChildren(self)




    def program(self):

        localctx = SifFormulaParser.ProgramContext(self, self._ctx, self.state)
        self.enterRule(localctx, 0, self.RULE_program)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 49
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==SifFormulaParser.SPACE:
                self.state = 46
                self.match(SifFormulaParser.SPACE)
                self.state = 51
                self._errHandler.sync(self)
                _la = self._input.LA(1)

            self.state = 52
            self.expression(0)
            self.state = 63
            self._errHandler.sync(self)
            _alt = self._interp.adaptivePredict(self._input,2,self._ctx)
            while _alt!=2 and _alt!=ATN.INVALID_ALT_NUMBER:
                if _alt==1:
                    self.state = 53
                    self.match(SifFormulaParser.NL)
                    self.state = 57
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==SifFormulaParser.SPACE:
                        self.state = 54
                        self.match(SifFormulaParser.SPACE)
                        self.state = 59
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)

                    self.state = 60
                    self.expression(0) 
                self.state = 65
                self._errHandler.sync(self)
                _alt = self._interp.adaptivePredict(self._input,2,self._ctx)

            self.state = 67
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==SifFormulaParser.NL:
                self.state = 66
                self.match(SifFormulaParser.NL)


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class ExpressionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return SifFormulaParser.RULE_expression

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)


    class ImpactContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def IMPACT(self):
            return self.getToken(SifFormulaParser.IMPACT, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def COMMA(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.COMMA)
            else:
                return self.getToken(SifFormulaParser.COMMA, i)
        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)
        def resourceOption(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ResourceOptionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ResourceOptionContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitImpact" ):
                return visitor.visitImpact(self)
            else:
                return visitor.visitChildren(self)


    class CamlContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CAML(self):
            return self.getToken(SifFormulaParser.CAML, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCaml" ):
                return visitor.visitCaml(self)
            else:
                return visitor.visitChildren(self)


    class ConvertContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CONVERT(self):
            return self.getToken(SifFormulaParser.CONVERT, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def COMMA(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.COMMA)
            else:
                return self.getToken(SifFormulaParser.COMMA, i)
        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)
        def convertOption(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ConvertOptionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ConvertOptionContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitConvert" ):
                return visitor.visitConvert(self)
            else:
                return visitor.visitChildren(self)


    class CustomCallContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CUSTOM_FUNCTION(self):
            return self.getToken(SifFormulaParser.CUSTOM_FUNCTION, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expressionList(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionListContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)
        def resourceOption(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ResourceOptionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ResourceOptionContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCustomCall" ):
                return visitor.visitCustomCall(self)
            else:
                return visitor.visitChildren(self)


    class CoalesceContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def COALESCE(self):
            return self.getToken(SifFormulaParser.COALESCE, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expressionList(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionListContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCoalesce" ):
                return visitor.visitCoalesce(self)
            else:
                return visitor.visitChildren(self)


    class AsTimestampContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def AS_TIMESTAMP(self):
            return self.getToken(SifFormulaParser.AS_TIMESTAMP, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)
        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)
        def timestampOption(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.TimestampOptionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.TimestampOptionContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitAsTimestamp" ):
                return visitor.visitAsTimestamp(self)
            else:
                return visitor.visitChildren(self)


    class MultiplyDivideContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.left = None # ExpressionContext
            self.op = None # Token
            self.right = None # ExpressionContext
            self.copyFrom(ctx)

        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def TIMES(self):
            return self.getToken(SifFormulaParser.TIMES, 0)
        def DIV(self):
            return self.getToken(SifFormulaParser.DIV, 0)
        def SPACE(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.SPACE)
            else:
                return self.getToken(SifFormulaParser.SPACE, i)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitMultiplyDivide" ):
                return visitor.visitMultiplyDivide(self)
            else:
                return visitor.visitChildren(self)


    class ConcatContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CONCAT(self):
            return self.getToken(SifFormulaParser.CONCAT, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expressionList(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionListContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitConcat" ):
                return visitor.visitConcat(self)
            else:
                return visitor.visitChildren(self)


    class RefContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def REF(self):
            return self.getToken(SifFormulaParser.REF, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitRef" ):
                return visitor.visitRef(self)
            else:
                return visitor.visitChildren(self)


    class SwitchContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def SWITCH(self):
            return self.getToken(SifFormulaParser.SWITCH, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)
        def expressionList(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionListContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)
        def switchOption(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.SwitchOptionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.SwitchOptionContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSwitch" ):
                return visitor.visitSwitch(self)
            else:
                return visitor.visitChildren(self)


    class LowercaseContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def LOWERCASE(self):
            return self.getToken(SifFormulaParser.LOWERCASE, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitLowercase" ):
                return visitor.visitLowercase(self)
            else:
                return visitor.visitChildren(self)


    class UppercaseContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def UPPERCASE(self):
            return self.getToken(SifFormulaParser.UPPERCASE, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitUppercase" ):
                return visitor.visitUppercase(self)
            else:
                return visitor.visitChildren(self)


    class SearchContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def SEARCH(self):
            return self.getToken(SifFormulaParser.SEARCH, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)
        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)
        def searchOption(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.SearchOptionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.SearchOptionContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSearch" ):
                return visitor.visitSearch(self)
            else:
                return visitor.visitChildren(self)


    class PrimaryContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def atom(self):
            return self.getTypedRuleContext(SifFormulaParser.AtomContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitPrimary" ):
                return visitor.visitPrimary(self)
            else:
                return visitor.visitChildren(self)


    class LookupContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def LOOKUP(self):
            return self.getToken(SifFormulaParser.LOOKUP, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def COMMA(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.COMMA)
            else:
                return self.getToken(SifFormulaParser.COMMA, i)
        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)
        def resourceOption(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ResourceOptionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ResourceOptionContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitLookup" ):
                return visitor.visitLookup(self)
            else:
                return visitor.visitChildren(self)


    class CompareContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.left = None # ExpressionContext
            self.op = None # Token
            self.right = None # ExpressionContext
            self.copyFrom(ctx)

        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def GT(self):
            return self.getToken(SifFormulaParser.GT, 0)
        def GTE(self):
            return self.getToken(SifFormulaParser.GTE, 0)
        def LT(self):
            return self.getToken(SifFormulaParser.LT, 0)
        def LTE(self):
            return self.getToken(SifFormulaParser.LTE, 0)
        def DEQ(self):
            return self.getToken(SifFormulaParser.DEQ, 0)
        def NEQ(self):
            return self.getToken(SifFormulaParser.NEQ, 0)
        def SPACE(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.SPACE)
            else:
                return self.getToken(SifFormulaParser.SPACE, i)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCompare" ):
                return visitor.visitCompare(self)
            else:
                return visitor.visitChildren(self)


    class NegateContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def MINUS(self):
            return self.getToken(SifFormulaParser.MINUS, 0)
        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)

        def SPACE(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.SPACE)
            else:
                return self.getToken(SifFormulaParser.SPACE, i)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitNegate" ):
                return visitor.visitNegate(self)
            else:
                return visitor.visitChildren(self)


    class SplitContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def SPLIT(self):
            return self.getToken(SifFormulaParser.SPLIT, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)
        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)
        def splitOption(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.SplitOptionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.SplitOptionContext,i)

        def arrayIndex(self):
            return self.getTypedRuleContext(SifFormulaParser.ArrayIndexContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSplit" ):
                return visitor.visitSplit(self)
            else:
                return visitor.visitChildren(self)


    class IfContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def IF(self):
            return self.getToken(SifFormulaParser.IF, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def COMMA(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.COMMA)
            else:
                return self.getToken(SifFormulaParser.COMMA, i)
        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitIf" ):
                return visitor.visitIf(self)
            else:
                return visitor.visitChildren(self)


    class PowerContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.left = None # ExpressionContext
            self.op = None # Token
            self.right = None # ExpressionContext
            self.copyFrom(ctx)

        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def POW(self):
            return self.getToken(SifFormulaParser.POW, 0)
        def SPACE(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.SPACE)
            else:
                return self.getToken(SifFormulaParser.SPACE, i)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitPower" ):
                return visitor.visitPower(self)
            else:
                return visitor.visitChildren(self)


    class AssignToGroupContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ASSIGN_TO_GROUP(self):
            return self.getToken(SifFormulaParser.ASSIGN_TO_GROUP, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitAssignToGroup" ):
                return visitor.visitAssignToGroup(self)
            else:
                return visitor.visitChildren(self)


    class GetValueContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def GET_VALUE(self):
            return self.getToken(SifFormulaParser.GET_VALUE, 0)
        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)
        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitGetValue" ):
                return visitor.visitGetValue(self)
            else:
                return visitor.visitChildren(self)


    class SetVariableContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def SET(self):
            return self.getToken(SifFormulaParser.SET, 0)
        def TOKEN(self):
            return self.getToken(SifFormulaParser.TOKEN, 0)
        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)
        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)

        def SPACE(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.SPACE)
            else:
                return self.getToken(SifFormulaParser.SPACE, i)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSetVariable" ):
                return visitor.visitSetVariable(self)
            else:
                return visitor.visitChildren(self)


    class AddSubtractContext(ExpressionContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.ExpressionContext
            super().__init__(parser)
            self.left = None # ExpressionContext
            self.op = None # Token
            self.right = None # ExpressionContext
            self.copyFrom(ctx)

        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)

        def PLUS(self):
            return self.getToken(SifFormulaParser.PLUS, 0)
        def MINUS(self):
            return self.getToken(SifFormulaParser.MINUS, 0)
        def SPACE(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.SPACE)
            else:
                return self.getToken(SifFormulaParser.SPACE, i)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitAddSubtract" ):
                return visitor.visitAddSubtract(self)
            else:
                return visitor.visitChildren(self)



    def expression(self, _p:int=0):
        _parentctx = self._ctx
        _parentState = self.state
        localctx = SifFormulaParser.ExpressionContext(self, self._ctx, _parentState)
        _prevctx = localctx
        _startState = 2
        self.enterRecursionRule(localctx, 2, self.RULE_expression, _p)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 264
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [SifFormulaParser.MINUS]:
                localctx = SifFormulaParser.NegateContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx

                self.state = 70
                self.match(SifFormulaParser.MINUS)
                self.state = 74
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.SPACE:
                    self.state = 71
                    self.match(SifFormulaParser.SPACE)
                    self.state = 76
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 77
                self.expression(24)
                pass
            elif token in [SifFormulaParser.AS_TIMESTAMP]:
                localctx = SifFormulaParser.AsTimestampContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 78
                self.match(SifFormulaParser.AS_TIMESTAMP)
                self.state = 79
                self.match(SifFormulaParser.LPAREN)
                self.state = 80
                self.expression(0)
                self.state = 81
                self.match(SifFormulaParser.COMMA)
                self.state = 82
                self.expression(0)
                self.state = 86
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.COMMA:
                    self.state = 83
                    self.timestampOption()
                    self.state = 88
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 89
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.ASSIGN_TO_GROUP]:
                localctx = SifFormulaParser.AssignToGroupContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 91
                self.match(SifFormulaParser.ASSIGN_TO_GROUP)
                self.state = 92
                self.match(SifFormulaParser.LPAREN)
                self.state = 93
                self.expression(0)
                self.state = 94
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.GET_VALUE]:
                localctx = SifFormulaParser.GetValueContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 96
                self.match(SifFormulaParser.GET_VALUE)
                self.state = 97
                self.match(SifFormulaParser.LPAREN)
                self.state = 98
                self.expression(0)
                self.state = 99
                self.match(SifFormulaParser.COMMA)
                self.state = 100
                self.expression(0)
                self.state = 101
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.COALESCE]:
                localctx = SifFormulaParser.CoalesceContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 103
                self.match(SifFormulaParser.COALESCE)
                self.state = 104
                self.match(SifFormulaParser.LPAREN)
                self.state = 105
                self.expressionList()
                self.state = 106
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.CONCAT]:
                localctx = SifFormulaParser.ConcatContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 108
                self.match(SifFormulaParser.CONCAT)
                self.state = 109
                self.match(SifFormulaParser.LPAREN)
                self.state = 110
                self.expressionList()
                self.state = 111
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.CONVERT]:
                localctx = SifFormulaParser.ConvertContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 113
                self.match(SifFormulaParser.CONVERT)
                self.state = 114
                self.match(SifFormulaParser.LPAREN)
                self.state = 115
                self.expression(0)
                self.state = 116
                self.match(SifFormulaParser.COMMA)
                self.state = 117
                self.expression(0)
                self.state = 118
                self.match(SifFormulaParser.COMMA)
                self.state = 119
                self.expression(0)
                self.state = 123
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.COMMA:
                    self.state = 120
                    self.convertOption()
                    self.state = 125
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 126
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.IF]:
                localctx = SifFormulaParser.IfContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 128
                self.match(SifFormulaParser.IF)
                self.state = 129
                self.match(SifFormulaParser.LPAREN)
                self.state = 130
                self.expression(0)
                self.state = 131
                self.match(SifFormulaParser.COMMA)
                self.state = 132
                self.expression(0)
                self.state = 133
                self.match(SifFormulaParser.COMMA)
                self.state = 134
                self.expression(0)
                self.state = 135
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.IMPACT]:
                localctx = SifFormulaParser.ImpactContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 137
                self.match(SifFormulaParser.IMPACT)
                self.state = 138
                self.match(SifFormulaParser.LPAREN)
                self.state = 139
                self.expression(0)
                self.state = 140
                self.match(SifFormulaParser.COMMA)
                self.state = 141
                self.expression(0)
                self.state = 142
                self.match(SifFormulaParser.COMMA)
                self.state = 143
                self.expression(0)
                self.state = 147
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.COMMA:
                    self.state = 144
                    self.resourceOption()
                    self.state = 149
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 150
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.LOOKUP]:
                localctx = SifFormulaParser.LookupContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 152
                self.match(SifFormulaParser.LOOKUP)
                self.state = 153
                self.match(SifFormulaParser.LPAREN)
                self.state = 154
                self.expression(0)
                self.state = 155
                self.match(SifFormulaParser.COMMA)
                self.state = 156
                self.expression(0)
                self.state = 157
                self.match(SifFormulaParser.COMMA)
                self.state = 158
                self.expression(0)
                self.state = 159
                self.match(SifFormulaParser.COMMA)
                self.state = 160
                self.expression(0)
                self.state = 164
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.COMMA:
                    self.state = 161
                    self.resourceOption()
                    self.state = 166
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 167
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.SPLIT]:
                localctx = SifFormulaParser.SplitContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 169
                self.match(SifFormulaParser.SPLIT)
                self.state = 170
                self.match(SifFormulaParser.LPAREN)
                self.state = 171
                self.expression(0)
                self.state = 172
                self.match(SifFormulaParser.COMMA)
                self.state = 173
                self.expression(0)
                self.state = 177
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.COMMA:
                    self.state = 174
                    self.splitOption()
                    self.state = 179
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 180
                self.match(SifFormulaParser.RPAREN)
                self.state = 182
                self._errHandler.sync(self)
                la_ = self._interp.adaptivePredict(self._input,10,self._ctx)
                if la_ == 1:
                    self.state = 181
                    self.arrayIndex()


                pass
            elif token in [SifFormulaParser.CAML]:
                localctx = SifFormulaParser.CamlContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 184
                self.match(SifFormulaParser.CAML)
                self.state = 185
                self.match(SifFormulaParser.LPAREN)
                self.state = 186
                self.expression(0)
                self.state = 187
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.LOWERCASE]:
                localctx = SifFormulaParser.LowercaseContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 189
                self.match(SifFormulaParser.LOWERCASE)
                self.state = 190
                self.match(SifFormulaParser.LPAREN)
                self.state = 191
                self.expression(0)
                self.state = 192
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.REF]:
                localctx = SifFormulaParser.RefContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 194
                self.match(SifFormulaParser.REF)
                self.state = 195
                self.match(SifFormulaParser.LPAREN)
                self.state = 196
                self.expression(0)
                self.state = 197
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.SWITCH]:
                localctx = SifFormulaParser.SwitchContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 199
                self.match(SifFormulaParser.SWITCH)
                self.state = 200
                self.match(SifFormulaParser.LPAREN)
                self.state = 201
                self.expression(0)
                self.state = 202
                self.match(SifFormulaParser.COMMA)
                self.state = 203
                self.expressionList()
                self.state = 207
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.COMMA:
                    self.state = 204
                    self.switchOption()
                    self.state = 209
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 210
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.UPPERCASE]:
                localctx = SifFormulaParser.UppercaseContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 212
                self.match(SifFormulaParser.UPPERCASE)
                self.state = 213
                self.match(SifFormulaParser.LPAREN)
                self.state = 214
                self.expression(0)
                self.state = 215
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.CUSTOM_FUNCTION]:
                localctx = SifFormulaParser.CustomCallContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 217
                self.match(SifFormulaParser.CUSTOM_FUNCTION)
                self.state = 218
                self.match(SifFormulaParser.LPAREN)
                self.state = 219
                self.expressionList()
                self.state = 223
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.COMMA:
                    self.state = 220
                    self.resourceOption()
                    self.state = 225
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 226
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.SEARCH]:
                localctx = SifFormulaParser.SearchContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 228
                self.match(SifFormulaParser.SEARCH)
                self.state = 229
                self.match(SifFormulaParser.LPAREN)
                self.state = 230
                self.expression(0)
                self.state = 231
                self.match(SifFormulaParser.COMMA)
                self.state = 232
                self.expression(0)
                self.state = 236
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.COMMA:
                    self.state = 233
                    self.searchOption()
                    self.state = 238
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 239
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.SET]:
                localctx = SifFormulaParser.SetVariableContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 241
                self.match(SifFormulaParser.SET)
                self.state = 245
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.SPACE:
                    self.state = 242
                    self.match(SifFormulaParser.SPACE)
                    self.state = 247
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 248
                self.match(SifFormulaParser.TOKEN)
                self.state = 252
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.SPACE:
                    self.state = 249
                    self.match(SifFormulaParser.SPACE)
                    self.state = 254
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 255
                self.match(SifFormulaParser.EQ)
                self.state = 259
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==SifFormulaParser.SPACE:
                    self.state = 256
                    self.match(SifFormulaParser.SPACE)
                    self.state = 261
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 262
                self.expression(2)
                pass
            elif token in [SifFormulaParser.BOOLEAN, SifFormulaParser.NULL, SifFormulaParser.TOKEN, SifFormulaParser.QUOTED_STRING, SifFormulaParser.NUMBER, SifFormulaParser.SCIENTIFIC_NUMBER, SifFormulaParser.LPAREN]:
                localctx = SifFormulaParser.PrimaryContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 263
                self.atom()
                pass
            else:
                raise NoViableAltException(self)

            self._ctx.stop = self._input.LT(-1)
            self.state = 328
            self._errHandler.sync(self)
            _alt = self._interp.adaptivePredict(self._input,27,self._ctx)
            while _alt!=2 and _alt!=ATN.INVALID_ALT_NUMBER:
                if _alt==1:
                    if self._parseListeners is not None:
                        self.triggerExitRuleEvent()
                    _prevctx = localctx
                    self.state = 326
                    self._errHandler.sync(self)
                    la_ = self._interp.adaptivePredict(self._input,26,self._ctx)
                    if la_ == 1:
                        localctx = SifFormulaParser.PowerContext(self, SifFormulaParser.ExpressionContext(self, _parentctx, _parentState))
                        localctx.left = _prevctx
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expression)
                        self.state = 266
                        if not self.precpred(self._ctx, 23):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 23)")
                        self.state = 270
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)
                        while _la==SifFormulaParser.SPACE:
                            self.state = 267
                            self.match(SifFormulaParser.SPACE)
                            self.state = 272
                            self._errHandler.sync(self)
                            _la = self._input.LA(1)

                        self.state = 273
                        localctx.op = self.match(SifFormulaParser.POW)
                        self.state = 277
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)
                        while _la==SifFormulaParser.SPACE:
                            self.state = 274
                            self.match(SifFormulaParser.SPACE)
                            self.state = 279
                            self._errHandler.sync(self)
                            _la = self._input.LA(1)

                        self.state = 280
                        localctx.right = self.expression(24)
                        pass

                    elif la_ == 2:
                        localctx = SifFormulaParser.MultiplyDivideContext(self, SifFormulaParser.ExpressionContext(self, _parentctx, _parentState))
                        localctx.left = _prevctx
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expression)
                        self.state = 281
                        if not self.precpred(self._ctx, 22):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 22)")
                        self.state = 285
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)
                        while _la==SifFormulaParser.SPACE:
                            self.state = 282
                            self.match(SifFormulaParser.SPACE)
                            self.state = 287
                            self._errHandler.sync(self)
                            _la = self._input.LA(1)

                        self.state = 288
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not(_la==SifFormulaParser.TIMES or _la==SifFormulaParser.DIV):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 292
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)
                        while _la==SifFormulaParser.SPACE:
                            self.state = 289
                            self.match(SifFormulaParser.SPACE)
                            self.state = 294
                            self._errHandler.sync(self)
                            _la = self._input.LA(1)

                        self.state = 295
                        localctx.right = self.expression(23)
                        pass

                    elif la_ == 3:
                        localctx = SifFormulaParser.AddSubtractContext(self, SifFormulaParser.ExpressionContext(self, _parentctx, _parentState))
                        localctx.left = _prevctx
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expression)
                        self.state = 296
                        if not self.precpred(self._ctx, 21):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 21)")
                        self.state = 300
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)
                        while _la==SifFormulaParser.SPACE:
                            self.state = 297
                            self.match(SifFormulaParser.SPACE)
                            self.state = 302
                            self._errHandler.sync(self)
                            _la = self._input.LA(1)

                        self.state = 303
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not(_la==SifFormulaParser.PLUS or _la==SifFormulaParser.MINUS):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 307
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)
                        while _la==SifFormulaParser.SPACE:
                            self.state = 304
                            self.match(SifFormulaParser.SPACE)
                            self.state = 309
                            self._errHandler.sync(self)
                            _la = self._input.LA(1)

                        self.state = 310
                        localctx.right = self.expression(22)
                        pass

                    elif la_ == 4:
                        localctx = SifFormulaParser.CompareContext(self, SifFormulaParser.ExpressionContext(self, _parentctx, _parentState))
                        localctx.left = _prevctx
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expression)
                        self.state = 311
                        if not self.precpred(self._ctx, 20):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 20)")
                        self.state = 315
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)
                        while _la==SifFormulaParser.SPACE:
                            self.state = 312
                            self.match(SifFormulaParser.SPACE)
                            self.state = 317
                            self._errHandler.sync(self)
                            _la = self._input.LA(1)

                        self.state = 318
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & ((1 << SifFormulaParser.GT) | (1 << SifFormulaParser.GTE) | (1 << SifFormulaParser.LT) | (1 << SifFormulaParser.LTE) | (1 << SifFormulaParser.DEQ) | (1 << SifFormulaParser.NEQ))) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 322
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)
                        while _la==SifFormulaParser.SPACE:
                            self.state = 319
                            self.match(SifFormulaParser.SPACE)
                            self.state = 324
                            self._errHandler.sync(self)
                            _la = self._input.LA(1)

                        self.state = 325
                        localctx.right = self.expression(21)
                        pass

             
                self.state = 330
                self._errHandler.sync(self)
                _alt = self._interp.adaptivePredict(self._input,27,self._ctx)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.unrollRecursionContexts(_parentctx)
        return localctx

    class ResourceOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)

        def resourceSetting(self):
            return self.getTypedRuleContext(SifFormulaParser.ResourceSettingContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_resourceOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitResourceOption" ):
                return visitor.visitResourceOption(self)
            else:
                return visitor.visitChildren(self)




    def resourceOption(self):

        localctx = SifFormulaParser.ResourceOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 4, self.RULE_resourceOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 331
            self.match(SifFormulaParser.COMMA)
            self.state = 332
            self.resourceSetting()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class ResourceSettingContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def groupOption(self):
            return self.getTypedRuleContext(SifFormulaParser.GroupOptionContext,0)


        def tenantOption(self):
            return self.getTypedRuleContext(SifFormulaParser.TenantOptionContext,0)


        def versionOption(self):
            return self.getTypedRuleContext(SifFormulaParser.VersionOptionContext,0)


        def versionAsAtOption(self):
            return self.getTypedRuleContext(SifFormulaParser.VersionAsAtOptionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_resourceSetting

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitResourceSetting" ):
                return visitor.visitResourceSetting(self)
            else:
                return visitor.visitChildren(self)




    def resourceSetting(self):

        localctx = SifFormulaParser.ResourceSettingContext(self, self._ctx, self.state)
        self.enterRule(localctx, 6, self.RULE_resourceSetting)
        try:
            self.state = 338
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [SifFormulaParser.GROUP]:
                self.enterOuterAlt(localctx, 1)
                self.state = 334
                self.groupOption()
                pass
            elif token in [SifFormulaParser.TENANT]:
                self.enterOuterAlt(localctx, 2)
                self.state = 335
                self.tenantOption()
                pass
            elif token in [SifFormulaParser.VERSION]:
                self.enterOuterAlt(localctx, 3)
                self.state = 336
                self.versionOption()
                pass
            elif token in [SifFormulaParser.VERSIONASAT]:
                self.enterOuterAlt(localctx, 4)
                self.state = 337
                self.versionAsAtOption()
                pass
            else:
                raise NoViableAltException(self)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class TimestampOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)

        def timezoneOption(self):
            return self.getTypedRuleContext(SifFormulaParser.TimezoneOptionContext,0)


        def localeOption(self):
            return self.getTypedRuleContext(SifFormulaParser.LocaleOptionContext,0)


        def roundDownToOption(self):
            return self.getTypedRuleContext(SifFormulaParser.RoundDownToOptionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_timestampOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitTimestampOption" ):
                return visitor.visitTimestampOption(self)
            else:
                return visitor.visitChildren(self)




    def timestampOption(self):

        localctx = SifFormulaParser.TimestampOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 8, self.RULE_timestampOption)
        try:
            self.state = 346
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,29,self._ctx)
            if la_ == 1:
                self.enterOuterAlt(localctx, 1)
                self.state = 340
                self.match(SifFormulaParser.COMMA)
                self.state = 341
                self.timezoneOption()
                pass

            elif la_ == 2:
                self.enterOuterAlt(localctx, 2)
                self.state = 342
                self.match(SifFormulaParser.COMMA)
                self.state = 343
                self.localeOption()
                pass

            elif la_ == 3:
                self.enterOuterAlt(localctx, 3)
                self.state = 344
                self.match(SifFormulaParser.COMMA)
                self.state = 345
                self.roundDownToOption()
                pass


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class ConvertOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)

        def qualityKindOption(self):
            return self.getTypedRuleContext(SifFormulaParser.QualityKindOptionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_convertOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitConvertOption" ):
                return visitor.visitConvertOption(self)
            else:
                return visitor.visitChildren(self)




    def convertOption(self):

        localctx = SifFormulaParser.ConvertOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 10, self.RULE_convertOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 348
            self.match(SifFormulaParser.COMMA)
            self.state = 349
            self.qualityKindOption()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class SwitchOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)

        def defaultOption(self):
            return self.getTypedRuleContext(SifFormulaParser.DefaultOptionContext,0)


        def ignoreCaseOption(self):
            return self.getTypedRuleContext(SifFormulaParser.IgnoreCaseOptionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_switchOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSwitchOption" ):
                return visitor.visitSwitchOption(self)
            else:
                return visitor.visitChildren(self)




    def switchOption(self):

        localctx = SifFormulaParser.SwitchOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 12, self.RULE_switchOption)
        try:
            self.state = 355
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,30,self._ctx)
            if la_ == 1:
                self.enterOuterAlt(localctx, 1)
                self.state = 351
                self.match(SifFormulaParser.COMMA)
                self.state = 352
                self.defaultOption()
                pass

            elif la_ == 2:
                self.enterOuterAlt(localctx, 2)
                self.state = 353
                self.match(SifFormulaParser.COMMA)
                self.state = 354
                self.ignoreCaseOption()
                pass


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class SplitOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)

        def limitOption(self):
            return self.getTypedRuleContext(SifFormulaParser.LimitOptionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_splitOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSplitOption" ):
                return visitor.visitSplitOption(self)
            else:
                return visitor.visitChildren(self)




    def splitOption(self):

        localctx = SifFormulaParser.SplitOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 14, self.RULE_splitOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 357
            self.match(SifFormulaParser.COMMA)
            self.state = 358
            self.limitOption()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class SearchOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def COMMA(self):
            return self.getToken(SifFormulaParser.COMMA, 0)

        def ignoreCaseOption(self):
            return self.getTypedRuleContext(SifFormulaParser.IgnoreCaseOptionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_searchOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSearchOption" ):
                return visitor.visitSearchOption(self)
            else:
                return visitor.visitChildren(self)




    def searchOption(self):

        localctx = SifFormulaParser.SearchOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 16, self.RULE_searchOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 360
            self.match(SifFormulaParser.COMMA)
            self.state = 361
            self.ignoreCaseOption()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class ExpressionListContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def expression(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(SifFormulaParser.ExpressionContext)
            else:
                return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,i)


        def COMMA(self, i:int=None):
            if i is None:
                return self.getTokens(SifFormulaParser.COMMA)
            else:
                return self.getToken(SifFormulaParser.COMMA, i)

        def getRuleIndex(self):
            return SifFormulaParser.RULE_expressionList

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitExpressionList" ):
                return visitor.visitExpressionList(self)
            else:
                return visitor.visitChildren(self)




    def expressionList(self):

        localctx = SifFormulaParser.ExpressionListContext(self, self._ctx, self.state)
        self.enterRule(localctx, 18, self.RULE_expressionList)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 363
            self.expression(0)
            self.state = 368
            self._errHandler.sync(self)
            _alt = self._interp.adaptivePredict(self._input,31,self._ctx)
            while _alt!=2 and _alt!=ATN.INVALID_ALT_NUMBER:
                if _alt==1:
                    self.state = 364
                    self.match(SifFormulaParser.COMMA)
                    self.state = 365
                    self.expression(0) 
                self.state = 370
                self._errHandler.sync(self)
                _alt = self._interp.adaptivePredict(self._input,31,self._ctx)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class AtomContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return SifFormulaParser.RULE_atom

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)



    class ScientificLiteralContext(AtomContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.AtomContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def SCIENTIFIC_NUMBER(self):
            return self.getToken(SifFormulaParser.SCIENTIFIC_NUMBER, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitScientificLiteral" ):
                return visitor.visitScientificLiteral(self)
            else:
                return visitor.visitChildren(self)


    class StringLiteralContext(AtomContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.AtomContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def QUOTED_STRING(self):
            return self.getToken(SifFormulaParser.QUOTED_STRING, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitStringLiteral" ):
                return visitor.visitStringLiteral(self)
            else:
                return visitor.visitChildren(self)


    class ParenthesizedContext(AtomContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.AtomContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def LPAREN(self):
            return self.getToken(SifFormulaParser.LPAREN, 0)
        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)

        def RPAREN(self):
            return self.getToken(SifFormulaParser.RPAREN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitParenthesized" ):
                return visitor.visitParenthesized(self)
            else:
                return visitor.visitChildren(self)


    class BooleanLiteralContext(AtomContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.AtomContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def BOOLEAN(self):
            return self.getToken(SifFormulaParser.BOOLEAN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBooleanLiteral" ):
                return visitor.visitBooleanLiteral(self)
            else:
                return visitor.visitChildren(self)


    class ReferenceContext(AtomContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.AtomContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def TOKEN(self):
            return self.getToken(SifFormulaParser.TOKEN, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitReference" ):
                return visitor.visitReference(self)
            else:
                return visitor.visitChildren(self)


    class NullLiteralContext(AtomContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.AtomContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def NULL(self):
            return self.getToken(SifFormulaParser.NULL, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitNullLiteral" ):
                return visitor.visitNullLiteral(self)
            else:
                return visitor.visitChildren(self)


    class NumberLiteralContext(AtomContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a SifFormulaParser.AtomContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def NUMBER(self):
            return self.getToken(SifFormulaParser.NUMBER, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitNumberLiteral" ):
                return visitor.visitNumberLiteral(self)
            else:
                return visitor.visitChildren(self)



    def atom(self):

        localctx = SifFormulaParser.AtomContext(self, self._ctx, self.state)
        self.enterRule(localctx, 20, self.RULE_atom)
        try:
            self.state = 381
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [SifFormulaParser.LPAREN]:
                localctx = SifFormulaParser.ParenthesizedContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 371
                self.match(SifFormulaParser.LPAREN)
                self.state = 372
                self.expression(0)
                self.state = 373
                self.match(SifFormulaParser.RPAREN)
                pass
            elif token in [SifFormulaParser.NULL]:
                localctx = SifFormulaParser.NullLiteralContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 375
                self.match(SifFormulaParser.NULL)
                pass
            elif token in [SifFormulaParser.BOOLEAN]:
                localctx = SifFormulaParser.BooleanLiteralContext(self, localctx)
                self.enterOuterAlt(localctx, 3)
                self.state = 376
                self.match(SifFormulaParser.BOOLEAN)
                pass
            elif token in [SifFormulaParser.SCIENTIFIC_NUMBER]:
                localctx = SifFormulaParser.ScientificLiteralContext(self, localctx)
                self.enterOuterAlt(localctx, 4)
                self.state = 377
                self.match(SifFormulaParser.SCIENTIFIC_NUMBER)
                pass
            elif token in [SifFormulaParser.NUMBER]:
                localctx = SifFormulaParser.NumberLiteralContext(self, localctx)
                self.enterOuterAlt(localctx, 5)
                self.state = 378
                self.match(SifFormulaParser.NUMBER)
                pass
            elif token in [SifFormulaParser.TOKEN]:
                localctx = SifFormulaParser.ReferenceContext(self, localctx)
                self.enterOuterAlt(localctx, 6)
                self.state = 379
                self.match(SifFormulaParser.TOKEN)
                pass
            elif token in [SifFormulaParser.QUOTED_STRING]:
                localctx = SifFormulaParser.StringLiteralContext(self, localctx)
                self.enterOuterAlt(localctx, 7)
                self.state = 380
                self.match(SifFormulaParser.QUOTED_STRING)
                pass
            else:
                raise NoViableAltException(self)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class VersionOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def VERSION(self):
            return self.getToken(SifFormulaParser.VERSION, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_versionOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitVersionOption" ):
                return visitor.visitVersionOption(self)
            else:
                return visitor.visitChildren(self)




    def versionOption(self):

        localctx = SifFormulaParser.VersionOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 22, self.RULE_versionOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 383
            self.match(SifFormulaParser.VERSION)
            self.state = 384
            self.match(SifFormulaParser.EQ)
            self.state = 385
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class TenantOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def TENANT(self):
            return self.getToken(SifFormulaParser.TENANT, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_tenantOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitTenantOption" ):
                return visitor.visitTenantOption(self)
            else:
                return visitor.visitChildren(self)




    def tenantOption(self):

        localctx = SifFormulaParser.TenantOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 24, self.RULE_tenantOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 387
            self.match(SifFormulaParser.TENANT)
            self.state = 388
            self.match(SifFormulaParser.EQ)
            self.state = 389
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class VersionAsAtOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def VERSIONASAT(self):
            return self.getToken(SifFormulaParser.VERSIONASAT, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_versionAsAtOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitVersionAsAtOption" ):
                return visitor.visitVersionAsAtOption(self)
            else:
                return visitor.visitChildren(self)




    def versionAsAtOption(self):

        localctx = SifFormulaParser.VersionAsAtOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 26, self.RULE_versionAsAtOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 391
            self.match(SifFormulaParser.VERSIONASAT)
            self.state = 392
            self.match(SifFormulaParser.EQ)
            self.state = 393
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class GroupOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def GROUP(self):
            return self.getToken(SifFormulaParser.GROUP, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_groupOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitGroupOption" ):
                return visitor.visitGroupOption(self)
            else:
                return visitor.visitChildren(self)




    def groupOption(self):

        localctx = SifFormulaParser.GroupOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 28, self.RULE_groupOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 395
            self.match(SifFormulaParser.GROUP)
            self.state = 396
            self.match(SifFormulaParser.EQ)
            self.state = 397
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class DefaultOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def DEFAULT(self):
            return self.getToken(SifFormulaParser.DEFAULT, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_defaultOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitDefaultOption" ):
                return visitor.visitDefaultOption(self)
            else:
                return visitor.visitChildren(self)




    def defaultOption(self):

        localctx = SifFormulaParser.DefaultOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 30, self.RULE_defaultOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 399
            self.match(SifFormulaParser.DEFAULT)
            self.state = 400
            self.match(SifFormulaParser.EQ)
            self.state = 401
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class IgnoreCaseOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def IGNORECASE(self):
            return self.getToken(SifFormulaParser.IGNORECASE, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_ignoreCaseOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitIgnoreCaseOption" ):
                return visitor.visitIgnoreCaseOption(self)
            else:
                return visitor.visitChildren(self)




    def ignoreCaseOption(self):

        localctx = SifFormulaParser.IgnoreCaseOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 32, self.RULE_ignoreCaseOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 403
            self.match(SifFormulaParser.IGNORECASE)
            self.state = 404
            self.match(SifFormulaParser.EQ)
            self.state = 405
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class QualityKindOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def QUALITYKIND(self):
            return self.getToken(SifFormulaParser.QUALITYKIND, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_qualityKindOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitQualityKindOption" ):
                return visitor.visitQualityKindOption(self)
            else:
                return visitor.visitChildren(self)




    def qualityKindOption(self):

        localctx = SifFormulaParser.QualityKindOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 34, self.RULE_qualityKindOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 407
            self.match(SifFormulaParser.QUALITYKIND)
            self.state = 408
            self.match(SifFormulaParser.EQ)
            self.state = 409
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class LimitOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def LIMIT(self):
            return self.getToken(SifFormulaParser.LIMIT, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_limitOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitLimitOption" ):
                return visitor.visitLimitOption(self)
            else:
                return visitor.visitChildren(self)




    def limitOption(self):

        localctx = SifFormulaParser.LimitOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 36, self.RULE_limitOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 411
            self.match(SifFormulaParser.LIMIT)
            self.state = 412
            self.match(SifFormulaParser.EQ)
            self.state = 413
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class LocaleOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def LOCALE(self):
            return self.getToken(SifFormulaParser.LOCALE, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_localeOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitLocaleOption" ):
                return visitor.visitLocaleOption(self)
            else:
                return visitor.visitChildren(self)




    def localeOption(self):

        localctx = SifFormulaParser.LocaleOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 38, self.RULE_localeOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 415
            self.match(SifFormulaParser.LOCALE)
            self.state = 416
            self.match(SifFormulaParser.EQ)
            self.state = 417
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class TimezoneOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def TIMEZONE(self):
            return self.getToken(SifFormulaParser.TIMEZONE, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_timezoneOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitTimezoneOption" ):
                return visitor.visitTimezoneOption(self)
            else:
                return visitor.visitChildren(self)




    def timezoneOption(self):

        localctx = SifFormulaParser.TimezoneOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 40, self.RULE_timezoneOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 419
            self.match(SifFormulaParser.TIMEZONE)
            self.state = 420
            self.match(SifFormulaParser.EQ)
            self.state = 421
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class RoundDownToOptionContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def ROUNDDOWNTO(self):
            return self.getToken(SifFormulaParser.ROUNDDOWNTO, 0)

        def EQ(self):
            return self.getToken(SifFormulaParser.EQ, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def getRuleIndex(self):
            return SifFormulaParser.RULE_roundDownToOption

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitRoundDownToOption" ):
                return visitor.visitRoundDownToOption(self)
            else:
                return visitor.visitChildren(self)




    def roundDownToOption(self):

        localctx = SifFormulaParser.RoundDownToOptionContext(self, self._ctx, self.state)
        self.enterRule(localctx, 42, self.RULE_roundDownToOption)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 423
            self.match(SifFormulaParser.ROUNDDOWNTO)
            self.state = 424
            self.match(SifFormulaParser.EQ)
            self.state = 425
            self.expression(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx

    class ArrayIndexContext(ParserRuleContext):

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def LSQUARE(self):
            return self.getToken(SifFormulaParser.LSQUARE, 0)

        def expression(self):
            return self.getTypedRuleContext(SifFormulaParser.ExpressionContext,0)


        def RSQUARE(self):
            return self.getToken(SifFormulaParser.RSQUARE, 0)

        def getRuleIndex(self):
            return SifFormulaParser.RULE_arrayIndex

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitArrayIndex" ):
                return visitor.visitArrayIndex(self)
            else:
                return visitor.visitChildren(self)




    def arrayIndex(self):

        localctx = SifFormulaParser.ArrayIndexContext(self, self._ctx, self.state)
        self.enterRule(localctx, 44, self.RULE_arrayIndex)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 427
            self.match(SifFormulaParser.LSQUARE)
            self.state = 428
            self.expression(0)
            self.state = 429
            self.match(SifFormulaParser.RSQUARE)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx



    def sempred(self, localctx:RuleContext, ruleIndex:int, predIndex:int):
        if self._predicates == None:
            self._predicates = dict()
        self._predicates[1] = self.expression_sempred
        pred = self._predicates.get(ruleIndex, None)
        if pred is None:
            raise Exception("No predicate with index:" + str(ruleIndex))
        else:
            return pred(localctx, predIndex)

    def expression_sempred(self, localctx:ExpressionContext, predIndex:int):
            if predIndex == 0:
                return self.precpred(self._ctx, 23)
         

            if predIndex == 1:
                return self.precpred(self._ctx, 22)
         

            if predIndex == 2:
                return self.precpred(self._ctx, 21)
         

            if predIndex == 3:
                return self.precpred(self._ctx, 20)
         




