#include "kamscore/lint/lint_rules.hpp"

#include <doctest/doctest.h>

#include "kamscore/rules/load_rules.hpp"
#include "lint/value_range.hpp"

using namespace kamscore;

namespace {

/// The lint messages of `yaml` (which must load and compile), one per line, "line: message".
std::string lints_of(const std::string& yaml, const SeenTexts* seen = nullptr) {
    LoadedRules loaded = load_rules(yaml, "r.yaml");
    REQUIRE_FALSE(loaded.has_errors());
    Frame frame;
    PlanResult built = build_plan(loaded.rules, frame, {}, {});
    REQUIRE(built.plan);
    std::string text;
    for (const Diagnostic& d : lint_rules(loaded.rules, *built.plan, yaml, seen)) {
        CHECK(d.severity == Severity::Warning);
        CHECK_FALSE(d.source_line.empty());
        text += std::to_string(d.location.line) + ": " + d.message + "\n";
    }
    return text;
}

std::string rules_with(const std::string& metrics, const std::string& tiers, const std::string& extra = "") {
    return "kamscore: 1\ninput: { id: id }\nparams: { bar: 50 }\nfields:\n  x: x\n  ok: { column: ok, type: bool }\n" +
           extra + "metrics:\n" + metrics + "tiers:\n" + tiers;
}

const std::string one_metric = "  - { id: x, value: x, weight: 1, scale: percentile }\n";
const std::string two_tiers = "  - { id: top, when: score >= bar and ok }\n  - { id: rest }\n";

NumberRange range_of(const std::string& expression, const std::string& derived = "") {
    LoadedRules loaded = load_rules(rules_with(one_metric, two_tiers, derived), "r.yaml");
    REQUIRE_FALSE(loaded.has_errors());
    ExpressionText text;   // filled member by member: GCC 12 at -O2 takes {} for a maybe-uninitialised string
    text.text = expression;
    return value_range(text, loaded.rules);
}

}  // namespace

