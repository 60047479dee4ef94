// The SIF formula language (spec/calculator.md §1-§3).
//
// Written from the behaviour reference, not from SIF's source. Token order and rule shapes are
// deliberate: ANTLR's syntax-error messages list expected tokens in lexer-rule order and report
// mismatches at rule boundaries, and SIF users see exactly those messages. Regenerate the Python
// parser with `make grammar` after any change (needs Debian's antlr4 package: the 4.7.2 tool,
// whose ATN the pinned antlr4-python3-runtime 4.9.3 reads).
grammar SifFormula;

program
    : SPACE* expression (NL SPACE* expression)* NL?
    ;

expression
    : MINUS SPACE* expression                                                  # Negate
    | left=expression SPACE* op=POW SPACE* right=expression                    # Power
    | left=expression SPACE* op=(TIMES | DIV) SPACE* right=expression          # MultiplyDivide
    | left=expression SPACE* op=(PLUS | MINUS) SPACE* right=expression         # AddSubtract
    | left=expression SPACE* op=(GT | GTE | LT | LTE | DEQ | NEQ) SPACE* right=expression  # Compare
    | AS_TIMESTAMP LPAREN expression COMMA expression timestampOption* RPAREN  # AsTimestamp
    | ASSIGN_TO_GROUP LPAREN expression RPAREN                                 # AssignToGroup
    | GET_VALUE LPAREN expression COMMA expression RPAREN                      # GetValue
    | COALESCE LPAREN expressionList RPAREN                                    # Coalesce
    | CONCAT LPAREN expressionList RPAREN                                      # Concat
    | CONVERT LPAREN expression COMMA expression COMMA expression convertOption* RPAREN  # Convert
    | IF LPAREN expression COMMA expression COMMA expression RPAREN            # If
    | IMPACT LPAREN expression COMMA expression COMMA expression resourceOption* RPAREN  # Impact
    | LOOKUP LPAREN expression COMMA expression COMMA expression COMMA expression resourceOption* RPAREN  # Lookup
    | SPLIT LPAREN expression COMMA expression splitOption* RPAREN arrayIndex? # Split
    | CAML LPAREN expression RPAREN                                            # Caml
    | LOWERCASE LPAREN expression RPAREN                                       # Lowercase
    | REF LPAREN expression RPAREN                                             # Ref
    | SWITCH LPAREN expression COMMA expressionList switchOption* RPAREN       # Switch
    | UPPERCASE LPAREN expression RPAREN                                       # Uppercase
    | CUSTOM_FUNCTION LPAREN expressionList resourceOption* RPAREN             # CustomCall
    | SEARCH LPAREN expression COMMA expression searchOption* RPAREN           # Search
    | SET SPACE* TOKEN SPACE* EQ SPACE* expression                             # SetVariable
    | atom                                                                     # Primary
    ;

resourceOption   : COMMA resourceSetting ;
resourceSetting  : groupOption | tenantOption | versionOption | versionAsAtOption ;
timestampOption  : COMMA timezoneOption | COMMA localeOption | COMMA roundDownToOption ;
convertOption    : COMMA qualityKindOption ;
switchOption     : COMMA defaultOption | COMMA ignoreCaseOption ;
splitOption      : COMMA limitOption ;
searchOption     : COMMA ignoreCaseOption ;

expressionList : expression (COMMA expression)* ;

atom
    : LPAREN expression RPAREN    # Parenthesized
    | NULL                        # NullLiteral
    | BOOLEAN                     # BooleanLiteral
    | SCIENTIFIC_NUMBER           # ScientificLiteral
    | NUMBER                      # NumberLiteral
    | TOKEN                       # Reference
    | QUOTED_STRING               # StringLiteral
    ;

