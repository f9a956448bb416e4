#include "kamscore/classify/overrides.hpp"

#include <doctest/doctest.h>

#include "test_run.hpp"
#include "kamscore/error.hpp"
#include "kamscore/table/parse_value.hpp"

using namespace kamscore;
using kamscore::test::TestRun;

namespace {

const char* rules = R"(kamscore: 1
input: { id: id }
fields:
  points: points
metrics:
  - { id: points, value: points, weight: 1, scale: { linear: [0, 100] } }
tiers:
  - { id: key_account, when: score >= 50, max: 2 }
  - { id: large_customer, when: score >= 30 }
  - { id: standard }
)";
const char* rows = "id,points\na,90\nb,80\nc,70\nd,10\n";

std::string error_of(std::string_view text, const std::string& name) {
    try {
        std::vector<std::string> warnings;
        load_overrides(text, name, "customer_id", "", warnings);
    } catch (const Error& e) {
        return format_error(e);
    }
    return "";
}

}  // namespace

TEST_SUITE("classify") {
TEST_CASE("a forced key account takes a seat of the capacity, a forced demotion frees one") {
    TestRun plain(rules, rows);
    CHECK(plain.tier("c") == "large_customer");
    // d forced into key_account takes one of the two seats: only a, the best, keeps one.
    TestRun forced(rules, rows, "id,tier\nd,key_account\n");
    CHECK(forced.tier("d") == "key_account");
    CHECK(forced.tier("a") == "key_account");
    CHECK(forced.tier("b") == "large_customer");
    CHECK(forced.outcomes[0].forced == 1);
    CHECK(forced.outcomes[0].assigned == 2);
    CHECK(forced.outcomes[0].turned_away.size() == 2);
    // a forced down to standard: b and c move up.
    TestRun freed(rules, rows, "id,tier\na,standard\n");
    CHECK(freed.tier("a") == "standard");
    CHECK(freed.tier("b") == "key_account");
    CHECK(freed.tier("c") == "key_account");
}

TEST_CASE("expired overrides, unknown ids and unknown tiers are left out with a warning") {
    TestRun run(rules, rows);
    const double today = *parse_date("2026-06-01");
    std::vector<Override> overrides{
        {"d", "key_account", "board", "J. W.", *parse_date("2026-12-31"), "o.csv", 2},
        {"c", "key_account", "old", "", *parse_date("2026-01-31"), "o.csv", 3},
        {"C-4711", "key_account", "", "", std::nullopt, "o.csv", 4},
        {"b", "key_acount", "", "", std::nullopt, "o.csv", 5},
        {"d", "large_customer", "later word", "", std::nullopt, "o.csv", 6},
    };
    AppliedOverrides applied = apply_overrides(overrides, *run.plan, run.frame, today);
    CHECK(applied.forced == std::vector<std::int32_t>{-1, -1, -1, 1});
    CHECK(applied.entry == std::vector<std::int32_t>{-1, -1, -1, 4});
    CHECK(applied.warnings == std::vector<std::string>{
                                  "kamscore: warning: override for c expired on 2026-01-31; ignored",
                                  "kamscore: warning: override for C-4711: no customer with this id in the input; ignored",
                                  "kamscore: warning: override for b: unknown tier 'key_acount' (did you mean "
                                  "'key_account'?); ignored",
                                  "kamscore: warning: override for d on o.csv:6 replaces the one on line 2"});
}

TEST_CASE("an override file is CSV with id and tier columns, or YAML by its name") {
    std::vector<std::string> warnings;
    auto csv = load_overrides("Customer_ID;Tier;Reason;Expires;Name\nC1;key_account;board;31.12.2026;Müller\n", "o.csv",
                              "customer_id", "", warnings);
    CHECK(warnings.empty());
    REQUIRE(csv.size() == 1);
    CHECK(csv[0].id == "C1");
    CHECK(csv[0].reason == "board");
    CHECK(csv[0].expires == parse_date("2026-12-31"));
    CHECK(csv[0].line == 2);
    auto yaml = load_overrides("- { id: '0042', tier: standard }\n", "o.yml", "customer_id", "", warnings);
    REQUIRE(yaml.size() == 1);
    CHECK(yaml[0].id == "0042");
    CHECK_FALSE(yaml[0].expires.has_value());
    CHECK(error_of("id,reason\nC1,x\n", "o.csv") ==
          "kamscore: error: o.csv needs the columns 'id' and 'tier' (also 'reason', 'owner', 'expires'); its header "
          "has 'id', 'reason'\n");
    CHECK(error_of("id,tier,expires\nC1,,\nC2,standard,soon\n", "o.csv") ==
          "o.csv:2: column \"tier\": the tier is empty\n"
          "o.csv:3: column \"expires\": \"soon\" is not a date like 2026-01-31 or 31.01.2026\n"
          "kamscore: error: 2 bad lines in o.csv\n");
}

TEST_CASE("an override CSV reads German column names, and names a column it does not read") {
    std::vector<std::string> warnings;
    auto csv = load_overrides("Kundennr;Firma;Stufe;Begründung;Verantwortlich;GÜLTIG BIS;Notes;Kommentar\n"
                              "C1;Müller;key_account;Vorstand;J. W.;31.12.2026;x;y\n",
                              "o.csv", "Kundennr", "Firma", warnings);
    REQUIRE(csv.size() == 1);
    CHECK(csv[0].id == "C1");
    CHECK(csv[0].tier == "key_account");
    CHECK(csv[0].reason == "Vorstand");
    CHECK(csv[0].owner == "J. W.");
    CHECK(csv[0].expires == parse_date("2026-12-31"));
    CHECK(warnings == std::vector<std::string>{
                          "kamscore: warning: o.csv: column 'Notes' is not read; the columns read are id (or the rules' "
                          "id column), tier, reason, owner, expires; in German Stufe, Begründung or Grund, "
                          "Verantwortlich, gültig bis; name and comment columns are left for people"});
    warnings.clear();
    auto grund = load_overrides("id,tier,Grund,resaon\nC1,standard,Umzug,z\n", "o.csv", "customer_id", "", warnings);
    REQUIRE(grund.size() == 1);
    CHECK(grund[0].reason == "Umzug");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].starts_with("kamscore: warning: o.csv: column 'resaon' is not read (did you mean 'reason'?); "));
}

