#include "kamscore/rules/load_rules.hpp"

#include <doctest/doctest.h>

#include "rules/rules_test_support.hpp"

using namespace kamscore;
using kamscore::test::problems_of;

namespace {

/// A rule file with a field, a derived value, a param, a metric and a segment, and `output`
/// as its last section (on line 13).
std::string with_output(std::string_view output) {
    return "kamscore: 1\ninput: { id: customer_id }\nparams: { rate: 0.1 }\nfields:\n  revenue: revenue_2025\n"
           "  region: { column: region, type: text }\nderived:\n  share: revenue / 2\n"
           "metrics:\n  - { id: revenue, value: revenue, weight: 1, scale: percentile }\nsegments:\n  abc: { pareto: revenue }\n"
           "tiers: [ { id: all } ]\n" +
           std::string(output);
}

}  // namespace

TEST_SUITE("rules") {
TEST_CASE("output lists fields and derived values, a name alone or with its decimals") {
    LoadedRules loaded = load_rules(with_output("output: [share, { name: revenue, decimals: 0 }, region]\n"), "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.output.size() == 3);
    CHECK(loaded.rules.output[0].name == "share");
    CHECK(loaded.rules.output[0].decimals == -1);
    CHECK(loaded.rules.output[1].name == "revenue");
    CHECK(loaded.rules.output[1].decimals == 0);
    CHECK(loaded.rules.output[2].location.line == 14);
    CHECK(loaded.rules.output[2].location.column == 49);
}

TEST_CASE("an output name that is no field or derived value is an error with the closest one") {
    CHECK(problems_of(with_output("output: [shares, rate, revenue, revenue]\n")) ==
          "r.yaml:14:10: error: output: 'shares' is no field or derived value (did you mean 'share'?); output "
          "columns are one of: revenue, region, share\n"
          "   14 | output: [shares, rate, revenue, revenue]\n"
          "      |          ^~~~~~\n"
          "r.yaml:14:18: error: output: 'rate' is a param, the same for every customer: output columns are fields "
          "and derived values\n"
          "   14 | output: [shares, rate, revenue, revenue]\n"
          "      |                  ^~~~\n"
          "r.yaml:14:33: error: 'revenue' is already an output column (line 14)\n"
          "   14 | output: [shares, rate, revenue, revenue]\n"
          "      |                                 ^~~~~~~\n");
}

TEST_CASE("an output value may not take a column name the output has") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\nfields:\n  abc: abc\nsegments:\n"
                      "  abc: { pareto: abc }\ntiers: [ { id: all } ]\noutput: [abc]\n") ==
          "r.yaml:8:10: error: output: 'abc' is already the name of an output column: give the value another name "
          "under 'derived:' (e.g. 'abc_value: abc') and write that\n"
          "    8 | output: [abc]\n"
          "      |          ^~~\n");
}

TEST_CASE("decimals are a whole number from 0 to 15, and the long form needs a name") {
    CHECK(problems_of(with_output("output: [{ name: share, decimals: 16 }, { decimals: 2 }, { name: share, digits: 2 }]\n")) ==
          "r.yaml:14:35: error: 'decimals' must be a whole number from 0 to 15, found 16\n"
          "   14 | output: [{ name: share, decimals: 16 }, { decimals: 2 }, { name: share, digits: 2 }]\n"
          "      |                                   ^~\n"
          "r.yaml:14:41: error: an output column written as a map needs a 'name' (a field or derived value)\n"
          "   14 | output: [{ name: share, decimals: 16 }, { decimals: 2 }, { name: share, digits: 2 }]\n"
          "      |                                         ^\n"
          "r.yaml:14:73: error: unknown key 'digits' (expected name, decimals)\n"
          "   14 | output: [{ name: share, decimals: 16 }, { decimals: 2 }, { name: share, digits: 2 }]\n"
          "      |                                                                         ^~~~~~\n");
}

TEST_CASE("a field that did not load is reported once, not again by output") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\nfields:\n  region: { column: region, type: txt }\n"
                      "tiers: [ { id: all } ]\noutput: [region]\n")
              .find("output:") == std::string::npos);
}
}
