#include "kamscore/rules/load_rules.hpp"

#include <cmath>

#include <doctest/doctest.h>

#include "rules/rules_test_support.hpp"

using namespace kamscore;
using kamscore::test::problems_of;

namespace {

/// A whole funnel as users write it (flow maps, comments, the short field form), every
/// section but segments and tests.
const char* funnel = R"(kamscore: 1                      # format version (required)
name: Key account funnel
input:   { id: customer_id, label: name, delimiter: auto, decimal: ".", encoding: utf-8 }
params:  { min_score: 70, big_revenue: 1000000 }        # constants, overridable by --set
fields:                          # typed inputs; the short form (just the column) is a number
  revenue:    { column: revenue_2025, type: number }
  wallet:     { column: wallet_size,  type: number }
  margin:     contribution_margin_pct
  countries:  countries
  reference:  { column: reference_customer, type: bool }
  leader:     { column: industry_leader, type: bool }
  complexity: { column: complexity, type: text }
  agreement:  { column: kam_agreement, type: bool }
derived:                         # evaluated in order; may use earlier ones
  potential:    max(wallet - revenue, 0)
  wallet_share: if(wallet > 0, revenue / wallet, missing)
strategic:                       # funnel step 1: qualitative criteria
  - { id: lighthouse, label: Reference or industry leader, when: reference or leader }
  - { id: complex,    label: Complex relationship, when: countries >= 5 or complexity == "high" }
metrics:                         # funnel step 2: hard metrics, each scaled to 0..100
  - { id: revenue,   value: revenue,   weight: 40, scale: percentile }
  - { id: potential, value: potential, weight: 30, scale: { log: [10000, 1000000] } }
  - { id: margin,    value: margin,    weight: 20, scale: { bands: [[10, 0], [25, 50], [null, 100]] } }
  - { id: fit,       value: complexity, weight: 10, scale: { map: { high: 100, medium: 50, low: 0 } } }
tiers:                           # decision list: first match wins; the last has no `when`
  - id: key_account
    label: Key Account
    when: score >= min_score and strategic >= 1 and agreement     # step 3: commitment
    max: 25                      # capacity: best 25 by score; the others fall through
    stay: score >= min_score - 5 and agreement                     # stickiness with --previous
  - { id: large_customer, label: Großkunde, when: revenue >= big_revenue or score >= min_score }
  - { id: standard, label: Standardkunde }
)";

}  // namespace

