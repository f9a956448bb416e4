#include "kamscore/rules/load_rules.hpp"

#include <doctest/doctest.h>

#include "rules/rules_test_support.hpp"

using namespace kamscore;
using kamscore::test::around;
using kamscore::test::problems_of;

TEST_SUITE("rules") {
TEST_CASE("guards: every key is read") {
    LoadedRules loaded = load_rules(around("guards:\n"
                                           "  allow_empty: true\n"
                                           "  min_rows: 1000\n"
                                           "  max_disappeared: 5\n"
                                           "  max_new: 150\n"
                                           "  require_final_newline: true\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    const GuardsSpec& guards = loaded.rules.guards;
    CHECK(guards.allow_empty == std::optional(true));
    CHECK(guards.min_rows == std::optional<std::uint64_t>(1000));
    CHECK(guards.max_disappeared == std::optional(5.0));
    CHECK(guards.max_new == std::optional(150.0));
    CHECK(guards.require_final_newline == std::optional(true));
}

TEST_CASE("guards: keys not written stay unset, so the defaults and the command line decide") {
    LoadedRules loaded = load_rules(around("guards: { min_rows: 10 }\n"), "r.yaml");
    CHECK(loaded.diagnostics.empty());
    CHECK_FALSE(loaded.rules.guards.allow_empty.has_value());
    CHECK_FALSE(loaded.rules.guards.max_disappeared.has_value());
    CHECK_FALSE(loaded.rules.guards.require_final_newline.has_value());
}

TEST_CASE("guards: an unknown key is named with the closest known one") {
    CHECK(problems_of(around("guards:\n  max_dissapeared: 5\n")) ==
          "r.yaml:4:3: error: unknown key 'max_dissapeared' (did you mean 'max_disappeared'?)\n"
          "    4 |   max_dissapeared: 5\n"
          "      |   ^~~~~~~~~~~~~~~\n");
}

TEST_CASE("guards: bad values are reported at their place") {
    CHECK(problems_of(around("guards:\n  max_disappeared: 120\n")) ==
          "r.yaml:4:20: error: 'max_disappeared' is a percentage of the previous results: expected 0 to 100, found "
          "120\n"
          "    4 |   max_disappeared: 120\n"
          "      |                    ^~~\n");
    CHECK(problems_of(around("guards:\n  max_new: -1\n")) ==
          "r.yaml:4:12: error: 'max_new' is a percentage of the previous results: expected 0 or more, found -1\n"
          "    4 |   max_new: -1\n"
          "      |            ^~\n");
    CHECK(problems_of(around("guards:\n  min_rows: 2.5\n")) ==
          "r.yaml:4:13: error: expected a whole number of customers (0 or more) for 'min_rows', found 2.5\n"
          "    4 |   min_rows: 2.5\n"
          "      |             ^~~\n");
    CHECK(problems_of(around("guards:\n  allow_empty: yes please\n")).find("r.yaml:4:16: error: expected true or "
                                                                          "false for 'allow_empty'") == 0);
    CHECK(problems_of(around("guards: 10\n")).find("r.yaml:3:9: error: expected a map like { min_rows: 1000, "
                                                   "max_disappeared: 10 } for 'guards'") == 0);
}
}
