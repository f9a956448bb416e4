#include "kamscore/classify/migration.hpp"

#include <doctest/doctest.h>

#include "kamscore/error.hpp"
#include "kamscore/value.hpp"

using namespace kamscore;

namespace {

ResultFile results(const std::string& text, const std::string& name) {
    return read_result_file(string_byte_source(text), name, {{"", true, 0}, {"tier", true, 0}, {"score", false, 0},
                                                             {"name", false, 0}});
}

std::string listing(const MigrationReport& report) {
    std::string out;
    for (const auto& m : report.rows)
        out += std::string(m.id) + " " + std::string(movement_name(m.movement)) + " " +
               (m.old_tier.data() ? std::string(m.old_tier) : "-") + ">" +
               (m.new_tier.data() ? std::string(m.new_tier) : "-") + "\n";
    return out;
}

const char* old_text = "id,name,tier,score\nA,Alpha,key,80\nB,Beta,large,60\nC,Gamma,standard,10\nD,Delta,large,55\n";
const char* new_text = "id,name,tier,score\nD,Delta,standard,40\nA,Alpha,key,81\nB,Beta,key,75\nE,Eps,large,50\n";

}  // namespace

TEST_SUITE("classify") {
TEST_CASE("a migration report lists moves up and down, arrivals and departures, by tier and id") {
    ResultFile old_results = results(old_text, "old.csv"), new_results = results(new_text, "new.csv");
    MigrationReport report = compare_results(old_results, new_results, {"key", "large", "standard"}, false);
    CHECK(listing(report) == "B up large>key\nD down large>standard\nE appeared ->large\nC disappeared standard>-\n");
    CHECK(report.counts == std::array<std::size_t, 5>{1, 1, 1, 1, 1});
    CHECK(report.rows[0].old_score == 60);
    CHECK(report.rows[0].new_score == 75);
    CHECK(report.rows[0].label == "Beta");
    CHECK(is_missing(report.rows[2].old_score));
}

TEST_CASE("without a tier order tiers rank by their mean score") {
    ResultFile old_results = results(old_text, "old.csv"), new_results = results(new_text, "new.csv");
    MigrationReport report = compare_results(old_results, new_results, {}, true);
    CHECK(report.tier_order == std::vector<std::string>{"key", "large", "standard"});
    CHECK(listing(report) ==
          "B up large>key\nD down large>standard\nE appeared ->large\nC disappeared standard>-\nA same key>key\n");
}

TEST_CASE("tiers missing from the given order rank after it") {
    ResultFile old_results = results(old_text, "old.csv"), new_results = results(new_text, "new.csv");
    MigrationReport report = compare_results(old_results, new_results, {"standard"}, false);
    CHECK(report.tier_order == std::vector<std::string>{"standard", "key", "large"});
}

TEST_CASE("a repeated id in a result file is an error naming both lines") {
    try {
        compare_results(results("id,tier\nA,x\nA,y\n", "old.csv"), results("id,tier\n", "new.csv"), {}, false);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadData);
        CHECK(located_message(error) == "old.csv:3: duplicate id 'A' (first on line 2)");
    }
}

TEST_CASE("customers held by stay or by an override in NEW are listed, also when their tier is the same") {
    auto with_holders = [](const std::string& text, const std::string& name) {
        return read_result_file(string_byte_source(text), name,
                                {{"", true, 0}, {"tier", true, 0}, {"score", false, 0}, {"name", false, 0},
                                 {"change", false, 0}, {"override", false, 0}});
    };
    ResultFile old_results = with_holders("id,tier\nA,key\nB,key\nC,large\nD,large\n", "old.csv");
    ResultFile new_results = with_holders(
        "id,tier,change,override\nA,key,kept,\nB,key,same,\nC,key,up,Board: pilot\nD,large,kept,Board: hold\n",
        "new.csv");
    MigrationReport report = compare_results(old_results, new_results, {"key", "large"}, false);
    CHECK(report.knows_stay);
    CHECK(report.knows_overrides);
    CHECK(report.held_by_stay == 1);
    CHECK(report.held_by_override == 2);   // an override wins over stay (D)
    CHECK(listing(report) == "C up large>key\nA same key>key\nD same large>large\n");
    CHECK(report.rows[0].held_by == "override");
    CHECK(report.rows[1].held_by == "stay");
    CHECK(report.rows[2].held_by == "override");

    ResultFile plain = with_holders("id,tier\nA,key\n", "plain.csv");
    MigrationReport without = compare_results(plain, plain, {}, false);
    CHECK_FALSE(without.knows_stay);
    CHECK_FALSE(without.knows_overrides);
    CHECK(without.rows.empty());
}
}
