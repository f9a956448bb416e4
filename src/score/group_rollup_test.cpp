#include "kamscore/score/group_rollup.hpp"

#include <doctest/doctest.h>

#include "kamscore/io/csv_reader.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/score/table_builder.hpp"
#include "kamscore/table/parse_value.hpp"

using namespace kamscore;

namespace {

const char* rules_text = R"(kamscore: 1
input: { id: id, label: name, group: parent }
fields:
  revenue: revenue
  low: { column: revenue, aggregate: min }
  margin: { column: margin, aggregate: mean }
  sectors: { column: sector, type: text, aggregate: count_distinct }
  sector: { column: sector, type: text }
  agreed: { column: agreed, type: bool }
  all_agreed: { column: agreed, type: bool, aggregate: all }
  since: { column: since, type: date, aggregate: min }
tiers:
  - { id: all }
)";

const char* rows = "id,name,parent,revenue,margin,sector,agreed,since\n"
                   "e1,Müller GmbH,G,100,10,Machines,yes,2020-01-01\n"
                   "solo,Solo AG,,50,,Retail,no,\n"
                   "e2,Müller AT,G,30,,Chemicals,,2018-06-30\n"
                   "G,Müller Holding,,,30,machines,no,\n";

struct Rolled {
    LoadedRules loaded = load_rules(rules_text, "g.yaml");
    Frame members, groups;
    MemberLayout layout;
    std::optional<ScoringPlan> plan;
    GroupRollup rollup;

    Rolled() {
        REQUIRE_FALSE(loaded.has_errors());
        PlanResult built = build_plan(loaded.rules, groups, {}, {});
        REQUIRE(built.plan);
        plan = std::move(built.plan);
        lay_out_members(loaded.rules, members, layout);
        CsvReader reader(string_byte_source(rows), "g.csv");
        TableBuilder builder(members, layout.plan);
        builder.begin_file("g.csv", bind_columns(reader.header(), layout.rules, "g.csv"));
        CsvRecord record;
        Reject reject;
        while (reader.next(record)) REQUIRE_MESSAGE(builder.add(record, reject), reject.message);
        for (auto& column : members.columns) column.resize(members.rows);
        rollup = roll_up(*plan, layout, members, groups);
    }
    const Column& field(std::size_t f) const { return groups.columns[plan->field_slots[f]]; }
    std::string text(int slot, std::size_t row) const { return std::string(groups.columns[slot].texts[row]); }
};

}  // namespace

TEST_SUITE("score") {
TEST_CASE("member rows roll up into one row per group, in order of first appearance") {
    Rolled r;
    REQUIRE(r.groups.rows == 2);
    CHECK(r.text(r.plan->id_slot, 0) == "G");
    CHECK(r.text(r.plan->id_slot, 1) == "solo");
    CHECK(r.text(r.plan->label_slot, 0) == "Müller Holding");   // the group's own row names it
    CHECK(r.rollup.members[0] == std::vector<std::uint32_t>{0, 2, 3});
    CHECK(r.rollup.group_of_member.at("e1") == "G");
    CHECK(r.rollup.group_of_member.count("solo") == 0);
}

TEST_CASE("each field combines its members by its aggregation, ignoring missing values") {
    Rolled r;
    CHECK(r.field(0).numbers == std::vector<double>{130, 50});          // sum
    CHECK(r.field(1).numbers == std::vector<double>{30, 50});           // min
    CHECK(r.field(2).numbers[0] == 20);                                 // mean of 10 and 30
    CHECK(is_missing(r.field(2).numbers[1]));                           // no margin at all
    CHECK(r.field(3).numbers == std::vector<double>{3, 1});             // Machines, Chemicals, machines
    CHECK(r.field(4).texts[0] == "Machines");                           // first
    CHECK(r.field(5).bools == std::vector<Bool3>{bool_true, bool_false});   // any
    CHECK(r.field(6).bools == std::vector<Bool3>{bool_false, bool_false});  // all
    CHECK(r.field(7).numbers[0] == *parse_date("2018-06-30"));         // min date
    CHECK(is_missing(r.field(7).numbers[1]));
}

TEST_CASE("the member ids of a group are joined by ';'") {
    Rolled r;
    int slot = r.groups.add_column("members", Type::Text);
    fill_member_ids(r.rollup, r.layout, r.members, r.groups, slot);
    CHECK(r.text(slot, 0) == "e1;e2;G");
    CHECK(r.text(slot, 1) == "solo");
}
}