TEST_SUITE("rules") {
TEST_CASE("the design's example loads into the expected rule set") {
    LoadedRules loaded = load_rules(funnel, "rules/kam.yaml");
    CHECK(loaded.diagnostics.empty());
    CHECK_FALSE(loaded.has_errors());
    const RuleSet& rules = loaded.rules;
    CHECK(rules.path == "rules/kam.yaml");
    CHECK(rules.version == 1);
    CHECK(rules.name == "Key account funnel");

    CHECK(rules.input.id_column == "customer_id");
    CHECK(rules.input.label_column == "name");
    CHECK(rules.input.delimiter == 0);
    CHECK(rules.input.decimal == '.');
    CHECK(rules.input.encoding == "utf-8");
    CHECK(rules.input.location.line == 3);
    CHECK(rules.input.location.column == 16);

    REQUIRE(rules.params.size() == 2);
    CHECK(rules.params[0].name == "min_score");
    CHECK(rules.params[0].value.type == Type::Number);
    CHECK(rules.params[0].value.number == 70);
    CHECK(rules.params[1].name == "big_revenue");
    CHECK(rules.params[1].value.number == 1000000);
    CHECK(rules.params[1].location.line == 4);
    CHECK(rules.params[1].location.column == 27);

    REQUIRE(rules.fields.size() == 8);
    CHECK(rules.fields[0].name == "revenue");
    CHECK(rules.fields[0].column == "revenue_2025");
    CHECK(rules.fields[0].type == Type::Number);
    CHECK(rules.fields[2].name == "margin");
    CHECK(rules.fields[2].column == "contribution_margin_pct");
    CHECK(rules.fields[2].type == Type::Number);
    CHECK(rules.fields[2].location.line == 8);
    CHECK(rules.fields[2].location.column == 3);
    CHECK(rules.fields[2].column_location.column == 15);
    CHECK(rules.fields[4].type == Type::Bool);
    CHECK(rules.fields[4].bool_words.true_words == BoolWords{}.true_words);
    CHECK(rules.fields[6].name == "complexity");
    CHECK(rules.fields[6].type == Type::Text);
    CHECK(rules.fields[7].column == "kam_agreement");

    REQUIRE(rules.derived.size() == 2);
    CHECK(rules.derived[0].name == "potential");
    CHECK(rules.derived[0].expression.text == "max(wallet - revenue, 0)");
    CHECK(rules.derived[1].name == "wallet_share");
    CHECK(rules.derived[1].expression.text == "if(wallet > 0, revenue / wallet, missing)");
    CHECK(rules.derived[1].expression.exact_positions);
    CHECK(rules.derived[1].expression.origin.line == 16);
    CHECK(rules.derived[1].expression.origin.column == 17);

    REQUIRE(rules.strategic.size() == 2);
    CHECK(rules.strategic[0].id == "lighthouse");
    CHECK(rules.strategic[0].label == "Reference or industry leader");
    CHECK(rules.strategic[0].when.text == "reference or leader");
    CHECK(rules.strategic[1].when.text == "countries >= 5 or complexity == \"high\"");
    CHECK(rules.strategic[1].when.origin.column == 58);

    REQUIRE(rules.metrics.size() == 4);
    const MetricSpec& revenue = rules.metrics[0];
    CHECK(revenue.id == "revenue");
    CHECK(revenue.label == "revenue");
    CHECK(revenue.value.text == "revenue");
    CHECK(revenue.weight == 40);
    CHECK(revenue.scale.kind == ScaleKind::Percentile);
    CHECK(revenue.missing == MissingPolicy::Zero);
    const MetricSpec& potential = rules.metrics[1];
    CHECK(potential.scale.kind == ScaleKind::Log);
    CHECK(potential.scale.low == 10000);
    CHECK(potential.scale.high == 1000000);
    const MetricSpec& margin = rules.metrics[2];
    CHECK(margin.scale.kind == ScaleKind::Bands);
    REQUIRE(margin.scale.bands.size() == 3);
    CHECK(margin.scale.bands[0].upper == 10);
    CHECK(margin.scale.bands[0].score == 0);
    CHECK(margin.scale.bands[1].upper == 25);
    CHECK(margin.scale.bands[1].score == 50);
    CHECK(std::isinf(margin.scale.bands[2].upper));
    CHECK(margin.scale.bands[2].score == 100);
    const MetricSpec& fit = rules.metrics[3];
    CHECK(fit.value.text == "complexity");
    CHECK(fit.weight == 10);
    CHECK(fit.scale.kind == ScaleKind::Map);
    CHECK(fit.scale.map == std::vector<std::pair<std::string, double>>{{"high", 100}, {"medium", 50}, {"low", 0}});

    REQUIRE(rules.tiers.size() == 3);
    const TierSpec& key_account = rules.tiers[0];
    CHECK(key_account.id == "key_account");
    CHECK(key_account.label == "Key Account");
    REQUIRE(key_account.when);
    CHECK(key_account.when->text == "score >= min_score and strategic >= 1 and agreement");
    CHECK(key_account.max == std::optional<std::size_t>(25));
    REQUIRE(key_account.stay);
    CHECK(key_account.stay->text == "score >= min_score - 5 and agreement");
    CHECK(key_account.location.line == 26);
    CHECK(rules.tiers[1].label == "Großkunde");
    CHECK_FALSE(rules.tiers[1].max);
    CHECK(rules.tiers[2].id == "standard");
    CHECK(rules.tiers[2].label == "Standardkunde");
    CHECK_FALSE(rules.tiers[2].when);
}

TEST_CASE("an unknown top-level key suggests the closest known one") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\nmetric: []\ntiers: [{ id: all }]\n") ==
          "r.yaml:3:1: error: unknown key 'metric' (did you mean 'metrics'?)\n"
          "    3 | metric: []\n"
          "      | ^~~~~~\n");
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\nxyz: 1\ntiers: [{ id: all }]\n") ==
          "r.yaml:3:1: error: unknown key 'xyz' (expected kamscore, name, input, params, fields, derived, "
          "strategic, metrics, tiers, segments, summary, guards, output, tests, overrides)\n"
          "    3 | xyz: 1\n"
          "      | ^~~\n");
}

