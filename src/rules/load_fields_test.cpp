#include "kamscore/rules/load_rules.hpp"

#include <doctest/doctest.h>

#include "rules/rules_test_support.hpp"

using namespace kamscore;
using kamscore::test::around;
using kamscore::test::problems_of;

TEST_SUITE("rules") {
TEST_CASE("input settings are normalised") {
    LoadedRules loaded = load_rules("kamscore: 1\ninput:\n  id: Kunden-Nr.\n  delimiter: tab\n  decimal: \",\"\n"
                                    "  encoding: Windows-1252\ntiers: [{ id: all }]\n",
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    CHECK(loaded.rules.input.id_column == "Kunden-Nr.");
    CHECK(loaded.rules.input.delimiter == '\t');
    CHECK(loaded.rules.input.decimal == ',');
    CHECK(loaded.rules.input.encoding == "windows-1252");
    CHECK(load_rules("kamscore: 1\ninput: { id: id, delimiter: \"\\t\", encoding: latin-1 }\ntiers: [{ id: all }]\n", "r.yaml")
              .rules.input.delimiter == '\t');
    CHECK(load_rules("kamscore: 1\ninput: { id: id, encoding: LATIN-1, delimiter: ';' }\ntiers: [{ id: all }]\n", "r.yaml")
              .rules.input.encoding == "iso-8859-1");
}

TEST_CASE("input needs an id and known settings") {
    CHECK(problems_of("kamscore: 1\ninput: { label: name, delimiter: '#', encoding: utf-16 }\ntiers: [{ id: all }]\n") ==
          "r.yaml:2:8: error: 'input' needs 'id' (the column holding the customer id)\n"
          "    2 | input: { label: name, delimiter: '#', encoding: utf-16 }\n"
          "      |        ^\n"
          "r.yaml:2:34: error: unknown delimiter '#': expected auto, ',', ';', tab or '|'\n"
          "    2 | input: { label: name, delimiter: '#', encoding: utf-16 }\n"
          "      |                                  ^~~\n"
          "r.yaml:2:49: error: unknown encoding 'utf-16': expected utf-8, windows-1252 or latin-1\n"
          "    2 | input: { label: name, delimiter: '#', encoding: utf-16 }\n"
          "      |                                                 ^~~~~~\n");
}

TEST_CASE("an empty value is reported at its key") {
    CHECK(problems_of("kamscore: 1\ninput:\n  id:\nnullable: 5\ntiers: [{ id: all }]\n") ==
          "r.yaml:3:3: error: expected a column name for 'id', found nothing\n"
          "    3 |   id:\n"
          "      |   ^~\n"
          "r.yaml:4:1: error: unknown key 'nullable' (expected kamscore, name, input, params, fields, derived, "
          "strategic, metrics, tiers, segments, summary, guards, output, tests, overrides)\n"
          "    4 | nullable: 5\n"
          "      | ^~~~~~~~\n");
}

TEST_CASE("a bare '|' as delimiter gets a hint about YAML block scalars") {
    CHECK(problems_of("kamscore: 1\ninput:\n  id: id\n  delimiter: |\ntiers: [{ id: all }]\n") ==
          "r.yaml:4:14: error: a bare '|' starts a YAML block scalar: write the delimiter in quotes, delimiter: \"|\"\n"
          "    4 |   delimiter: |\n"
          "      |              ^\n");
}

TEST_CASE("params are numbers, true/false or text; quoted scalars stay text") {
    LoadedRules loaded = load_rules(around("params:\n  min_score: 70.5\n  strict: true\n  region: DACH\n"
                                           "  code: \"0042\"\n  big: 1e6\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.params.size() == 5);
    CHECK(loaded.rules.params[0].value.type == Type::Number);
    CHECK(loaded.rules.params[0].value.number == 70.5);
    CHECK(loaded.rules.params[1].value.type == Type::Bool);
    CHECK(loaded.rules.params[1].value.boolean);
    CHECK(loaded.rules.params[2].value.type == Type::Text);
    CHECK(loaded.rules.params[2].value.text == "DACH");
    CHECK(loaded.rules.params[3].value.type == Type::Text);
    CHECK(loaded.rules.params[3].value.text == "0042");
    CHECK(loaded.rules.params[4].value.number == 1000000);
}

TEST_CASE("a param must be a single value") {
    CHECK(problems_of(around("params:\n  limits: [1, 2]\n  empty:\n")) ==
          "r.yaml:4:11: error: expected a number, true, false or text for param 'limits', found a list\n"
          "    4 |   limits: [1, 2]\n"
          "      |           ^\n"
          "r.yaml:5:3: error: expected a number, true, false or text for param 'empty', found nothing\n"
          "    5 |   empty:\n"
          "      |   ^~~~~\n");
}

TEST_CASE("fields come in a short and a long form") {
    LoadedRules loaded = load_rules(around("fields:\n  revenue: Umsatz 2025\n"
                                           "  since: { column: Kunde seit, type: date, format: \"%d/%m/%Y\" }\n"
                                           "  agreed: { column: KAM, type: bool, true: [Ja, X], false: [Nein] }\n"
                                           "  größe: { column: Größe, type: text }\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.fields.size() == 4);
    CHECK(loaded.rules.fields[0].column == "Umsatz 2025");
    CHECK(loaded.rules.fields[0].type == Type::Number);
    CHECK(loaded.rules.fields[1].type == Type::Date);
    CHECK(loaded.rules.fields[1].date_format == "%d/%m/%Y");
    CHECK(loaded.rules.fields[2].type == Type::Bool);
    CHECK(loaded.rules.fields[2].bool_words.true_words == std::vector<std::string>{"ja", "x"});
    CHECK(loaded.rules.fields[2].bool_words.false_words == std::vector<std::string>{"nein"});
    CHECK(loaded.rules.fields[3].name == "größe");
    CHECK(loaded.rules.fields[3].column_location.column == 20);
}

TEST_CASE("an unknown field type suggests the closest one") {
    CHECK(problems_of(around("fields:\n  wallet: { column: wallet, type: numbr }\n  d: { column: d, type: money }\n")) ==
          "r.yaml:4:35: error: unknown field type 'numbr' (did you mean 'number'?)\n"
          "    4 |   wallet: { column: wallet, type: numbr }\n"
          "      |                                   ^~~~~\n"
          "r.yaml:5:25: error: unknown field type 'money': expected number, bool, text or date\n"
          "    5 |   d: { column: d, type: money }\n"
          "      |                         ^~~~~\n");
}

TEST_CASE("format belongs to dates and true/false to bools") {
    CHECK(problems_of(around("fields:\n  a: { column: a, format: \"%Y\" }\n  b: { column: b, type: text, true: [x] }\n")) ==
          "r.yaml:4:19: error: 'format' is for date fields, but field 'a' is a number field\n"
          "    4 |   a: { column: a, format: \"%Y\" }\n"
          "      |                   ^~~~~~\n"
          "r.yaml:5:31: error: 'true' is for bool fields, but field 'b' is a text field\n"
          "    5 |   b: { column: b, type: text, true: [x] }\n"
          "      |                               ^~~~\n");
}

TEST_CASE("a date format uses %Y, %m and %d once each") {
    CHECK(problems_of(around("fields:\n  a: { column: a, type: date, format: \"%d.%m\" }\n"
                             "  b: { column: b, type: date, format: \"%Y-%m-%d %H:%M\" }\n")) ==
          "r.yaml:4:39: error: a date format needs %Y, %m and %d once each, found '%d.%m'\n"
          "    4 |   a: { column: a, type: date, format: \"%d.%m\" }\n"
          "      |                                       ^~~~~~~\n"
          "r.yaml:5:39: error: '%H' is not supported in a date format: use %Y, %m and %d\n"
          "    5 |   b: { column: b, type: date, format: \"%Y-%m-%d %H:%M\" }\n"
          "      |                                       ^~~~~~~~~~~~~~~~\n");
}

TEST_CASE("a bool word cannot mean true and false") {
    CHECK(problems_of(around("fields:\n  a: { column: a, type: bool, true: [ja, n] }\n"
                             "  b: { column: b, type: bool, true: [j], false: [J] }\n"
                             "  c: { column: c, type: bool, false: [\"\"] }\n")) ==
          "r.yaml:4:42: error: 'n' cannot mean true: it is one of the default false words (set 'false' too)\n"
          "    4 |   a: { column: a, type: bool, true: [ja, n] }\n"
          "      |                                          ^\n"
          "r.yaml:5:38: error: 'j' is among both the true and the false words\n"
          "    5 |   b: { column: b, type: bool, true: [j], false: [J] }\n"
          "      |                                      ^\n"
          "r.yaml:6:39: error: an empty word never matches: blank cells are missing values (use coalesce)\n"
          "    6 |   c: { column: c, type: bool, false: [\"\"] }\n"
          "      |                                       ^~\n");
}

TEST_CASE("names are identifiers and not reserved words") {
    CHECK(problems_of(around("fields:\n  2025_revenue: a\n  \"wallet size\": b\n  tier: c\n  in: d\n")) ==
          "r.yaml:4:3: error: '2025_revenue' is not a valid field name: use letters, digits and '_', not starting "
          "with a digit\n"
          "    4 |   2025_revenue: a\n"
          "      |   ^~~~~~~~~~~~\n"
          "r.yaml:5:3: error: 'wallet size' is not a valid field name: use letters, digits and '_', not starting "
          "with a digit\n"
          "    5 |   \"wallet size\": b\n"
          "      |   ^~~~~~~~~~~~~\n"
          "r.yaml:6:3: error: 'tier' is a reserved word of the expression language and cannot be a field name\n"
          "    6 |   tier: c\n"
          "      |   ^~~~\n"
          "r.yaml:7:3: error: 'in' is a reserved word of the expression language and cannot be a field name\n"
          "    7 |   in: d\n"
          "      |   ^~\n");
}

TEST_CASE("fields, derived values and params share one namespace") {
    CHECK(problems_of(around("params: { big: 1000000 }\nfields:\n  revenue: a\n  big: b\n"
                             "derived:\n  revenue: revenue * 2\n")) ==
          "r.yaml:6:3: error: 'big' is already defined as a param on line 3\n"
          "    6 |   big: b\n"
          "      |   ^~~\n"
          "r.yaml:8:3: error: 'revenue' is already defined as a field on line 5\n"
          "    8 |   revenue: revenue * 2\n"
          "      |   ^~~~~~~\n");
}

TEST_CASE("derived values keep their order and need an expression") {
    LoadedRules loaded = load_rules(around("fields: { a: a }\nderived:\n  z: a * 2\n  b: z + 1\n"), "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.derived.size() == 2);
    CHECK(loaded.rules.derived[0].name == "z");
    CHECK(loaded.rules.derived[1].name == "b");
    CHECK(loaded.rules.derived[1].expression.text == "z + 1");

    CHECK(problems_of(around("derived:\n  a: \"\"\n  b: { x: 1 }\n")) ==
          "r.yaml:4:6: error: empty expression for derived value 'a'\n"
          "    4 |   a: \"\"\n"
          "      |      ^~\n"
          "r.yaml:5:6: error: expected an expression for derived value 'b', found a map\n"
          "    5 |   b: { x: 1 }\n"
          "      |      ^\n");
}

TEST_CASE("missing_words are read from the input and from a field, trimmed, as written") {
    LoadedRules loaded = load_rules(
        "kamscore: 1\ninput: { id: id, missing_words: [\"k.A.\", \"n/a\", \"-\", \"\xE2\x80\x94\", keine Angabe, \"?\"] }\n"
        "fields:\n  sites: { column: Standorte, missing_words: [\" unbekannt \"], invalid: missing }\n"
        "  seats: { column: Lizenzen, missing_words: [], invalid: error }\n  revenue: Umsatz\n"
        "tiers: [{ id: all }]\n",
        "r.yaml");
    CHECK(loaded.diagnostics.empty());
    CHECK(loaded.rules.input.missing_words ==
          std::vector<std::string>{"k.A.", "n/a", "-", "\xE2\x80\x94", "keine Angabe", "?"});
    REQUIRE(loaded.rules.fields.size() == 3);
    CHECK(loaded.rules.fields[0].missing_words == std::vector<std::string>{"unbekannt"});
    CHECK(loaded.rules.fields[0].invalid == InvalidPolicy::Missing);
    CHECK(loaded.rules.fields[1].missing_words == std::vector<std::string>{});
    CHECK(loaded.rules.fields[1].invalid == InvalidPolicy::Error);
    CHECK_FALSE(loaded.rules.fields[2].missing_words.has_value());
    CHECK(loaded.rules.fields[2].invalid == InvalidPolicy::Reject);
}

TEST_CASE("missing_words is a list of words that are not blank") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id, missing_words: k.A. }\ntiers: [{ id: all }]\n") ==
          "r.yaml:2:33: error: expected a list of words like [\"k.A.\", \"n/a\", \"-\"] for 'missing_words', found 'k.A.'\n"
          "    2 | input: { id: id, missing_words: k.A. }\n"
          "      |                                 ^~~~\n");
    CHECK(problems_of(around("fields:\n  a: { column: a, missing_words: [\"n/a\", \" \", [x]] }\n")) ==
          "r.yaml:4:42: error: an empty word in 'missing_words': blank cells are missing values already\n"
          "    4 |   a: { column: a, missing_words: [\"n/a\", \" \", [x]] }\n"
          "      |                                          ^~~\n"
          "r.yaml:4:47: error: expected a word (in quotes when it is - or ?) for 'missing_words', found a list\n"
          "    4 |   a: { column: a, missing_words: [\"n/a\", \" \", [x]] }\n"
          "      |                                               ^\n");
}

TEST_CASE("invalid is reject, missing or error, and not for text fields") {
    CHECK(problems_of(around("fields:\n  a: { column: a, invalid: maybe }\n  b: { column: b, type: text, invalid: missing }\n")) ==
          "r.yaml:4:28: error: unknown value 'maybe' for 'invalid': expected reject (the default: a bad row), missing "
          "(the value is missing, the row is scored) or error (the run stops)\n"
          "    4 |   a: { column: a, invalid: maybe }\n"
          "      |                            ^~~~~\n"
          "r.yaml:5:31: error: 'invalid' is for number, date and bool fields, but field 'b' is a text field, which "
          "reads every cell\n"
          "    5 |   b: { column: b, type: text, invalid: missing }\n"
          "      |                               ^~~~~~~\n");
    CHECK(problems_of(around("fields:\n  a: { column: a, invalid: missing, nonsense: 1 }\n")).find(
              "r.yaml:4:37: error: unknown key 'nonsense' (expected column, type, format, true, false, aggregate, "
              "missing_words, invalid)") == 0);
}
}