versionOption      : VERSION EQ expression ;
tenantOption       : TENANT EQ expression ;
versionAsAtOption  : VERSIONASAT EQ expression ;
groupOption        : GROUP EQ expression ;
defaultOption      : DEFAULT EQ expression ;
ignoreCaseOption   : IGNORECASE EQ expression ;
qualityKindOption  : QUALITYKIND EQ expression ;
limitOption        : LIMIT EQ expression ;
localeOption       : LOCALE EQ expression ;
timezoneOption     : TIMEZONE EQ expression ;
roundDownToOption  : ROUNDDOWNTO EQ expression ;
arrayIndex         : LSQUARE expression RSQUARE ;

// Function keywords, case-insensitive letter by letter.
AS_TIMESTAMP    : A S '_' T I M E S T A M P ;
ASSIGN_TO_GROUP : A S S I G N '_' T O '_' G R O U P ;
GET_VALUE       : G E T '_' V A L U E ;
COALESCE        : C O A L E S C E ;
CONCAT          : C O N C A T ;
CONVERT         : C O N V E R T ;
IF              : I F ;
IMPACT          : I M P A C T ;
LOOKUP          : L O O K U P ;
LOWERCASE       : L O W E R C A S E ;
REF             : R E F ;
CAML            : C A M L ;
SET             : S E T ;
SOURCE          : S O U R C E ;   // reserved: lexed, used by no rule
SPLIT           : S P L I T ;
SWITCH          : S W I T C H ;
UPPERCASE       : U P P E R C A S E ;
SEARCH          : S E A R C H ;

// Literal and option keywords.
BOOLEAN     : T R U E | F A L S E ;
DEFAULT     : D E F A U L T ;
GROUP       : G R O U P ;
IGNORECASE  : I G N O R E C A S E ;
LOCALE      : L O C A L E ;
NULL        : N U L L ;
QUALITYKIND : Q U A L I T Y K I N D ;
TENANT      : T E N A N T ;
TIMEZONE    : T I M E Z O N E ;
VERSION     : V E R S I O N ;
VERSIONASAT : V E R S I O N A S A T ;
ROUNDDOWNTO : R O U N D D O W N T O ;
LIMIT       : L I M I T ;

CUSTOM_FUNCTION : '#' NAME_START (NAME_START | DIGIT)* ;
TOKEN           : ':' TOKEN_START (TOKEN_INNER* TOKEN_END)? ;
QUOTED_STRING   : '\'' (~[\\'] | '\\' [\\'()])* '\'' ;
NUMBER            : DIGIT+ ('.' DIGIT+)? ;
SCIENTIFIC_NUMBER : NUMBER (E [+-]? DIGIT+)? ;

fragment NAME_START  : [a-zA-Z_] ;
fragment TOKEN_START : [0-9a-zA-Z_] ;
fragment TOKEN_END   : TOKEN_START | ':' | '#' ;
fragment TOKEN_INNER : TOKEN_END | ' ' ;
fragment DIGIT : [0-9] ;
fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment Q : [qQ] ; fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ;
fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ; fragment X : [xX] ;
fragment Y : [yY] ; fragment Z : [zZ] ;

LPAREN  : '(' ;
RPAREN  : ')' ;
PLUS    : '+' ;
MINUS   : '-' ;
TIMES   : '*' ;
DIV     : '/' ;
POW     : '^' ;
GT      : '>' ;
GTE     : '>=' ;
LT      : '<' ;
LTE     : '<=' ;
DEQ     : '==' ;
NEQ     : '!=' ;
EQ      : '=' ;
LSQUARE : '[' ;
RSQUARE : ']' ;
HASH    : '#' ;
SQ      : '\'' ;
// Blanks around a comma belong to it, so they are legal anywhere a comma is.
COMMA   : ' '* ',' ' '* ;
POINT   : '.' ;
COLON   : ':' ;
US      : '_' ;
// A lone blank is significant: the grammar allows it only in the places above.
SPACE   : ' ' ;
NL      : ' '* ('\n' | '\r' '\n'?) ;
// Runs of two or more blanks, and tabs, are dropped (longest match beats SPACE).
WS      : [ \t]+ -> skip ;
ANY     : . ;