TEST_CASE("sections of the design that this version cannot read yet are refused by name") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\ntiers: [{ id: all }]\noverrides:\n  - {}\ntests: []\n") ==
          "r.yaml:4:1: error: 'overrides' is not supported yet by this version of kamscore\n"
          "    4 | overrides:\n"
          "      | ^~~~~~~~~\n");
}

TEST_CASE("a duplicate key names the line of the first one") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\nfields:\n  revenue: a\n  wallet: b\n  revenue: c\n"
                      "tiers: [{ id: all }]\n") ==
          "r.yaml:6:3: error: duplicate key 'revenue' (first defined on line 4)\n"
          "    6 |   revenue: c\n"
          "      |   ^~~~~~~\n");
}

TEST_CASE("duplicate keys are found in every map, also where no other check looks") {
    CHECK(problems_of("kamscore: 1\ninput: { id: a, id: b }\ntiers: [{ id: all }]\nkamscore: 1\n") ==
          "r.yaml:2:17: error: duplicate key 'id' (first defined on line 2)\n"
          "    2 | input: { id: a, id: b }\n"
          "      |                 ^~\n"
          "r.yaml:4:1: error: duplicate key 'kamscore' (first defined on line 1)\n"
          "    4 | kamscore: 1\n"
          "      | ^~~~~~~~\n");
}

TEST_CASE("a rule file without 'kamscore' is refused") {
    CHECK(problems_of("# rules\nname: x\ninput: { id: id }\ntiers: [{ id: all }]\n") ==
          "r.yaml:2:1: error: missing required key 'kamscore' (the rule-file format: add 'kamscore: 1' at the top)\n"
          "    2 | name: x\n"
          "      | ^\n");
}

TEST_CASE("another rule-file version is refused before anything else is checked") {
    CHECK(problems_of("kamscore: 2\ninput: { id: id }\nsegments: {}\nwhatever: 1\n") ==
          "r.yaml:1:11: error: unsupported rule-file version 2: this kamscore reads version 1\n"
          "    1 | kamscore: 2\n"
          "      |           ^\n");
    CHECK(problems_of("kamscore: \"1\"\ninput: { id: id }\ntiers: [{ id: all }]\n") ==
          "r.yaml:1:11: error: expected the rule-file version 1 for 'kamscore', found '1'\n"
          "    1 | kamscore: \"1\"\n"
          "      |           ^~~\n");
}

TEST_CASE("input and tiers are required") {
    CHECK(problems_of("kamscore: 1\n") ==
          "r.yaml:1:1: error: missing required key 'input' (at least the id column: 'input: { id: customer_id }')\n"
          "    1 | kamscore: 1\n"
          "      | ^\n"
          "r.yaml:1:1: error: missing required key 'tiers' (at least one tier, the last one without 'when')\n"
          "    1 | kamscore: 1\n"
          "      | ^\n");
}

