#include <doctest/doctest.h>

#include "kamscore/rules/load_rules.hpp"
#include "rules/rules_test_support.hpp"

using namespace kamscore;
using kamscore::test::problems_of;

namespace {

std::string with_tests(std::string_view tests) {
    return "kamscore: 1\n"
           "input: { id: customer_id, label: name }\n"
           "params: { min_score: 70, region: north }\n"
           "fields:\n"
           "  revenue: revenue_2025\n"
           "  agreement: { column: kam_agreement, type: bool }\n"
           "tiers:\n"
           "  - { id: key_account, when: revenue >= 100 and agreement }\n"
           "  - { id: standard }\n"
           "tests:\n" +
           std::string(tests);
}

}  // namespace

TEST_SUITE("rules") {
TEST_CASE("a test reads its rows, expectations, scores, tolerance, params, previous tiers and date") {
    LoadedRules loaded = load_rules(with_tests(R"(  - name: big and agreed
    rows:
      - { customer_id: A, revenue_2025: 150, kam_agreement: "yes" }
      - { Customer_ID: B, revenue_2025: , name: Beta }
    expect: { A: key_account, B: standard }
    scores: { A: 71.5 }
    tolerance: 0.01
    set: { min_score: 60 }
    previous: { B: key_account }
    today: 2025-01-31
)"),
                                    "r.yaml");
    REQUIRE(loaded.diagnostics.empty());
    REQUIRE(loaded.rules.tests.size() == 1);
    const RuleTest& test = loaded.rules.tests[0];
    CHECK(test.name == "big and agreed");
    CHECK(test.location.line == 11);
    REQUIRE(test.rows.size() == 2);
    CHECK(test.rows[0].cells.size() == 3);
    CHECK(test.rows[0].cells[2].value == "yes");
    CHECK(test.rows[1].cells[1].value.empty());
    CHECK(test.expect.size() == 2);
    CHECK(test.expect[1].key == "B");
    CHECK(test.scores[0].value == "71.5");
    CHECK(test.tolerance == 0.01);
    CHECK(test.set[0].key == "min_score");
    CHECK(test.previous[0].value == "key_account");
    CHECK(test.today == "2025-01-31");
}

TEST_CASE("a test needs a name, rows and something to expect") {
    CHECK(problems_of(with_tests("  - { rows: [ { customer_id: A } ], expect: { A: standard } }\n"
                                 "  - { name: nothing }\n"
                                 "  - { name: vague, rows: [ { customer_id: A } ] }\n")) ==
          "r.yaml:11:5: error: test #1 needs a 'name' (what it shows, in a few words)\n"
          "   11 |   - { rows: [ { customer_id: A } ], expect: { A: standard } }\n"
          "      |     ^\n"
          "r.yaml:12:5: error: test 'nothing' needs 'rows' (the customers, by column)\n"
          "   12 |   - { name: nothing }\n"
          "      |     ^\n"
          "r.yaml:13:5: error: test 'vague' expects nothing: add 'expect: { id: tier }' or 'scores: { id: points }'\n"
          "   13 |   - { name: vague, rows: [ { customer_id: A } ] }\n"
          "      |     ^\n");
}

TEST_CASE("a test's columns, ids, tiers and params are checked against the rules") {
    CHECK(problems_of(with_tests(R"(  - name: typos
    rows:
      - { customer_id: A, revenue_2024: 1 }
      - { customer_id: A }
      - { name: nobody }
    expect: { A: key_acount, C: standard }
    scores: { A: lots }
    set: { min_scor: 1, min_score: x }
)")) == "r.yaml:13:27: error: test 'typos': no column 'revenue_2024' is read by the rules (did you mean 'revenue_2025'?)\n"
         "   13 |       - { customer_id: A, revenue_2024: 1 }\n"
         "      |                           ^~~~~~~~~~~~\n"
         "r.yaml:14:24: error: test 'typos': id 'A' is in two rows\n"
         "   14 |       - { customer_id: A }\n"
         "      |                        ^\n"
         "r.yaml:15:9: error: test 'typos': row 3 needs an id in 'customer_id'\n"
         "   15 |       - { name: nobody }\n"
         "      |         ^\n"
         "r.yaml:16:18: error: test 'typos': unknown tier 'key_acount' (did you mean 'key_account'?)\n"
         "   16 |     expect: { A: key_acount, C: standard }\n"
         "      |                  ^~~~~~~~~~\n"
         "r.yaml:16:30: error: test 'typos': 'C' in 'expect' is not the id of a row of the test\n"
         "   16 |     expect: { A: key_acount, C: standard }\n"
         "      |                              ^\n"
         "r.yaml:17:18: error: test 'typos': the score of 'A' must be a number, found 'lots'\n"
         "   17 |     scores: { A: lots }\n"
         "      |                  ^~~~\n"
         "r.yaml:18:12: error: test 'typos': 'set' names no param 'min_scor' (did you mean 'min_score'?)\n"
         "   18 |     set: { min_scor: 1, min_score: x }\n"
         "      |            ^~~~~~~~\n"
         "r.yaml:18:36: error: test 'typos': param 'min_score' is a number, found 'x'\n"
         "   18 |     set: { min_scor: 1, min_score: x }\n"
         "      |                                    ^\n");
}

TEST_CASE("an empty tests section is no tests") {
    LoadedRules loaded = load_rules(with_tests("  []\n"), "r.yaml");
    CHECK(loaded.diagnostics.empty());
    CHECK(loaded.rules.tests.empty());
}

TEST_CASE("a test column that contains a field's column points at the field") {
    CHECK(problems_of("kamscore: 1\ninput: { id: id }\nfields:\n  revenue: Umsatz 2025\n"
                      "metrics:\n  - { id: r, value: revenue, weight: 1, scale: percentile }\n"
                      "tiers:\n  - { id: all }\n"
                      "tests:\n  - { name: t, rows: [ { id: A, Umsatz 2025 hochgerechnet: 5 } ], expect: { A: all } }\n") ==
          "r.yaml:10:33: error: test 't': no column 'Umsatz 2025 hochgerechnet' is read by the rules (field revenue "
          "reads column 'Umsatz 2025': if the export calls it 'Umsatz 2025 hochgerechnet', fix the field)\n"
          "   10 |   - { name: t, rows: [ { id: A, Umsatz 2025 hochgerechnet: 5 } ], expect: { A: all } }\n"
          "      |                                 ^~~~~~~~~~~~~~~~~~~~~~~~~\n");
}
}
