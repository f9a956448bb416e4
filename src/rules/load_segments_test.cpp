#include "kamscore/rules/load_rules.hpp"

#include <doctest/doctest.h>

#include "rules/rules_test_support.hpp"

using namespace kamscore;
using kamscore::test::around;
using kamscore::test::problems_of;

TEST_SUITE("rules") {
TEST_CASE("segments are read in file order: pareto, grid and cases") {
    LoadedRules loaded = load_rules(around("segments:\n"
                                           "  abc: { pareto: revenue, classes: { A: 70, B: 90, C: 100 } }\n"
                                           "  portfolio: { x: revenue, y: potential, split: { x: median, y: percentile 75 },\n"
                                           "               cells: { high_high: Top, low_low: Gelegenheit } }\n"
                                           "  reach:\n"
                                           "    cases:\n"
                                           "      - { when: countries >= 10, label: Global }\n"
                                           "      - { label: Local }\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.segments.size() == 3);
    const SegmentSpec& abc = loaded.rules.segments[0];
    CHECK(abc.kind == SegmentKind::Pareto);
    CHECK(abc.value.text == "revenue");
    REQUIRE(abc.classes.size() == 3);
    CHECK(abc.classes[1] == std::pair<std::string, double>{"B", 90});
    CHECK(abc.location.line == 4);

    const SegmentSpec& portfolio = loaded.rules.segments[1];
    CHECK(portfolio.kind == SegmentKind::Grid);
    CHECK(portfolio.y.text == "potential");
    CHECK(portfolio.x_split.kind == SplitSpec::Median);
    CHECK(portfolio.y_split.kind == SplitSpec::Percentile);
    CHECK(portfolio.y_split.value == 75);
    CHECK(portfolio.cells == std::vector<std::string>{"Top", "high_low", "low_high", "Gelegenheit"});

    const SegmentSpec& reach = loaded.rules.segments[2];
    CHECK(reach.kind == SegmentKind::Cases);
    REQUIRE(reach.cases.size() == 2);
    CHECK(reach.cases[0].when->text == "countries >= 10");
    CHECK_FALSE(reach.cases[1].when.has_value());
    CHECK(reach.cases[1].label == "Local");
}

TEST_CASE("a pareto segment without classes takes A 80, B 95, C 100; a grid splits at the median") {
    LoadedRules loaded = load_rules(around("segments:\n  abc: { pareto: revenue }\n  grid: { x: a, y: b, split: 1000 }\n"),
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.segments.size() == 2);
    CHECK(loaded.rules.segments[0].classes ==
          std::vector<std::pair<std::string, double>>{{"A", 80}, {"B", 95}, {"C", 100}});
    CHECK(loaded.rules.segments[1].x_split.kind == SplitSpec::Fixed);
    CHECK(loaded.rules.segments[1].y_split.value == 1000);
}

TEST_CASE("pareto classes must rise and end at 100") {
    CHECK(problems_of(around("segments:\n  abc: { pareto: revenue, classes: { A: 80, B: 70, C: 95 } }\n")) ==
          "r.yaml:4:48: error: class 'B' must reach a share above 80 and at most 100 (shares add up: "
          "{ A: 80, B: 95, C: 100 }), found 70\n"
          "    4 |   abc: { pareto: revenue, classes: { A: 80, B: 70, C: 95 } }\n"
          "      |                                                ^~\n");
    CHECK(problems_of(around("segments:\n  abc: { pareto: revenue, classes: { A: 80, B: 95 } }\n")) ==
          "r.yaml:4:48: error: the last class must reach 100 (it takes the rest), found 95\n"
          "    4 |   abc: { pareto: revenue, classes: { A: 80, B: 95 } }\n"
          "      |                                                ^~\n");
}

TEST_CASE("a grid needs x and y, known cells and a split it can read") {
    CHECK(problems_of(around("segments:\n  g: { x: revenue, split: percentile 120, cells: { top: A } }\n")) ==
          "r.yaml:4:6: error: a grid segment needs both 'x' and 'y' (the two values it plots), 'y' is missing\n"
          "    4 |   g: { x: revenue, split: percentile 120, cells: { top: A } }\n"
          "      |      ^\n"
          "r.yaml:4:27: error: expected percentile N with N from 0 to 100 for 'split', found 'percentile 120'\n"
          "    4 |   g: { x: revenue, split: percentile 120, cells: { top: A } }\n"
          "      |                           ^~~~~~~~~~~~~~\n"
          "r.yaml:4:52: error: unknown key 'top' (expected high_high, high_low, low_high, low_low)\n"
          "    4 |   g: { x: revenue, split: percentile 120, cells: { top: A } }\n"
          "      |                                                    ^~~\n");
}

TEST_CASE("only the last case may go without a condition, and every case needs a label") {
    CHECK(problems_of(around("segments:\n  s: { cases: [ { label: Other }, { when: x > 1 } ] }\n")) ==
          "r.yaml:4:17: error: case #1 needs 'when': only the last case may go without a condition\n"
          "    4 |   s: { cases: [ { label: Other }, { when: x > 1 } ] }\n"
          "      |                 ^\n"
          "r.yaml:4:35: error: case #2 needs a 'label' (the segment's value when it holds)\n"
          "    4 |   s: { cases: [ { label: Other }, { when: x > 1 } ] }\n"
          "      |                                   ^\n");
}

TEST_CASE("a segment has one of three shapes and a name that is not an output column") {
    CHECK(problems_of(around("segments:\n  score: { pareto: revenue }\n  odd: { classes: { A: 100 } }\n")) ==
          "r.yaml:4:3: error: 'score' is an output column already: name the segment otherwise\n"
          "    4 |   score: { pareto: revenue }\n"
          "      |   ^~~~~\n"
          "r.yaml:5:8: error: segment 'odd' needs 'pareto' (ABC classes), 'x' and 'y' (a portfolio grid) or 'cases'\n"
          "    5 |   odd: { classes: { A: 100 } }\n"
          "      |        ^\n");
}

TEST_CASE("summary names the revenue that summaries share out") {
    LoadedRules loaded = load_rules(around("summary: { revenue: revenue * 1.19 }\n"), "r.yaml");
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.summary.revenue.has_value());
    CHECK(loaded.rules.summary.revenue->text == "revenue * 1.19");
}

TEST_CASE("with input.group every field gets an aggregation, by default by its type") {
    LoadedRules loaded = load_rules("kamscore: 1\ninput: { id: id, group: parent_id }\nfields:\n"
                                    "  revenue: revenue_2025\n"
                                    "  margin: { column: margin_pct, aggregate: mean }\n"
                                    "  lead: { column: leader, type: bool }\n"
                                    "  sector: { column: industry, type: text }\n"
                                    "  sectors: { column: industry, type: text, aggregate: count_distinct }\n"
                                    "  since: { column: first_order, type: date }\n"
                                    "tiers:\n  - { id: all }\n",
                                    "r.yaml");
    CHECK(loaded.diagnostics.empty());
    CHECK(loaded.rules.input.group_column == "parent_id");
    const auto& fields = loaded.rules.fields;
    REQUIRE(fields.size() == 6);
    CHECK(fields[0].aggregate == Aggregate::Sum);
    CHECK(fields[1].aggregate == Aggregate::Mean);
    CHECK(fields[2].aggregate == Aggregate::Any);
    CHECK(fields[3].aggregate == Aggregate::First);
    CHECK(fields[4].aggregate == Aggregate::CountDistinct);
    CHECK(fields[4].type == Type::Number);
    CHECK(fields[4].column_type == Type::Text);
    CHECK(fields[5].aggregate == Aggregate::Max);
}

TEST_CASE("an aggregation must suit the field's type and be spelt right") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id, group: parent_id }\nfields:\n"
                      "  sector: { column: industry, type: text, aggregate: sum }\n"
                      "  revenue: { column: revenue, aggregate: summ }\n"
                      "tiers:\n  - { id: all }\n") ==
          "r.yaml:4:54: error: 'sum' combines number values, but field 'sector' is a text field\n"
          "    4 |   sector: { column: industry, type: text, aggregate: sum }\n"
          "      |                                                      ^~~\n"
          "r.yaml:5:42: error: unknown aggregation 'summ' (did you mean 'sum'?)\n"
          "    5 |   revenue: { column: revenue, aggregate: summ }\n"
          "      |                                          ^~~~\n");
}

TEST_CASE("an aggregation without input.group is a warning: it has no effect") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\nfields:\n  revenue: { column: revenue, aggregate: max }\n"
                      "tiers:\n  - { id: all }\n") ==
          "r.yaml:4:42: warning: 'aggregate' of field 'revenue' has no effect without 'group' under 'input:'\n"
          "    4 |   revenue: { column: revenue, aggregate: max }\n"
          "      |                                          ^~~\n");
}
}