TEST_SUITE("lint") {
TEST_CASE("rules whose every part counts have no lints") {
    CHECK(lints_of(rules_with(one_metric, two_tiers)) == "");
}

TEST_CASE("all weights zero, and a zero weight nobody reads, are lints") {
    CHECK(lints_of(rules_with("  - { id: x, value: x, weight: 0, scale: percentile }\n", two_tiers)) ==
          "8: every metric has weight 0: no customer gets a score (the score is missing for all)\n");
    CHECK(lints_of(rules_with(one_metric + "  - { id: y, value: x, weight: 0, scale: percentile }\n"
                                           "  - { id: z, value: x, weight: 0, scale: percentile }\n",
                              "  - { id: top, when: metric.z > bar and ok }\n  - { id: rest }\n")) ==
          "9: metric 'y' has weight 0 and no tier reads 'metric.y': it changes nothing (give it a weight, or remove "
          "it)\n");
}

TEST_CASE("a band below the value's range and bands with equal points are lints") {
    CHECK(lints_of(rules_with("  - { id: p, value: p, weight: 1, scale: { bands: [[0, 0], [10, 50], [20, 50], [null, 100]] } }\n",
                              two_tiers, "derived:\n  p: clamp(x, 5, 15)\n")) ==
          "10: metric 'p': the bands from 0 to below 10 and from 10 to below 20 both give 50 points: drop the bound 10 "
          "to merge them\n"
          "10: metric 'p': the band below 0 is never reached: the value is between 5 and 15\n"
          "10: metric 'p': the band from 20 up is never reached: the value is between 5 and 15\n");
}

TEST_CASE("a linear scale the value never enters is a lint") {
    CHECK(lints_of(rules_with("  - { id: p, value: abs(x) * -1, weight: 1, scale: { linear: [0, 10] } }\n", two_tiers)) ==
          "8: metric 'p': every customer gets the same points: the value is at most 0, outside the scale [0, 10]\n");
}

TEST_CASE("constant conditions make tiers unreachable") {
    CHECK(lints_of(rules_with(one_metric, "  - { id: a, when: bar > 100 }\n"
                                          "  - { id: b, when: score > bar and ok }\n"
                                          "  - { id: c, when: score  >  bar and ok }\n"
                                          "  - { id: d, when: bar < 100 }\n"
                                          "  - { id: e }\n")) ==
          "10: tier 'a' never matches: its condition is always false\n"
          "12: tier 'c' never matches: tier 'b' before it has the same condition and no 'max'\n"
          "14: tier 'e' never gets a customer: tier 'd' before it takes every one (its condition is always true and it "
          "has no 'max')\n");
}

TEST_CASE("a capacity without a metric to rank by is a lint") {
    const std::string capped = "  - { id: top, when: ok and x > bar, max: 25 }\n  - { id: rest }\n";
    const std::string message = "tier 'top' has 'max: 25' but no metric to rank by: every customer gets the same "
                                "score, so the 25 seats go by customer id; add a metric with a weight under "
                                "'metrics:' or remove 'max'\n";
    CHECK(lints_of(rules_with("", capped)) == "9: " + message);
    // A constant value ranks nobody either.
    CHECK(lints_of(rules_with("  - { id: c, value: 1, weight: 1, scale: { linear: [0, 2] } }\n", capped)) ==
          "10: " + message);
    CHECK(lints_of(rules_with(one_metric, capped)) == "");
}

TEST_CASE("stay on the last tier, stay that always holds and a capacity beyond any count are lints") {
    CHECK(lints_of(rules_with(one_metric, "  - { id: top, when: score >= bar and ok, stay: true, max: 9999999999 }\n"
                                          "  - { id: rest, stay: score > 1 }\n")) ==
          "10: tier 'top': 'max: 9999999999' is more than any number of customers kamscore can score (4294967295): it "
          "never limits anything; remove it\n"
          "10: tier 'top': 'stay' always holds: a customer never leaves this tier once in it (only 'max' limits it)\n"
          "11: tier 'rest' is the last and takes every customer left anyway: its 'stay' has no effect\n");
}

TEST_CASE("names that nothing counting reads are lints, also through unused derived values") {
    CHECK(lints_of("kamscore: 1\ninput: { id: id }\nparams: { bar: 50, unused: 1 }\n"
                   "fields:\n  x: x\n  y: y\n  z: z\n"
                   "derived:\n  a: y * 2\n  b: a + 1\n  c: z\n"
                   "metrics:\n  - { id: x, value: c, weight: 1, scale: percentile }\n"
                   "tiers:\n  - { id: top, when: score >= bar }\n  - { id: rest }\n") ==
          "3: param 'unused' is never used: no expression reads it\n"
          "5: field 'x' is never used: no expression reads it, yet column 'x' is read and converted on every row "
          "(remove it, or use it)\n"
          "6: field 'y' is never used: no expression reads it, yet column 'y' is read and converted on every row "
          "(remove it, or use it)\n"
          "9: derived value 'a' is never used: nothing that counts reads it\n"
          "10: derived value 'b' is never used: nothing that counts reads it\n");
}

TEST_CASE("the range of an expression follows params, derived values and functions") {
    CHECK(range_of("x").describe() == "any number");
    CHECK(range_of("max(x, 0)").describe() == "at least 0");
    CHECK(range_of("min(x, bar) * 2").describe() == "at most 100");
    CHECK(range_of("clamp(x, 0, 1) * 100 - 50").describe() == "between -50 and 50");
    CHECK(range_of("-abs(x)").describe() == "at most 0");
    CHECK(range_of("if(ok, 1, 3)").describe() == "between 1 and 3");
    CHECK(range_of("if(ok, 2, missing)").describe() == "always 2");
    CHECK(range_of("missing + 1").describe() == "always missing");
    CHECK(range_of("sqrt(x)").describe() == "at least 0");
    CHECK(range_of("d / 4", "derived:\n  d: max(x, 8)\n").describe() == "at least 2");
    CHECK(range_of("x / x").describe() == "any number");
}

const std::string with_segment =
    "kamscore: 1\ninput: { id: id }\nfields:\n  x: x\n  y: y\n  kind: { column: kind, type: text }\n"
    "metrics:\n  - { id: x, value: x, weight: 1, scale: percentile }\n"
    "segments:\n  portfolio: { x: x, y: y, split: median,\n"
    "               cells: { high_high: Top, high_low: Basis, low_high: Entwicklung, low_low: Gelegenheit } }\n"
    "tiers:\n";

TEST_CASE("a segment compared with a label it does not have is a lint, with the closest label") {
    CHECK(lints_of(with_segment + "  - { id: top, when: segment.portfolio != \"Gelegenhiet\" and kind == \"a\" }\n"
                                  "  - id: mid\n    when: segment.portfolio in [\"Top\", \"Platin\"]\n"
                                  "  - { id: rest }\n") ==
          "13: 'segment.portfolio != \"Gelegenhiet\"' always holds: segment 'portfolio' has no label "
          "\"Gelegenhiet\" (did you mean 'Gelegenheit'?); its labels are \"Top\", \"Basis\", \"Entwicklung\", "
          "\"Gelegenheit\"\n"
          "15: 'segment.portfolio in [\"Top\", \"Platin\"]' never matches this element: segment 'portfolio' has no "
          "label \"Platin\"; its labels are \"Top\", \"Basis\", \"Entwicklung\", \"Gelegenheit\"\n");
    CHECK(lints_of(with_segment + "  - { id: top, when: segment.portfolio == \"Top\" and kind == \"a\" }\n"
                                  "  - { id: rest }\n") == "");
}

TEST_CASE("lower(...) compared with capitals, and upper(...) with small letters, are lints") {
    CHECK(lints_of(with_segment + "  - { id: top, when: lower(kind) == \"Hoch\" and segment.portfolio == \"Top\" }\n"
                                  "  - id: mid\n    when: '\"mittel\" != upper(kind)'\n"
                                  "  - { id: low, when: lower(kind) == \"niedrig 2\" }\n"
                                  "  - { id: rest }\n") ==
          "13: 'lower(kind) == \"Hoch\"' never holds: lower() gives no capital letters; write \"hoch\"\n"
          "15: '\"mittel\" != upper(kind)' always holds: upper() gives no small letters; write \"MITTEL\"\n");
}

TEST_CASE("with values seen in the data, a text field compared with one never seen is a lint") {
    SeenTexts seen{"the first 3 rows of e.csv", {{"kind", {"hoch", "mittel", "niedrig"}}}};
    CHECK(lints_of(with_segment + "  - { id: top, when: kind == \"Hohc\" and segment.portfolio == \"Top\" }\n"
                                  "  - { id: mid, when: kind == \"mittel\" }\n"
                                  "  - { id: rest }\n",
                   &seen) ==
          "13: 'kind == \"Hohc\"' never holds in the first 3 rows of e.csv: field 'kind' is never \"Hohc\" there "
          "(did you mean 'hoch'?); seen: \"hoch\", \"mittel\", \"niedrig\"\n");
}
}