TEST_CASE("an override may name its tier by label; a near miss of a label suggests the tier's id") {
    const char* labelled = R"(kamscore: 1
input: { id: id }
fields:
  points: points
metrics:
  - { id: points, value: points, weight: 1, scale: { linear: [0, 100] } }
tiers:
  - { id: key_account, label: Key Account, when: score >= 50, max: 2 }
  - { id: large_customer, label: Großkunde, when: score >= 30 }
  - { id: standard, label: Standardkunde }
)";
    TestRun run(labelled, rows);
    std::vector<Override> overrides{
        {"d", "Großkunde", "", "", std::nullopt, "o.csv", 2},
        {"c", "key account", "", "", std::nullopt, "o.csv", 3},
        {"b", "Grosskunde", "", "", std::nullopt, "o.csv", 4},
        {"a", "Premium", "", "", std::nullopt, "o.csv", 5},
    };
    AppliedOverrides applied = apply_overrides(overrides, *run.plan, run.frame, 0);
    CHECK(applied.forced == std::vector<std::int32_t>{-1, -1, 0, 1});
    CHECK(applied.warnings ==
          std::vector<std::string>{
              "kamscore: warning: override for b: unknown tier 'Grosskunde' (did you mean 'large_customer'?); ignored",
              "kamscore: warning: override for a: unknown tier 'Premium' (the tiers are key_account (Key Account), "
              "large_customer (Großkunde), standard (Standardkunde); an id or a label); ignored"});
}

TEST_CASE("an override for an id padded with zeros suggests the id without them") {
    TestRun run(rules, "id,points\n10058,90\n10059,80\n");
    std::vector<Override> overrides{{"0000010058", "standard", "", "", std::nullopt, "o.csv", 2}};
    CHECK(apply_overrides(overrides, *run.plan, run.frame, 0).warnings ==
          std::vector<std::string>{"kamscore: warning: override for 0000010058: no customer with this id in the input "
                                   "(closest: '10058'); ignored"});
}
}
