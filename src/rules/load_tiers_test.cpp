#include "kamscore/rules/load_rules.hpp"

#include <doctest/doctest.h>

#include "rules/rules_test_support.hpp"

using namespace kamscore;
using kamscore::test::problems_of;

namespace {

std::string with_tiers(std::string_view tiers) { return "kamscore: 1\ninput: { id: id }\ntiers:\n" + std::string(tiers); }

}  // namespace

TEST_SUITE("rules") {
TEST_CASE("strategic criteria have unique ids, a label defaulting to the id, and a condition") {
    LoadedRules loaded = load_rules(with_tiers("  - { id: all }\nstrategic:\n  - { id: lighthouse, when: reference }\n"
                                               "  - id: complex\n    label: Komplex\n    when: countries >= 5\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.strategic.size() == 2);
    CHECK(loaded.rules.strategic[0].label == "lighthouse");
    CHECK(loaded.rules.strategic[1].label == "Komplex");
    CHECK(loaded.rules.strategic[1].when.text == "countries >= 5");
    CHECK(loaded.rules.strategic[1].location.line == 7);

    CHECK(problems_of(with_tiers("  - { id: all }\nstrategic:\n  - { id: a, when: x }\n  - { id: a, when: y }\n"
                                 "  - { label: Leader }\n")) ==
          "r.yaml:7:11: error: duplicate strategic criterion id 'a' (first defined on line 6)\n"
          "    7 |   - { id: a, when: y }\n"
          "      |           ^\n"
          "r.yaml:8:5: error: strategic criterion #3 needs an 'id'\n"
          "    8 |   - { label: Leader }\n"
          "      |     ^\n"
          "r.yaml:8:5: error: strategic criterion #3 needs 'when' (the condition that meets it)\n"
          "    8 |   - { label: Leader }\n"
          "      |     ^\n");
}

TEST_CASE("the last tier takes no 'when'") {
    CHECK(problems_of(with_tiers("  - { id: key_account, when: score >= 70 }\n  - id: standard\n    when: true\n")) ==
          "r.yaml:6:5: error: the last tier is the fallback and takes no 'when'\n"
          "    6 |     when: true\n"
          "      |     ^~~~\n");
}

TEST_CASE("a tier before the last needs 'when'") {
    CHECK(problems_of(with_tiers("  - { id: key_account, when: score >= 70 }\n  - { id: large_customer, label: Großkunde }\n"
                                 "  - { id: standard }\n")) ==
          "r.yaml:5:11: error: tier 'large_customer' needs 'when': only the last tier is the fallback without a "
          "condition\n"
          "    5 |   - { id: large_customer, label: Großkunde }\n"
          "      |           ^~~~~~~~~~~~~~\n");
}

TEST_CASE("a capacity is a whole number of at least 1, and not on the fallback") {
    CHECK(problems_of(with_tiers("  - { id: a, when: x, max: 2.5 }\n  - { id: b, when: y, max: 0 }\n"
                                 "  - { id: c, max: 10 }\n")) ==
          "r.yaml:4:28: error: 'max' must be a whole number of 1 or more, found 2.5\n"
          "    4 |   - { id: a, when: x, max: 2.5 }\n"
          "      |                            ^~~\n"
          "r.yaml:5:28: error: 'max' must be a whole number of 1 or more, found 0\n"
          "    5 |   - { id: b, when: y, max: 0 }\n"
          "      |                            ^\n"
          "r.yaml:6:14: error: the last tier is the fallback and takes no 'max'\n"
          "    6 |   - { id: c, max: 10 }\n"
          "      |              ^~~\n");
}

TEST_CASE("tier ids are unique and there is at least one tier") {
    CHECK(problems_of(with_tiers("  - { id: standard, when: x }\n  - { id: standard }\n")) ==
          "r.yaml:5:11: error: duplicate tier id 'standard' (first defined on line 4)\n"
          "    5 |   - { id: standard }\n"
          "      |           ^~~~~~~~\n");
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\ntiers: []\n") ==
          "r.yaml:3:8: error: 'tiers' needs at least one tier (the last one, without 'when', takes everyone else)\n"
          "    3 | tiers: []\n"
          "      |        ^\n");
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\ntiers:\n") ==
          "r.yaml:3:1: error: 'tiers' needs at least one tier (the last one, without 'when', takes everyone else)\n"
          "    3 | tiers:\n"
          "      | ^~~~~\n");
}

TEST_CASE("a tier keeps its capacity and stickiness") {
    LoadedRules loaded = load_rules(with_tiers("  - { id: key, when: score > 1, max: 40, stay: score > 0 }\n"
                                               "  - { id: rest }\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.tiers.size() == 2);
    CHECK(loaded.rules.tiers[0].max == std::optional<std::size_t>(40));
    REQUIRE(loaded.rules.tiers[0].stay);
    CHECK(loaded.rules.tiers[0].stay->text == "score > 0");
    CHECK(loaded.rules.tiers[1].label == "rest");
}

TEST_CASE("'max' may name a param, which gives the capacity even when declared after the tiers") {
    LoadedRules loaded = load_rules(with_tiers("  - { id: key, when: score > 1, max: seats }\n  - { id: rest }\n"
                                               "params: { seats: 25 }\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.tiers.size() == 2);
    CHECK(loaded.rules.tiers[0].max == std::optional<std::size_t>(25));
    CHECK(loaded.rules.tiers[0].max_param == "seats");
}

TEST_CASE("'max' naming no param says so once, with the params, and the tier stays known to the tests") {
    CHECK(problems_of(with_tiers("  - { id: key_account, when: score > 1, max: seat }\n  - { id: rest }\n"
                                 "params: { seats: 25, min_score: 60 }\n"
                                 "tests:\n  - { name: t, rows: [ { id: A } ], expect: { A: key_account } }\n")) ==
          "r.yaml:4:46: error: tier 'key_account': 'max: seat' names no param (did you mean 'seats'?); the params are "
          "seats, min_score (or write a whole number)\n"
          "    4 |   - { id: key_account, when: score > 1, max: seat }\n"
          "      |                                              ^~~~\n");
    CHECK(problems_of(with_tiers("  - { id: key_account, when: score > 1, max: seats }\n  - { id: rest }\n")) ==
          "r.yaml:4:46: error: tier 'key_account': 'max: seats' names no param, and the rule file declares none: write "
          "a whole number, or declare 'seats' under 'params:'\n"
          "    4 |   - { id: key_account, when: score > 1, max: seats }\n"
          "      |                                              ^~~~~\n");
    CHECK(problems_of(with_tiers("  - { id: key_account, when: score > 1, max: seats }\n  - { id: rest }\n"
                                 "params: { seats: 2.5 }\n")) ==
          "r.yaml:4:46: error: tier 'key_account': 'max: seats' needs a whole number of 1 or more, and param 'seats' "
          "is 2.5\n"
          "    4 |   - { id: key_account, when: score > 1, max: seats }\n"
          "      |                                              ^~~~~\n");
}
}

TEST_SUITE("rules") {
TEST_CASE("'max' may give seats per group: by, seats (numbers or params) and a default") {
    LoadedRules loaded = load_rules(
        with_tiers("  - id: key\n    when: score > 1\n    max: { by: region, seats: { north: 5, south: south_seats, "
                   "\"Süd-West\": 0 }, default: 1 }\n  - { id: rest }\nparams: { south_seats: 3 }\n"),
        "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.tiers.size() == 2);
    const TierSpec& tier = loaded.rules.tiers[0];
    CHECK_FALSE(tier.max);
    REQUIRE(tier.max_groups);
    CHECK(tier.max_groups->by.text == "region");
    REQUIRE(tier.max_groups->seats.size() == 3);
    CHECK(tier.max_groups->seats[1].group == "south");
    CHECK(tier.max_groups->seats[1].seats == 3);
    CHECK(tier.max_groups->seats[1].param == "south_seats");
    CHECK(tier.max_groups->seats_of("Süd-West") == std::optional<std::size_t>(0));
    CHECK(tier.max_groups->seats_of("east") == std::optional<std::size_t>(1));   // the default
    CHECK(tier.max_groups->seats_of("north") == std::optional<std::size_t>(5));
}

TEST_CASE("seats per group need by and seats, whole seats, and known params") {
    CHECK(problems_of(with_tiers("  - { id: key, when: x, max: { seats: { north: 1.5 }, defualt: 2 } }\n"
                                 "  - { id: rest }\n")) ==
          "r.yaml:4:30: error: seats per group need 'by': the value that groups the customers, e.g. 'by: region'\n"
          "    4 |   - { id: key, when: x, max: { seats: { north: 1.5 }, defualt: 2 } }\n"
          "      |                              ^\n"
          "r.yaml:4:48: error: seats must be a whole number of 0 or more, or a param, found 1.5\n"
          "    4 |   - { id: key, when: x, max: { seats: { north: 1.5 }, defualt: 2 } }\n"
          "      |                                                ^~~\n"
          "r.yaml:4:55: error: unknown key 'defualt' (did you mean 'default'?)\n"
          "    4 |   - { id: key, when: x, max: { seats: { north: 1.5 }, defualt: 2 } }\n"
          "      |                                                       ^~~~~~~\n");
    CHECK(problems_of(with_tiers("  - { id: key, when: x, max: { by: region, seats: { north: nort_seats } } }\n"
                                 "  - { id: rest }\nparams: { north_seats: -1 }\n")) ==
          "r.yaml:4:60: error: tier 'key': 'north: nort_seats' names no param (did you mean 'north_seats'?); the "
          "params are north_seats (or write a whole number)\n"
          "    4 |   - { id: key, when: x, max: { by: region, seats: { north: nort_seats } } }\n"
          "      |                                                            ^~~~~~~~~~\n");
    CHECK(problems_of(with_tiers("  - { id: key, when: x, max: { by: region, seats: { north: s } } }\n"
                                 "  - { id: rest }\nparams: { s: -1 }\n")) ==
          "r.yaml:4:60: error: tier 'key': 'north: s' needs a whole number of 0 or more, and param 's' is -1\n"
          "    4 |   - { id: key, when: x, max: { by: region, seats: { north: s } } }\n"
          "      |                                                            ^\n");
    CHECK(problems_of(with_tiers("  - { id: key, when: x, max: { by: region, seats: {} } }\n  - { id: rest }\n")) ==
          "r.yaml:4:51: error: 'seats' lists no group: write the seats of each group, like { north: 5, south: 3 }\n"
          "    4 |   - { id: key, when: x, max: { by: region, seats: {} } }\n"
          "      |                                                   ^\n");
}
}

TEST_SUITE("rules") {
TEST_CASE("'max' may be an expression over params, worked out when the file loads") {
    LoadedRules loaded = load_rules(with_tiers("  - { id: key, when: score > 1, max: round(seats * 1.1) }\n"
                                               "  - { id: rest }\nparams: { seats: 25 }\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.tiers.size() == 2);
    CHECK(loaded.rules.tiers[0].max == std::optional<std::size_t>(28));   // 27.5 rounds half away from zero
    REQUIRE(loaded.rules.tiers[0].max_expression);

    CHECK(problems_of(with_tiers("  - { id: key, when: score > 1, max: seats * 1.1 }\n  - { id: rest }\n"
                                 "params: { seats: 25 }\n")) ==
          "r.yaml:4:38: error: tier 'key': 'max' gives 27.5, not a whole number of 1 or more (round() or floor() "
          "make one)\n"
          "    4 |   - { id: key, when: score > 1, max: seats * 1.1 }\n"
          "      |                                      ^~~~~~~~~~~\n");
    CHECK(problems_of(with_tiers("  - { id: key, when: score > 1, max: round(revenue / 1000) }\n  - { id: rest }\n"
                                 "params: { seats: 25 }\n")) ==
          "r.yaml:4:44: error: tier 'key': unknown name 'revenue'; 'max' is worked out from params only\n"
          "    4 |   - { id: key, when: score > 1, max: round(revenue / 1000) }\n"
          "      |                                            ^~~~~~~\n");
}
}
