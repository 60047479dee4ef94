# Generated from SifFormula.g4 by ANTLR 4.7.2
from antlr4 import *
from io import StringIO
from typing import TextIO
import sys


def serializedATN():
    with StringIO() as buf:
        buf.write("\3\u608b\ua72a\u8133\ub9ed\u417c\u3be7\u7786\u5964\2@")
        buf.write("\u028a\b\1\4\2\t\2\4\3\t\3\4\4\t\4\4\5\t\5\4\6\t\6\4\7")
        buf.write("\t\7\4\b\t\b\4\t\t\t\4\n\t\n\4\13\t\13\4\f\t\f\4\r\t\r")
        buf.write("\4\16\t\16\4\17\t\17\4\20\t\20\4\21\t\21\4\22\t\22\4\23")
        buf.write("\t\23\4\24\t\24\4\25\t\25\4\26\t\26\4\27\t\27\4\30\t\30")
        buf.write("\4\31\t\31\4\32\t\32\4\33\t\33\4\34\t\34\4\35\t\35\4\36")
        buf.write("\t\36\4\37\t\37\4 \t \4!\t!\4\"\t\"\4#\t#\4$\t$\4%\t%")
        buf.write("\4&\t&\4\'\t\'\4(\t(\4)\t)\4*\t*\4+\t+\4,\t,\4-\t-\4.")
        buf.write("\t.\4/\t/\4\60\t\60\4\61\t\61\4\62\t\62\4\63\t\63\4\64")
        buf.write("\t\64\4\65\t\65\4\66\t\66\4\67\t\67\48\t8\49\t9\4:\t:")
        buf.write("\4;\t;\4<\t<\4=\t=\4>\t>\4?\t?\4@\t@\4A\tA\4B\tB\4C\t")
        buf.write("C\4D\tD\4E\tE\4F\tF\4G\tG\4H\tH\4I\tI\4J\tJ\4K\tK\4L\t")
        buf.write("L\4M\tM\4N\tN\4O\tO\4P\tP\4Q\tQ\4R\tR\4S\tS\4T\tT\4U\t")
        buf.write("U\4V\tV\4W\tW\4X\tX\4Y\tY\4Z\tZ\4[\t[\4\\\t\\\4]\t]\4")
        buf.write("^\t^\3\2\3\2\3\2\3\2\3\2\3\2\3\2\3\2\3\2\3\2\3\2\3\2\3")
        buf.write("\2\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3\3")
        buf.write("\3\3\3\3\3\3\3\4\3\4\3\4\3\4\3\4\3\4\3\4\3\4\3\4\3\4\3")
        buf.write("\5\3\5\3\5\3\5\3\5\3\5\3\5\3\5\3\5\3\6\3\6\3\6\3\6\3\6")
        buf.write("\3\6\3\6\3\7\3\7\3\7\3\7\3\7\3\7\3\7\3\7\3\b\3\b\3\b\3")
        buf.write("\t\3\t\3\t\3\t\3\t\3\t\3\t\3\n\3\n\3\n\3\n\3\n\3\n\3\n")
        buf.write("\3\13\3\13\3\13\3\13\3\13\3\13\3\13\3\13\3\13\3\13\3\f")
        buf.write("\3\f\3\f\3\f\3\r\3\r\3\r\3\r\3\r\3\16\3\16\3\16\3\16\3")
        buf.write("\17\3\17\3\17\3\17\3\17\3\17\3\17\3\20\3\20\3\20\3\20")
        buf.write("\3\20\3\20\3\21\3\21\3\21\3\21\3\21\3\21\3\21\3\22\3\22")
        buf.write("\3\22\3\22\3\22\3\22\3\22\3\22\3\22\3\22\3\23\3\23\3\23")
        buf.write("\3\23\3\23\3\23\3\23\3\24\3\24\3\24\3\24\3\24\3\24\3\24")
        buf.write("\3\24\3\24\3\24\3\24\5\24\u0155\n\24\3\25\3\25\3\25\3")
        buf.write("\25\3\25\3\25\3\25\3\25\3\26\3\26\3\26\3\26\3\26\3\26")
        buf.write("\3\27\3\27\3\27\3\27\3\27\3\27\3\27\3\27\3\27\3\27\3\27")
        buf.write("\3\30\3\30\3\30\3\30\3\30\3\30\3\30\3\31\3\31\3\31\3\31")
        buf.write("\3\31\3\32\3\32\3\32\3\32\3\32\3\32\3\32\3\32\3\32\3\32")
        buf.write("\3\32\3\32\3\33\3\33\3\33\3\33\3\33\3\33\3\33\3\34\3\34")
        buf.write("\3\34\3\34\3\34\3\34\3\34\3\34\3\34\3\35\3\35\3\35\3\35")
        buf.write("\3\35\3\35\3\35\3\35\3\36\3\36\3\36\3\36\3\36\3\36\3\36")
        buf.write("\3\36\3\36\3\36\3\36\3\36\3\37\3\37\3\37\3\37\3\37\3\37")
        buf.write("\3\37\3\37\3\37\3\37\3\37\3\37\3 \3 \3 \3 \3 \3 \3!\3")
        buf.write("!\3!\3!\7!\u01c2\n!\f!\16!\u01c5\13!\3\"\3\"\3\"\7\"\u01ca")
        buf.write("\n\"\f\"\16\"\u01cd\13\"\3\"\5\"\u01d0\n\"\3#\3#\3#\3")
        buf.write("#\7#\u01d6\n#\f#\16#\u01d9\13#\3#\3#\3$\6$\u01de\n$\r")
        buf.write("$\16$\u01df\3$\3$\6$\u01e4\n$\r$\16$\u01e5\5$\u01e8\n")
        buf.write("$\3%\3%\3%\5%\u01ed\n%\3%\6%\u01f0\n%\r%\16%\u01f1\5%")
        buf.write("\u01f4\n%\3&\3&\3\'\3\'\3(\3(\5(\u01fc\n(\3)\3)\5)\u0200")
        buf.write("\n)\3*\3*\3+\3+\3,\3,\3-\3-\3.\3.\3/\3/\3\60\3\60\3\61")
        buf.write("\3\61\3\62\3\62\3\63\3\63\3\64\3\64\3\65\3\65\3\66\3\66")
        buf.write("\3\67\3\67\38\38\39\39\3:\3:\3;\3;\3<\3<\3=\3=\3>\3>\3")
        buf.write("?\3?\3@\3@\3A\3A\3B\3B\3C\3C\3D\3D\3E\3E\3F\3F\3G\3G\3")
        buf.write("H\3H\3I\3I\3J\3J\3K\3K\3L\3L\3M\3M\3M\3N\3N\3O\3O\3O\3")
        buf.write("P\3P\3P\3Q\3Q\3Q\3R\3R\3S\3S\3T\3T\3U\3U\3V\3V\3W\7W\u0261")
        buf.write("\nW\fW\16W\u0264\13W\3W\3W\7W\u0268\nW\fW\16W\u026b\13")
        buf.write("W\3X\3X\3Y\3Y\3Z\3Z\3[\3[\3\\\7\\\u0276\n\\\f\\\16\\\u0279")
        buf.write("\13\\\3\\\3\\\3\\\5\\\u027e\n\\\5\\\u0280\n\\\3]\6]\u0283")
        buf.write("\n]\r]\16]\u0284\3]\3]\3^\3^\2\2_\3\3\5\4\7\5\t\6\13\7")
        buf.write("\r\b\17\t\21\n\23\13\25\f\27\r\31\16\33\17\35\20\37\21")
        buf.write("!\22#\23%\24\'\25)\26+\27-\30/\31\61\32\63\33\65\34\67")
        buf.write("\359\36;\37= ?!A\"C#E$G%I&K\2M\2O\2Q\2S\2U\2W\2Y\2[\2")
        buf.write("]\2_\2a\2c\2e\2g\2i\2k\2m\2o\2q\2s\2u\2w\2y\2{\2}\2\177")
        buf.write("\2\u0081\2\u0083\2\u0085\2\u0087\2\u0089\'\u008b(\u008d")
        buf.write(")\u008f*\u0091+\u0093,\u0095-\u0097.\u0099/\u009b\60\u009d")
        buf.write("\61\u009f\62\u00a1\63\u00a3\64\u00a5\65\u00a7\66\u00a9")
        buf.write("\67\u00ab8\u00ad9\u00af:\u00b1;\u00b3<\u00b5=\u00b7>\u00b9")
        buf.write("?\u00bb@\3\2$\4\2))^^\4\2)+^^\4\2--//\5\2C\\aac|\6\2\62")
        buf.write(";C\\aac|\4\2%%<<\3\2\62;\4\2CCcc\4\2DDdd\4\2EEee\4\2F")
        buf.write("Fff\4\2GGgg\4\2HHhh\4\2IIii\4\2JJjj\4\2KKkk\4\2LLll\4")
        buf.write("\2MMmm\4\2NNnn\4\2OOoo\4\2PPpp\4\2QQqq\4\2RRrr\4\2SSs")
        buf.write("s\4\2TTtt\4\2UUuu\4\2VVvv\4\2WWww\4\2XXxx\4\2YYyy\4\2")
        buf.write("ZZzz\4\2[[{{\4\2\\\\||\4\2\13\13\"\"\2\u027f\2\3\3\2\2")
        buf.write("\2\2\5\3\2\2\2\2\7\3\2\2\2\2\t\3\2\2\2\2\13\3\2\2\2\2")
        buf.write("\r\3\2\2\2\2\17\3\2\2\2\2\21\3\2\2\2\2\23\3\2\2\2\2\25")
        buf.write("\3\2\2\2\2\27\3\2\2\2\2\31\3\2\2\2\2\33\3\2\2\2\2\35\3")
        buf.write("\2\2\2\2\37\3\2\2\2\2!\3\2\2\2\2#\3\2\2\2\2%\3\2\2\2\2")
        buf.write("\'\3\2\2\2\2)\3\2\2\2\2+\3\2\2\2\2-\3\2\2\2\2/\3\2\2\2")
        buf.write("\2\61\3\2\2\2\2\63\3\2\2\2\2\65\3\2\2\2\2\67\3\2\2\2\2")
        buf.write("9\3\2\2\2\2;\3\2\2\2\2=\3\2\2\2\2?\3\2\2\2\2A\3\2\2\2")
        buf.write("\2C\3\2\2\2\2E\3\2\2\2\2G\3\2\2\2\2I\3\2\2\2\2\u0089\3")
        buf.write("\2\2\2\2\u008b\3\2\2\2\2\u008d\3\2\2\2\2\u008f\3\2\2\2")
        buf.write("\2\u0091\3\2\2\2\2\u0093\3\2\2\2\2\u0095\3\2\2\2\2\u0097")
        buf.write("\3\2\2\2\2\u0099\3\2\2\2\2\u009b\3\2\2\2\2\u009d\3\2\2")
        buf.write("\2\2\u009f\3\2\2\2\2\u00a1\3\2\2\2\2\u00a3\3\2\2\2\2\u00a5")
        buf.write("\3\2\2\2\2\u00a7\3\2\2\2\2\u00a9\3\2\2\2\2\u00ab\3\2\2")
        buf.write("\2\2\u00ad\3\2\2\2\2\u00af\3\2\2\2\2\u00b1\3\2\2\2\2\u00b3")
        buf.write("\3\2\2\2\2\u00b5\3\2\2\2\2\u00b7\3\2\2\2\2\u00b9\3\2\2")
        buf.write("\2\2\u00bb\3\2\2\2\3\u00bd\3\2\2\2\5\u00ca\3\2\2\2\7\u00da")
        buf.write("\3\2\2\2\t\u00e4\3\2\2\2\13\u00ed\3\2\2\2\r\u00f4\3\2")
        buf.write("\2\2\17\u00fc\3\2\2\2\21\u00ff\3\2\2\2\23\u0106\3\2\2")
        buf.write("\2\25\u010d\3\2\2\2\27\u0117\3\2\2\2\31\u011b\3\2\2\2")
        buf.write("\33\u0120\3\2\2\2\35\u0124\3\2\2\2\37\u012b\3\2\2\2!\u0131")
        buf.write("\3\2\2\2#\u0138\3\2\2\2%\u0142\3\2\2\2\'\u0154\3\2\2\2")
        buf.write(")\u0156\3\2\2\2+\u015e\3\2\2\2-\u0164\3\2\2\2/\u016f\3")
        buf.write("\2\2\2\61\u0176\3\2\2\2\63\u017b\3\2\2\2\65\u0187\3\2")
        buf.write("\2\2\67\u018e\3\2\2\29\u0197\3\2\2\2;\u019f\3\2\2\2=\u01ab")
        buf.write("\3\2\2\2?\u01b7\3\2\2\2A\u01bd\3\2\2\2C\u01c6\3\2\2\2")
        buf.write("E\u01d1\3\2\2\2G\u01dd\3\2\2\2I\u01e9\3\2\2\2K\u01f5\3")
        buf.write("\2\2\2M\u01f7\3\2\2\2O\u01fb\3\2\2\2Q\u01ff\3\2\2\2S\u0201")
        buf.write("\3\2\2\2U\u0203\3\2\2\2W\u0205\3\2\2\2Y\u0207\3\2\2\2")
        buf.write("[\u0209\3\2\2\2]\u020b\3\2\2\2_\u020d\3\2\2\2a\u020f\3")
        buf.write("\2\2\2c\u0211\3\2\2\2e\u0213\3\2\2\2g\u0215\3\2\2\2i\u0217")
        buf.write("\3\2\2\2k\u0219\3\2\2\2m\u021b\3\2\2\2o\u021d\3\2\2\2")
        buf.write("q\u021f\3\2\2\2s\u0221\3\2\2\2u\u0223\3\2\2\2w\u0225\3")
        buf.write("\2\2\2y\u0227\3\2\2\2{\u0229\3\2\2\2}\u022b\3\2\2\2\177")
        buf.write("\u022d\3\2\2\2\u0081\u022f\3\2\2\2\u0083\u0231\3\2\2\2")
        buf.write("\u0085\u0233\3\2\2\2\u0087\u0235\3\2\2\2\u0089\u0237\3")
        buf.write("\2\2\2\u008b\u0239\3\2\2\2\u008d\u023b\3\2\2\2\u008f\u023d")
        buf.write("\3\2\2\2\u0091\u023f\3\2\2\2\u0093\u0241\3\2\2\2\u0095")
        buf.write("\u0243\3\2\2\2\u0097\u0245\3\2\2\2\u0099\u0247\3\2\2\2")
        buf.write("\u009b\u024a\3\2\2\2\u009d\u024c\3\2\2\2\u009f\u024f\3")
        buf.write("\2\2\2\u00a1\u0252\3\2\2\2\u00a3\u0255\3\2\2\2\u00a5\u0257")
        buf.write("\3\2\2\2\u00a7\u0259\3\2\2\2\u00a9\u025b\3\2\2\2\u00ab")
        buf.write("\u025d\3\2\2\2\u00ad\u0262\3\2\2\2\u00af\u026c\3\2\2\2")
        buf.write("\u00b1\u026e\3\2\2\2\u00b3\u0270\3\2\2\2\u00b5\u0272\3")
        buf.write("\2\2\2\u00b7\u0277\3\2\2\2\u00b9\u0282\3\2\2\2\u00bb\u0288")
        buf.write("\3\2\2\2\u00bd\u00be\5U+\2\u00be\u00bf\5y=\2\u00bf\u00c0")
        buf.write("\7a\2\2\u00c0\u00c1\5{>\2\u00c1\u00c2\5e\63\2\u00c2\u00c3")
        buf.write("\5m\67\2\u00c3\u00c4\5]/\2\u00c4\u00c5\5y=\2\u00c5\u00c6")
        buf.write("\5{>\2\u00c6\u00c7\5U+\2\u00c7\u00c8\5m\67\2\u00c8\u00c9")
        buf.write("\5s:\2\u00c9\4\3\2\2\2\u00ca\u00cb\5U+\2\u00cb\u00cc\5")
        buf.write("y=\2\u00cc\u00cd\5y=\2\u00cd\u00ce\5e\63\2\u00ce\u00cf")
        buf.write("\5a\61\2\u00cf\u00d0\5o8\2\u00d0\u00d1\7a\2\2\u00d1\u00d2")
        buf.write("\5{>\2\u00d2\u00d3\5q9\2\u00d3\u00d4\7a\2\2\u00d4\u00d5")
        buf.write("\5a\61\2\u00d5\u00d6\5w<\2\u00d6\u00d7\5q9\2\u00d7\u00d8")
        buf.write("\5}?\2\u00d8\u00d9\5s:\2\u00d9\6\3\2\2\2\u00da\u00db\5")
        buf.write("a\61\2\u00db\u00dc\5]/\2\u00dc\u00dd\5{>\2\u00dd\u00de")
        buf.write("\7a\2\2\u00de\u00df\5\177@\2\u00df\u00e0\5U+\2\u00e0\u00e1")
        buf.write("\5k\66\2\u00e1\u00e2\5}?\2\u00e2\u00e3\5]/\2\u00e3\b\3")
        buf.write("\2\2\2\u00e4\u00e5\5Y-\2\u00e5\u00e6\5q9\2\u00e6\u00e7")
        buf.write("\5U+\2\u00e7\u00e8\5k\66\2\u00e8\u00e9\5]/\2\u00e9\u00ea")
        buf.write("\5y=\2\u00ea\u00eb\5Y-\2\u00eb\u00ec\5]/\2\u00ec\n\3\2")
        buf.write("\2\2\u00ed\u00ee\5Y-\2\u00ee\u00ef\5q9\2\u00ef\u00f0\5")
        buf.write("o8\2\u00f0\u00f1\5Y-\2\u00f1\u00f2\5U+\2\u00f2\u00f3\5")
        buf.write("{>\2\u00f3\f\3\2\2\2\u00f4\u00f5\5Y-\2\u00f5\u00f6\5q")
        buf.write("9\2\u00f6\u00f7\5o8\2\u00f7\u00f8\5\177@\2\u00f8\u00f9")
        buf.write("\5]/\2\u00f9\u00fa\5w<\2\u00fa\u00fb\5{>\2\u00fb\16\3")
        buf.write("\2\2\2\u00fc\u00fd\5e\63\2\u00fd\u00fe\5_\60\2\u00fe\20")
        buf.write("\3\2\2\2\u00ff\u0100\5e\63\2\u0100\u0101\5m\67\2\u0101")
        buf.write("\u0102\5s:\2\u0102\u0103\5U+\2\u0103\u0104\5Y-\2\u0104")
        buf.write("\u0105\5{>\2\u0105\22\3\2\2\2\u0106\u0107\5k\66\2\u0107")
        buf.write("\u0108\5q9\2\u0108\u0109\5q9\2\u0109\u010a\5i\65\2\u010a")
        buf.write("\u010b\5}?\2\u010b\u010c\5s:\2\u010c\24\3\2\2\2\u010d")
        buf.write("\u010e\5k\66\2\u010e\u010f\5q9\2\u010f\u0110\5\u0081A")
        buf.write("\2\u0110\u0111\5]/\2\u0111\u0112\5w<\2\u0112\u0113\5Y")
        buf.write("-\2\u0113\u0114\5U+\2\u0114\u0115\5y=\2\u0115\u0116\5")
        buf.write("]/\2\u0116\26\3\2\2\2\u0117\u0118\5w<\2\u0118\u0119\5")
        buf.write("]/\2\u0119\u011a\5_\60\2\u011a\30\3\2\2\2\u011b\u011c")
        buf.write("\5Y-\2\u011c\u011d\5U+\2\u011d\u011e\5m\67\2\u011e\u011f")
        buf.write("\5k\66\2\u011f\32\3\2\2\2\u0120\u0121\5y=\2\u0121\u0122")
        buf.write("\5]/\2\u0122\u0123\5{>\2\u0123\34\3\2\2\2\u0124\u0125")
        buf.write("\5y=\2\u0125\u0126\5q9\2\u0126\u0127\5}?\2\u0127\u0128")
        buf.write("\5w<\2\u0128\u0129\5Y-\2\u0129\u012a\5]/\2\u012a\36\3")
        buf.write("\2\2\2\u012b\u012c\5y=\2\u012c\u012d\5s:\2\u012d\u012e")
        buf.write("\5k\66\2\u012e\u012f\5e\63\2\u012f\u0130\5{>\2\u0130 ")
        buf.write("\3\2\2\2\u0131\u0132\5y=\2\u0132\u0133\5\u0081A\2\u0133")
        buf.write("\u0134\5e\63\2\u0134\u0135\5{>\2\u0135\u0136\5Y-\2\u0136")
        buf.write("\u0137\5c\62\2\u0137\"\3\2\2\2\u0138\u0139\5}?\2\u0139")
        buf.write("\u013a\5s:\2\u013a\u013b\5s:\2\u013b\u013c\5]/\2\u013c")
        buf.write("\u013d\5w<\2\u013d\u013e\5Y-\2\u013e\u013f\5U+\2\u013f")
        buf.write("\u0140\5y=\2\u0140\u0141\5]/\2\u0141$\3\2\2\2\u0142\u0143")
        buf.write("\5y=\2\u0143\u0144\5]/\2\u0144\u0145\5U+\2\u0145\u0146")
        buf.write("\5w<\2\u0146\u0147\5Y-\2\u0147\u0148\5c\62\2\u0148&\3")
        buf.write("\2\2\2\u0149\u014a\5{>\2\u014a\u014b\5w<\2\u014b\u014c")
        buf.write("\5}?\2\u014c\u014d\5]/\2\u014d\u0155\3\2\2\2\u014e\u014f")
        buf.write("\5_\60\2\u014f\u0150\5U+\2\u0150\u0151\5k\66\2\u0151\u0152")
        buf.write("\5y=\2\u0152\u0153\5]/\2\u0153\u0155\3\2\2\2\u0154\u0149")
        buf.write("\3\2\2\2\u0154\u014e\3\2\2\2\u0155(\3\2\2\2\u0156\u0157")
        buf.write("\5[.\2\u0157\u0158\5]/\2\u0158\u0159\5_\60\2\u0159\u015a")
        buf.write("\5U+\2\u015a\u015b\5}?\2\u015b\u015c\5k\66\2\u015c\u015d")
        buf.write("\5{>\2\u015d*\3\2\2\2\u015e\u015f\5a\61\2\u015f\u0160")
        buf.write("\5w<\2\u0160\u0161\5q9\2\u0161\u0162\5}?\2\u0162\u0163")
        buf.write("\5s:\2\u0163,\3\2\2\2\u0164\u0165\5e\63\2\u0165\u0166")
        buf.write("\5a\61\2\u0166\u0167\5o8\2\u0167\u0168\5q9\2\u0168\u0169")
        buf.write("\5w<\2\u0169\u016a\5]/\2\u016a\u016b\5Y-\2\u016b\u016c")
        buf.write("\5U+\2\u016c\u016d\5y=\2\u016d\u016e\5]/\2\u016e.\3\2")
        buf.write("\2\2\u016f\u0170\5k\66\2\u0170\u0171\5q9\2\u0171\u0172")
        buf.write("\5Y-\2\u0172\u0173\5U+\2\u0173\u0174\5k\66\2\u0174\u0175")
        buf.write("\5]/\2\u0175\60\3\2\2\2\u0176\u0177\5o8\2\u0177\u0178")
        buf.write("\5}?\2\u0178\u0179\5k\66\2\u0179\u017a\5k\66\2\u017a\62")
        buf.write("\3\2\2\2\u017b\u017c\5u;\2\u017c\u017d\5}?\2\u017d\u017e")
        buf.write("\5U+\2\u017e\u017f\5k\66\2\u017f\u0180\5e\63\2\u0180\u0181")
        buf.write("\5{>\2\u0181\u0182\5\u0085C\2\u0182\u0183\5i\65\2\u0183")
        buf.write("\u0184\5e\63\2\u0184\u0185\5o8\2\u0185\u0186\5[.\2\u0186")
        buf.write("\64\3\2\2\2\u0187\u0188\5{>\2\u0188\u0189\5]/\2\u0189")
        buf.write("\u018a\5o8\2\u018a\u018b\5U+\2\u018b\u018c\5o8\2\u018c")
        buf.write("\u018d\5{>\2\u018d\66\3\2\2\2\u018e\u018f\5{>\2\u018f")
        buf.write("\u0190\5e\63\2\u0190\u0191\5m\67\2\u0191\u0192\5]/\2\u0192")
        buf.write("\u0193\5\u0087D\2\u0193\u0194\5q9\2\u0194\u0195\5o8\2")
        buf.write("\u0195\u0196\5]/\2\u01968\3\2\2\2\u0197\u0198\5\177@\2")
        buf.write("\u0198\u0199\5]/\2\u0199\u019a\5w<\2\u019a\u019b\5y=\2")
        buf.write("\u019b\u019c\5e\63\2\u019c\u019d\5q9\2\u019d\u019e\5o")
        buf.write("8\2\u019e:\3\2\2\2\u019f\u01a0\5\177@\2\u01a0\u01a1\5")
        buf.write("]/\2\u01a1\u01a2\5w<\2\u01a2\u01a3\5y=\2\u01a3\u01a4\5")
        buf.write("e\63\2\u01a4\u01a5\5q9\2\u01a5\u01a6\5o8\2\u01a6\u01a7")
        buf.write("\5U+\2\u01a7\u01a8\5y=\2\u01a8\u01a9\5U+\2\u01a9\u01aa")
        buf.write("\5{>\2\u01aa<\3\2\2\2\u01ab\u01ac\5w<\2\u01ac\u01ad\5")
        buf.write("q9\2\u01ad\u01ae\5}?\2\u01ae\u01af\5o8\2\u01af\u01b0\5")
        buf.write("[.\2\u01b0\u01b1\5[.\2\u01b1\u01b2\5q9\2\u01b2\u01b3\5")
        buf.write("\u0081A\2\u01b3\u01b4\5o8\2\u01b4\u01b5\5{>\2\u01b5\u01b6")
        buf.write("\5q9\2\u01b6>\3\2\2\2\u01b7\u01b8\5k\66\2\u01b8\u01b9")
        buf.write("\5e\63\2\u01b9\u01ba\5m\67\2\u01ba\u01bb\5e\63\2\u01bb")
        buf.write("\u01bc\5{>\2\u01bc@\3\2\2\2\u01bd\u01be\7%\2\2\u01be\u01c3")
        buf.write("\5K&\2\u01bf\u01c2\5K&\2\u01c0\u01c2\5S*\2\u01c1\u01bf")
        buf.write("\3\2\2\2\u01c1\u01c0\3\2\2\2\u01c2\u01c5\3\2\2\2\u01c3")
        buf.write("\u01c1\3\2\2\2\u01c3\u01c4\3\2\2\2\u01c4B\3\2\2\2\u01c5")
        buf.write("\u01c3\3\2\2\2\u01c6\u01c7\7<\2\2\u01c7\u01cf\5M\'\2\u01c8")
        buf.write("\u01ca\5Q)\2\u01c9\u01c8\3\2\2\2\u01ca\u01cd\3\2\2\2\u01cb")
        buf.write("\u01c9\3\2\2\2\u01cb\u01cc\3\2\2\2\u01cc\u01ce\3\2\2\2")
        buf.write("\u01cd\u01cb\3\2\2\2\u01ce\u01d0\5O(\2\u01cf\u01cb\3\2")
        buf.write("\2\2\u01cf\u01d0\3\2\2\2\u01d0D\3\2\2\2\u01d1\u01d7\7")
        buf.write(")\2\2\u01d2\u01d6\n\2\2\2\u01d3\u01d4\7^\2\2\u01d4\u01d6")
        buf.write("\t\3\2\2\u01d5\u01d2\3\2\2\2\u01d5\u01d3\3\2\2\2\u01d6")
        buf.write("\u01d9\3\2\2\2\u01d7\u01d5\3\2\2\2\u01d7\u01d8\3\2\2\2")
        buf.write("\u01d8\u01da\3\2\2\2\u01d9\u01d7\3\2\2\2\u01da\u01db\7")
        buf.write(")\2\2\u01dbF\3\2\2\2\u01dc\u01de\5S*\2\u01dd\u01dc\3\2")
        buf.write("\2\2\u01de\u01df\3\2\2\2\u01df\u01dd\3\2\2\2\u01df\u01e0")
        buf.write("\3\2\2\2\u01e0\u01e7\3\2\2\2\u01e1\u01e3\7\60\2\2\u01e2")
        buf.write("\u01e4\5S*\2\u01e3\u01e2\3\2\2\2\u01e4\u01e5\3\2\2\2\u01e5")
        buf.write("\u01e3\3\2\2\2\u01e5\u01e6\3\2\2\2\u01e6\u01e8\3\2\2\2")
        buf.write("\u01e7\u01e1\3\2\2\2\u01e7\u01e8\3\2\2\2\u01e8H\3\2\2")
        buf.write("\2\u01e9\u01f3\5G$\2\u01ea\u01ec\5]/\2\u01eb\u01ed\t\4")
        buf.write("\2\2\u01ec\u01eb\3\2\2\2\u01ec\u01ed\3\2\2\2\u01ed\u01ef")
        buf.write("\3\2\2\2\u01ee\u01f0\5S*\2\u01ef\u01ee\3\2\2\2\u01f0\u01f1")
        buf.write("\3\2\2\2\u01f1\u01ef\3\2\2\2\u01f1\u01f2\3\2\2\2\u01f2")
        buf.write("\u01f4\3\2\2\2\u01f3\u01ea\3\2\2\2\u01f3\u01f4\3\2\2\2")
        buf.write("\u01f4J\3\2\2\2\u01f5\u01f6\t\5\2\2\u01f6L\3\2\2\2\u01f7")
        buf.write("\u01f8\t\6\2\2\u01f8N\3\2\2\2\u01f9\u01fc\5M\'\2\u01fa")
        buf.write("\u01fc\t\7\2\2\u01fb\u01f9\3\2\2\2\u01fb\u01fa\3\2\2\2")
        buf.write("\u01fcP\3\2\2\2\u01fd\u0200\5O(\2\u01fe\u0200\7\"\2\2")
        buf.write("\u01ff\u01fd\3\2\2\2\u01ff\u01fe\3\2\2\2\u0200R\3\2\2")
        buf.write("\2\u0201\u0202\t\b\2\2\u0202T\3\2\2\2\u0203\u0204\t\t")
        buf.write("\2\2\u0204V\3\2\2\2\u0205\u0206\t\n\2\2\u0206X\3\2\2\2")
        buf.write("\u0207\u0208\t\13\2\2\u0208Z\3\2\2\2\u0209\u020a\t\f\2")
        buf.write("\2\u020a\\\3\2\2\2\u020b\u020c\t\r\2\2\u020c^\3\2\2\2")
        buf.write("\u020d\u020e\t\16\2\2\u020e`\3\2\2\2\u020f\u0210\t\17")
        buf.write("\2\2\u0210b\3\2\2\2\u0211\u0212\t\20\2\2\u0212d\3\2\2")
        buf.write("\2\u0213\u0214\t\21\2\2\u0214f\3\2\2\2\u0215\u0216\t\22")
        buf.write("\2\2\u0216h\3\2\2\2\u0217\u0218\t\23\2\2\u0218j\3\2\2")
        buf.write("\2\u0219\u021a\t\24\2\2\u021al\3\2\2\2\u021b\u021c\t\25")
        buf.write("\2\2\u021cn\3\2\2\2\u021d\u021e\t\26\2\2\u021ep\3\2\2")
        buf.write("\2\u021f\u0220\t\27\2\2\u0220r\3\2\2\2\u0221\u0222\t\30")
        buf.write("\2\2\u0222t\3\2\2\2\u0223\u0224\t\31\2\2\u0224v\3\2\2")
        buf.write("\2\u0225\u0226\t\32\2\2\u0226x\3\2\2\2\u0227\u0228\t\33")
        buf.write("\2\2\u0228z\3\2\2\2\u0229\u022a\t\34\2\2\u022a|\3\2\2")
        buf.write("\2\u022b\u022c\t\35\2\2\u022c~\3\2\2\2\u022d\u022e\t\36")
        buf.write("\2\2\u022e\u0080\3\2\2\2\u022f\u0230\t\37\2\2\u0230\u0082")
        buf.write("\3\2\2\2\u0231\u0232\t \2\2\u0232\u0084\3\2\2\2\u0233")
        buf.write("\u0234\t!\2\2\u0234\u0086\3\2\2\2\u0235\u0236\t\"\2\2")
        buf.write("\u0236\u0088\3\2\2\2\u0237\u0238\7*\2\2\u0238\u008a\3")
        buf.write("\2\2\2\u0239\u023a\7+\2\2\u023a\u008c\3\2\2\2\u023b\u023c")
        buf.write("\7-\2\2\u023c\u008e\3\2\2\2\u023d\u023e\7/\2\2\u023e\u0090")
        buf.write("\3\2\2\2\u023f\u0240\7,\2\2\u0240\u0092\3\2\2\2\u0241")
        buf.write("\u0242\7\61\2\2\u0242\u0094\3\2\2\2\u0243\u0244\7`\2\2")
        buf.write("\u0244\u0096\3\2\2\2\u0245\u0246\7@\2\2\u0246\u0098\3")
        buf.write("\2\2\2\u0247\u0248\7@\2\2\u0248\u0249\7?\2\2\u0249\u009a")
        buf.write("\3\2\2\2\u024a\u024b\7>\2\2\u024b\u009c\3\2\2\2\u024c")
        buf.write("\u024d\7>\2\2\u024d\u024e\7?\2\2\u024e\u009e\3\2\2\2\u024f")
        buf.write("\u0250\7?\2\2\u0250\u0251\7?\2\2\u0251\u00a0\3\2\2\2\u0252")
        buf.write("\u0253\7#\2\2\u0253\u0254\7?\2\2\u0254\u00a2\3\2\2\2\u0255")
        buf.write("\u0256\7?\2\2\u0256\u00a4\3\2\2\2\u0257\u0258\7]\2\2\u0258")
        buf.write("\u00a6\3\2\2\2\u0259\u025a\7_\2\2\u025a\u00a8\3\2\2\2")
        buf.write("\u025b\u025c\7%\2\2\u025c\u00aa\3\2\2\2\u025d\u025e\7")
        buf.write(")\2\2\u025e\u00ac\3\2\2\2\u025f\u0261\7\"\2\2\u0260\u025f")
        buf.write("\3\2\2\2\u0261\u0264\3\2\2\2\u0262\u0260\3\2\2\2\u0262")
        buf.write("\u0263\3\2\2\2\u0263\u0265\3\2\2\2\u0264\u0262\3\2\2\2")
        buf.write("\u0265\u0269\7.\2\2\u0266\u0268\7\"\2\2\u0267\u0266\3")
        buf.write("\2\2\2\u0268\u026b\3\2\2\2\u0269\u0267\3\2\2\2\u0269\u026a")
        buf.write("\3\2\2\2\u026a\u00ae\3\2\2\2\u026b\u0269\3\2\2\2\u026c")
        buf.write("\u026d\7\60\2\2\u026d\u00b0\3\2\2\2\u026e\u026f\7<\2\2")
        buf.write("\u026f\u00b2\3\2\2\2\u0270\u0271\7a\2\2\u0271\u00b4\3")
        buf.write("\2\2\2\u0272\u0273\7\"\2\2\u0273\u00b6\3\2\2\2\u0274\u0276")
        buf.write("\7\"\2\2\u0275\u0274\3\2\2\2\u0276\u0279\3\2\2\2\u0277")
        buf.write("\u0275\3\2\2\2\u0277\u0278\3\2\2\2\u0278\u027f\3\2\2\2")
        buf.write("\u0279\u0277\3\2\2\2\u027a\u0280\7\f\2\2\u027b\u027d\7")
        buf.write("\17\2\2\u027c\u027e\7\f\2\2\u027d\u027c\3\2\2\2\u027d")
        buf.write("\u027e\3\2\2\2\u027e\u0280\3\2\2\2\u027f\u027a\3\2\2\2")
        buf.write("\u027f\u027b\3\2\2\2\u0280\u00b8\3\2\2\2\u0281\u0283\t")
        buf.write("#\2\2\u0282\u0281\3\2\2\2\u0283\u0284\3\2\2\2\u0284\u0282")
        buf.write("\3\2\2\2\u0284\u0285\3\2\2\2\u0285\u0286\3\2\2\2\u0286")
        buf.write("\u0287\b]\2\2\u0287\u00ba\3\2\2\2\u0288\u0289\13\2\2\2")
        buf.write("\u0289\u00bc\3\2\2\2\30\2\u0154\u01c1\u01c3\u01cb\u01cf")
        buf.write("\u01d5\u01d7\u01df\u01e5\u01e7\u01ec\u01f1\u01f3\u01fb")
        buf.write("\u01ff\u0262\u0269\u0277\u027d\u027f\u0284\3\b\2\2")
        return buf.getvalue()