TEST_CASE("an empty file and a file that is not a map say so") {
    CHECK(problems_of("# nothing yet\n") ==
          "r.yaml: error: the rule file is empty: it needs at least 'kamscore: 1', 'input' and 'tiers'\n");
    CHECK(problems_of("- kamscore: 1\n") ==
          "r.yaml:1:1: error: expected a map of sections (kamscore, input, fields, metrics, tiers, ...) for the "
          "rule file, found a list\n"
          "    1 | - kamscore: 1\n"
          "      | ^\n");
}

TEST_CASE("YAML problems come through the loader with their positions") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id\ntiers: []\n") ==
          "r.yaml:3:6: error: invalid YAML: end of map flow not found\n"
          "    3 | tiers: []\n"
          "      |      ^\n");
    CHECK(problems_of("kamscore: 1\nbase: &b { id: id }\ninput: *b\n") ==
          "r.yaml:2:7: error: YAML aliases and anchors are not supported in rule files\n"
          "    2 | base: &b { id: id }\n"
          "      |       ^~\n");
    CHECK(problems_of("kamscore: 1\nname: Gro\xDF\n") ==
          "r.yaml:2:10: error: invalid UTF-8 (byte 0xDF): rule files must be saved as UTF-8, not Windows-1252 or "
          "Latin-1\n"
          "    2 | name: Gro\xEF\xBF\xBD\n"
          "      |          ^\n");
}

TEST_CASE("deeply nested YAML is refused without a crash") {
    std::string text = "kamscore: 1\nname: " + std::string(100'000, '[') + "\n";
    LoadedRules loaded = load_rules(text, "r.yaml");
    REQUIRE(loaded.diagnostics.size() == 1);
    CHECK(loaded.diagnostics[0].message == "YAML nested more than 64 levels deep: a rule file needs far fewer");
    CHECK(loaded.diagnostics[0].location.line == 2);
}

TEST_CASE("a second document is reported together with the problems of the first") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\ntier: []\n---\nkamscore: 1\n") ==
          "r.yaml:1:1: error: missing required key 'tiers' (at least one tier, the last one without 'when')\n"
          "    1 | kamscore: 1\n"
          "      | ^\n"
          "r.yaml:3:1: error: unknown key 'tier' (did you mean 'tiers'?)\n"
          "    3 | tier: []\n"
          "      | ^~~~\n"
          "r.yaml:4:1: error: a rule file holds one YAML document, but a second one starts here\n"
          "    4 | ---\n"
          "      | ^~~\n");
}

TEST_CASE("every problem is reported, in file order, with a count") {
    const char* yaml = R"(kamscore: 1
input: { id: customer_id, lable: name }
fields:
  revenue: revenue_2025
  score: points
metrics:
  - { id: revenue, value: revenue, weight: 40, scale: { bands: [[30, 0], [25, 50], [null, 100]] } }
tiers:
  - { id: key_account, when: score >= 70 }
  - { id: rest, when: true }
)";
    LoadedRules loaded = load_rules(yaml, "r.yaml");
    CHECK(loaded.has_errors());
    CHECK(format_diagnostics(loaded.diagnostics, "r.yaml") ==
          "r.yaml:2:27: error: unknown key 'lable' (did you mean 'label'?)\n"
          "    2 | input: { id: customer_id, lable: name }\n"
          "      |                           ^~~~~\n"
          "r.yaml:5:3: error: 'score' is a reserved word of the expression language and cannot be a field name\n"
          "    5 |   score: points\n"
          "      |   ^~~~~\n"
          "r.yaml:7:75: error: band upper bounds must increase: 25 after 30\n"
          "    7 |   - { id: revenue, value: revenue, weight: 40, scale: { bands: [[30, 0], [25, 50], [null, 100]] } }\n"
          "      |                                                                           ^~\n"
          "r.yaml:10:17: error: the last tier is the fallback and takes no 'when'\n"
          "   10 |   - { id: rest, when: true }\n"
          "      |                 ^~~~\n"
          "kamscore: 4 errors in r.yaml\n");
}
}
