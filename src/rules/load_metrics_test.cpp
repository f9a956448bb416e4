#include "kamscore/rules/load_rules.hpp"

#include <doctest/doctest.h>

#include "rules/rules_test_support.hpp"

using namespace kamscore;
using kamscore::test::around;
using kamscore::test::problems_of;

namespace {

/// Problems of a metrics section holding one metric with `scale` (on line 4).
std::string scale_problems(std::string_view scale) {
    return problems_of(around("metrics:\n  - { id: m, value: x, weight: 1, scale: " + std::string(scale) + " }\n"));
}

/// The source line and the caret lines of scale_problems, from the offending column on.
std::string metric_line(std::string_view scale) {
    return "    4 |   - { id: m, value: x, weight: 1, scale: " + std::string(scale) + " }\n";
}

}  // namespace

TEST_SUITE("rules") {
TEST_CASE("every kind of scale loads") {
    LoadedRules loaded = load_rules(around("metrics:\n"
                                           "  - { id: a, value: x, weight: 0, scale: percentile, missing: skip }\n"
                                           "  - { id: b, value: x, weight: 2.5, scale: { linear: [100, 0] }, label: B }\n"
                                           "  - { id: c, value: x, weight: 1, scale: { bands: [[null, 40]] }, missing: error }\n"
                                           "  - { id: d, value: x, weight: 1, scale: { map: { \"yes\": 100, no: 0 } } }\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.metrics.size() == 4);
    CHECK(loaded.rules.metrics[0].missing == MissingPolicy::Skip);
    CHECK(loaded.rules.metrics[0].weight == 0);
    CHECK(loaded.rules.metrics[1].scale.kind == ScaleKind::Linear);
    CHECK(loaded.rules.metrics[1].scale.low == 100);
    CHECK(loaded.rules.metrics[1].scale.high == 0);
    CHECK(loaded.rules.metrics[1].weight == 2.5);
    CHECK(loaded.rules.metrics[1].label == "B");
    CHECK(loaded.rules.metrics[2].scale.bands.size() == 1);
    CHECK(loaded.rules.metrics[2].missing == MissingPolicy::Error);
    CHECK(loaded.rules.metrics[3].scale.map == std::vector<std::pair<std::string, double>>{{"yes", 100}, {"no", 0}});
    CHECK(loaded.rules.metrics[3].scale.location.line == 7);
    CHECK(loaded.rules.metrics[3].scale.location.column == 42);
}

TEST_CASE("an unknown scale word suggests the closest kind") {
    CHECK(scale_problems("percentil") ==
          "r.yaml:4:42: error: unknown scale 'percentil' (did you mean 'percentile'?)\n" + metric_line("percentil") +
              "      |                                          ^~~~~~~~~\n");
    CHECK(scale_problems("rank") ==
          "r.yaml:4:42: error: unknown scale 'rank': expected percentile, linear, log, bands or map\n" +
              metric_line("rank") + "      |                                          ^~~~\n");
}

TEST_CASE("a scale kind that needs settings says which") {
    CHECK(scale_problems("linear") ==
          "r.yaml:4:42: error: a linear scale needs its range: scale: { linear: [low, high] }\n" +
              metric_line("linear") + "      |                                          ^~~~~~\n");
    CHECK(scale_problems("{ percentile: {} }") ==
          "r.yaml:4:44: error: 'percentile' takes no settings: write scale: percentile\n" +
              metric_line("{ percentile: {} }") + "      |                                            ^~~~~~~~~~\n");
}

TEST_CASE("a scale map has exactly one known kind") {
    CHECK(scale_problems("{ linear: [0, 1], log: [1, 2] }") ==
          "r.yaml:4:60: error: a scale has one kind, but this one has 'linear' and 'log'\n" +
              metric_line("{ linear: [0, 1], log: [1, 2] }") +
              "      |                                                            ^~~\n");
    CHECK(scale_problems("{ lin: [0, 1] }") ==
          "r.yaml:4:44: error: unknown key 'lin' (did you mean 'log'?)\n" + metric_line("{ lin: [0, 1] }") +
              "      |                                            ^~~\n");
    CHECK(scale_problems("{}") ==
          "r.yaml:4:42: error: expected a scale for 'scale' (percentile, { linear: [low, high] }, { log: [low, high] "
          "}, { bands: ... } or { map: ... }), found an empty map\n" +
              metric_line("{}") + "      |                                          ^\n");
}

TEST_CASE("linear and log ranges are two different numbers, log ones above zero") {
    CHECK(scale_problems("{ linear: [5, 5] }") ==
          "r.yaml:4:56: error: the two ends of a linear scale must differ, both are 5\n" +
              metric_line("{ linear: [5, 5] }") + "      |                                                        ^\n");
    CHECK(scale_problems("{ log: [0, 1000] }") ==
          "r.yaml:4:50: error: the ends of a log scale must be greater than 0, found 0\n" +
              metric_line("{ log: [0, 1000] }") + "      |                                                  ^\n");
    CHECK(scale_problems("{ linear: [1, 2, 3] }") ==
          "r.yaml:4:52: error: expected [low, high] for a linear scale, found a list of 3\n" +
              metric_line("{ linear: [1, 2, 3] }") + "      |                                                    ^\n");
    CHECK(scale_problems("{ log: [ten, 100] }") ==
          "r.yaml:4:50: error: expected a number for the low end, found 'ten'\n" + metric_line("{ log: [ten, 100] }") +
              "      |                                                  ^~~\n");
}

TEST_CASE("band upper bounds must increase") {
    CHECK(scale_problems("{ bands: [[30, 0], [25, 50], [null, 100]] }") ==
          "r.yaml:4:62: error: band upper bounds must increase: 25 after 30\n" +
              metric_line("{ bands: [[30, 0], [25, 50], [null, 100]] }") +
              "      |                                                              ^~\n");
}

TEST_CASE("only the last band is open-ended, and it must be") {
    CHECK(scale_problems("{ bands: [[null, 0], [25, 50]] }") ==
          "r.yaml:4:53: error: only the last band can be open-ended (null as its upper bound)\n" +
              metric_line("{ bands: [[null, 0], [25, 50]] }") +
              "      |                                                     ^~~~\n"
              "r.yaml:4:64: error: the last band's upper bound must be null, so that every value gets a score; "
              "found 25\n" +
              metric_line("{ bands: [[null, 0], [25, 50]] }") +
              "      |                                                                ^~\n");
}

TEST_CASE("scores are between 0 and 100") {
    CHECK(scale_problems("{ bands: [[10, -1], [null, 120]] }") ==
          "r.yaml:4:57: error: a score must be between 0 and 100, found -1\n" +
              metric_line("{ bands: [[10, -1], [null, 120]] }") +
              "      |                                                         ^~\n"
              "r.yaml:4:69: error: a score must be between 0 and 100, found 120\n" +
              metric_line("{ bands: [[10, -1], [null, 120]] }") +
              "      |                                                                     ^~~\n");
    CHECK(scale_problems("{ map: { high: 100, low: 101 } }") ==
          "r.yaml:4:67: error: a score must be between 0 and 100, found 101\n" +
              metric_line("{ map: { high: 100, low: 101 } }") +
              "      |                                                                   ^~~\n");
}

TEST_CASE("bands are pairs and a map scale maps values") {
    CHECK(scale_problems("{ bands: [10, [null, 1]] }") ==
          "r.yaml:4:52: error: expected a band [upper, score] for band #1, found '10'\n" +
              metric_line("{ bands: [10, [null, 1]] }") + "      |                                                    ^~\n");
    CHECK(scale_problems("{ map: [high, low] }") ==
          "r.yaml:4:49: error: expected a map of value: score for 'map', found a list\n" +
              metric_line("{ map: [high, low] }") + "      |                                                 ^\n");
}

TEST_CASE("a metric needs value, weight and scale; weight is a number of 0 or more") {
    CHECK(problems_of(around("metrics:\n  - { id: revenue, valu: revenue }\n  - { id: b, value: x, weight: -5, "
                             "scale: percentile, missing: skp }\n  - { id: c, value: x, weight: \"5\", scale: percentile }\n")) ==
          "r.yaml:4:11: error: metric 'revenue' needs 'value' (the expression to score)\n"
          "    4 |   - { id: revenue, valu: revenue }\n"
          "      |           ^~~~~~~\n"
          "r.yaml:4:11: error: metric 'revenue' needs 'weight' (its share of the score)\n"
          "    4 |   - { id: revenue, valu: revenue }\n"
          "      |           ^~~~~~~\n"
          "r.yaml:4:11: error: metric 'revenue' needs 'scale' (percentile, linear, log, bands or map)\n"
          "    4 |   - { id: revenue, valu: revenue }\n"
          "      |           ^~~~~~~\n"
          "r.yaml:4:20: error: unknown key 'valu' (did you mean 'value'?)\n"
          "    4 |   - { id: revenue, valu: revenue }\n"
          "      |                    ^~~~\n"
          "r.yaml:5:32: error: a weight must be 0 or more, found -5\n"
          "    5 |   - { id: b, value: x, weight: -5, scale: percentile, missing: skp }\n"
          "      |                                ^~\n"
          "r.yaml:5:64: error: unknown missing policy 'skp' (did you mean 'skip'?)\n"
          "    5 |   - { id: b, value: x, weight: -5, scale: percentile, missing: skp }\n"
          "      |                                                                ^~~\n"
          "r.yaml:6:32: error: expected a number for 'weight', found the text \"5\": write numbers without quotes\n"
          "    6 |   - { id: c, value: x, weight: \"5\", scale: percentile }\n"
          "      |                                ^~~\n");
}

TEST_CASE("metric ids are unique identifiers") {
    CHECK(problems_of(around("metrics:\n  - { id: a, value: x, weight: 1, scale: percentile }\n"
                             "  - { id: a, value: y, weight: 1, scale: percentile }\n"
                             "  - { id: a-b, value: y, weight: 1, scale: percentile }\n  - revenue\n")) ==
          "r.yaml:5:11: error: duplicate metric id 'a' (first defined on line 4)\n"
          "    5 |   - { id: a, value: y, weight: 1, scale: percentile }\n"
          "      |           ^\n"
          "r.yaml:6:11: error: 'a-b' is not a valid metric id: use letters, digits and '_', not starting with a digit\n"
          "    6 |   - { id: a-b, value: y, weight: 1, scale: percentile }\n"
          "      |           ^~~\n"
          "r.yaml:7:5: error: expected a map like { id: ..., ... } for metric #4, found 'revenue'\n"
          "    7 |   - revenue\n"
          "      |     ^~~~~~~\n");
}
}