class SifFormulaLexer(Lexer):

    atn = ATNDeserializer().deserialize(serializedATN())

    decisionsToDFA = [ DFA(ds, i) for i, ds in enumerate(atn.decisionToState) ]

    AS_TIMESTAMP = 1
    ASSIGN_TO_GROUP = 2
    GET_VALUE = 3
    COALESCE = 4
    CONCAT = 5
    CONVERT = 6
    IF = 7
    IMPACT = 8
    LOOKUP = 9
    LOWERCASE = 10
    REF = 11
    CAML = 12
    SET = 13
    SOURCE = 14
    SPLIT = 15
    SWITCH = 16
    UPPERCASE = 17
    SEARCH = 18
    BOOLEAN = 19
    DEFAULT = 20
    GROUP = 21
    IGNORECASE = 22
    LOCALE = 23
    NULL = 24
    QUALITYKIND = 25
    TENANT = 26
    TIMEZONE = 27
    VERSION = 28
    VERSIONASAT = 29
    ROUNDDOWNTO = 30
    LIMIT = 31
    CUSTOM_FUNCTION = 32
    TOKEN = 33
    QUOTED_STRING = 34
    NUMBER = 35
    SCIENTIFIC_NUMBER = 36
    LPAREN = 37
    RPAREN = 38
    PLUS = 39
    MINUS = 40
    TIMES = 41
    DIV = 42
    POW = 43
    GT = 44
    GTE = 45
    LT = 46
    LTE = 47
    DEQ = 48
    NEQ = 49
    EQ = 50
    LSQUARE = 51
    RSQUARE = 52
    HASH = 53
    SQ = 54
    COMMA = 55
    POINT = 56
    COLON = 57
    US = 58
    SPACE = 59
    NL = 60
    WS = 61
    ANY = 62

    channelNames = [ u"DEFAULT_TOKEN_CHANNEL", u"HIDDEN" ]

    modeNames = [ "DEFAULT_MODE" ]

    literalNames = [ "<INVALID>",
            "'('", "')'", "'+'", "'-'", "'*'", "'/'", "'^'", "'>'", "'>='", 
            "'<'", "'<='", "'=='", "'!='", "'='", "'['", "']'", "'#'", "'''", 
            "'.'", "':'", "'_'", "' '" ]

    symbolicNames = [ "<INVALID>",
            "AS_TIMESTAMP", "ASSIGN_TO_GROUP", "GET_VALUE", "COALESCE", 
            "CONCAT", "CONVERT", "IF", "IMPACT", "LOOKUP", "LOWERCASE", 
            "REF", "CAML", "SET", "SOURCE", "SPLIT", "SWITCH", "UPPERCASE", 
            "SEARCH", "BOOLEAN", "DEFAULT", "GROUP", "IGNORECASE", "LOCALE", 
            "NULL", "QUALITYKIND", "TENANT", "TIMEZONE", "VERSION", "VERSIONASAT", 
            "ROUNDDOWNTO", "LIMIT", "CUSTOM_FUNCTION", "TOKEN", "QUOTED_STRING", 
            "NUMBER", "SCIENTIFIC_NUMBER", "LPAREN", "RPAREN", "PLUS", "MINUS", 
            "TIMES", "DIV", "POW", "GT", "GTE", "LT", "LTE", "DEQ", "NEQ", 
            "EQ", "LSQUARE", "RSQUARE", "HASH", "SQ", "COMMA", "POINT", 
            "COLON", "US", "SPACE", "NL", "WS", "ANY" ]

    ruleNames = [ "AS_TIMESTAMP", "ASSIGN_TO_GROUP", "GET_VALUE", "COALESCE", 
                  "CONCAT", "CONVERT", "IF", "IMPACT", "LOOKUP", "LOWERCASE", 
                  "REF", "CAML", "SET", "SOURCE", "SPLIT", "SWITCH", "UPPERCASE", 
                  "SEARCH", "BOOLEAN", "DEFAULT", "GROUP", "IGNORECASE", 
                  "LOCALE", "NULL", "QUALITYKIND", "TENANT", "TIMEZONE", 
                  "VERSION", "VERSIONASAT", "ROUNDDOWNTO", "LIMIT", "CUSTOM_FUNCTION", 
                  "TOKEN", "QUOTED_STRING", "NUMBER", "SCIENTIFIC_NUMBER", 
                  "NAME_START", "TOKEN_START", "TOKEN_END", "TOKEN_INNER", 
                  "DIGIT", "A", "B", "C", "D", "E", "F", "G", "H", "I", 
                  "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", 
                  "U", "V", "W", "X", "Y", "Z", "LPAREN", "RPAREN", "PLUS", 
                  "MINUS", "TIMES", "DIV", "POW", "GT", "GTE", "LT", "LTE", 
                  "DEQ", "NEQ", "EQ", "LSQUARE", "RSQUARE", "HASH", "SQ", 
                  "COMMA", "POINT", "COLON", "US", "SPACE", "NL", "WS", 
                  "ANY" ]

    grammarFileName = "SifFormula.g4"

    def __init__(self, input=None, output:TextIO = sys.stdout):
        super().__init__(input, output)
        self.checkVersion("4.9.3")
        self._interp = LexerATNSimulator(self, self.atn, self.decisionsToDFA, PredictionContextCache())
        self._actions = None
        self._predicates = None


