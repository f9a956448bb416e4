#include "kamscore/score/table_builder.hpp"

#include <doctest/doctest.h>

#include "kamscore/error.hpp"

using namespace kamscore;

namespace {

RuleSet rules_with_columns(std::vector<std::string> columns) {
    RuleSet rules;
    rules.path = "r.yaml";
    rules.input.id_column = "customer_id";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        std::string name = "f";   // not "f" + to_string(i): GCC 12 warns falsely (-Wrestrict) at -O3
        name += std::to_string(i);
        rules.fields.push_back(FieldSpec{name, columns[i], Type::Number, "", {}, {}, {}});
    }
    return rules;
}

std::string binding_error(const std::vector<std::string>& header, const RuleSet& rules) {
    try {
        bind_columns(header, rules, "x.csv");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::BadData);
        return format_error(e);
    }
    return "";
}

}  // namespace

TEST_SUITE("table") {
TEST_CASE("columns match exactly first, then ignoring case and surrounding spaces") {
    RuleSet rules = rules_with_columns({"Revenue", "margin"});
    ColumnBinding binding = bind_columns({"customer_id", " MARGIN ", "revenue", "Revenue"}, rules, "x.csv");
    CHECK(binding.id_index == 0);
    CHECK(binding.field_indices == std::vector<int>{3, 1});
    CHECK(binding.header_size == 4);
}

TEST_CASE("a missing column lists look-alike headers") {
    RuleSet rules = rules_with_columns({"revenue_2025"});
    CHECK(binding_error({"customer_id", "Revenue 2025", "name"}, rules) ==
          "kamscore: error: x.csv has no column 'revenue_2025' (needed by field 'f0'); closest: 'Revenue 2025'\n"
          "kamscore: check the column names under 'fields:' and 'input:' of r.yaml against the header line of x.csv\n");
}

TEST_CASE("a missing column with no look-alike lists the header") {
    RuleSet rules = rules_with_columns({"wallet_size"});
    CHECK(binding_error({"customer_id", "name"}, rules) ==
          "kamscore: error: x.csv has no column 'wallet_size' (needed by field 'f0'); the header has "
          "'customer_id', 'name'\n"
          "kamscore: check the column names under 'fields:' and 'input:' of r.yaml against the header line of x.csv\n");
}
}