TEST_SUITE("lint") {
TEST_CASE("seats per group: no metric to rank by is a lint, their by and params are used, and so is an output value") {
    const std::string extra = "  region: { column: region, type: text }\n";
    const std::string grouped = "  - { id: top, when: ok, max: { by: region, seats: { north: n, south: 2 }, default: d } }\n"
                                "  - { id: rest }\n";
    const std::string rules = "kamscore: 1\ninput: { id: id }\nparams: { n: 3, d: 0 }\nfields:\n  x: x\n"
                              "  ok: { column: ok, type: bool }\n" + extra;
    CHECK(lints_of(rules + "metrics:\n" + one_metric + "tiers:\n" + grouped) == "");
    CHECK(lints_of(rules + "tiers:\n" + grouped) ==
          "5: field 'x' is never used: no expression reads it, yet column 'x' is read and converted on every row "
          "(remove it, or use it)\n"
          "9: tier 'top' has seats per region but no metric to rank by: every customer gets the same score, so "
          "within each group the seats go by customer id; add a metric with a weight under 'metrics:' or remove "
          "'max'\n");
    // A field written by `output:` is used, and a tier with seats per group does not take every customer.
    CHECK(lints_of(rules + "  y: y\nmetrics:\n" + one_metric +
                   "tiers:\n  - { id: top, when: true, max: { by: region, seats: { north: n }, default: d } }\n"
                   "  - { id: rest }\noutput: [y]\n") ==
          "6: field 'ok' is never used: no expression reads it, yet column 'ok' is read and converted on every row "
          "(remove it, or use it)\n");
}
}
