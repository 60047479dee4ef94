"""GET_VALUE: Jayway JsonPath (default configuration) over json-smart's permissive parser, as SIF runs it.

Spec: spec/calculator.md §10 (GET_VALUE) and §14. What belongs here: the public names of the package,
re-exported; the work lives in its modules. Three Java behaviours are reproduced because the results and
messages depend on them:

* **json-smart** (`json_smart`): `JSONParser.MODE_PERMISSIVE` with ordered maps: accepts single quotes,
  unquoted keys and values, `NaN`, useless commas and trailing data; numbers become Integer/Long/BigInteger,
  Double (19+ characters: BigDecimal); its ParseException messages are kept verbatim.
* **Jayway JsonPath**: the path compiler (`compiler`, `cursor`: dot and bracket notation, indexes, slices,
  unions, `*`, `..`, `[?(...)]` filters, tail functions), the filter language (`filter_compiler`,
  `filters`), and the evaluation rules (`paths`, `tokens`, `path_functions`): a definite path without a
  result raises `No results for path: <normalized path>`, an indefinite one yields a (possibly empty) array.
* **Java text** (`java_values`): SIF re-types each result from `String.valueOf(value)` (`results`): maps
  print as `{k=v, ...}`, arrays as json-smart's compact JSON, doubles as `Double.toString`.

Every JsonPath failure (PathNotFoundException, InvalidPathException, ...) is an evaluation error carrying
the JsonPath message; an empty json or query text is Jayway's IllegalArgumentException.
What does not: argument evaluation and the column kernel (`calculator.functions.text`).
"""

from calculator.functions.jsonpath.compiler import compile_path
from calculator.functions.jsonpath.java_values import (
    UNDEFINED,
    JavaNumber,
    java_double_text,
    java_text,
    json_text,
)
from calculator.functions.jsonpath.json_smart import JsonSmartError, parse_json
from calculator.functions.jsonpath.paths import CompiledPath, InvalidPath, PathNotFound
from calculator.functions.jsonpath.results import get_value

__all__ = [
    "UNDEFINED",
    "CompiledPath",
    "InvalidPath",
    "JavaNumber",
    "JsonSmartError",
    "PathNotFound",
    "compile_path",
    "get_value",
    "java_double_text",
    "java_text",
    "json_text",
    "parse_json",
]
