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
          "kamscore: error: field f0: column 'revenue_2025' is not in the file x.csv (closest: 'Revenue 2025')\n"
          "kamscore: check the column names under 'fields:' and 'input:' of r.yaml against the header line of x.csv\n");
}

TEST_CASE("a missing column with no look-alike lists the header") {
    RuleSet rules = rules_with_columns({"wallet_size"});
    CHECK(binding_error({"customer_id", "name"}, rules) ==
          "kamscore: error: field f0: column 'wallet_size' is not in the file x.csv (the header has "
          "'customer_id', 'name')\n"
          "kamscore: check the column names under 'fields:' and 'input:' of r.yaml against the header line of x.csv\n");
}

TEST_CASE("a header that contains the wanted name comes first among the closest") {
    RuleSet rules = rules_with_columns({"Umsatz 2025"});
    CHECK(binding_error({"customer_id", "Umsatz 2024", "Umsatz 2025 hochgerechnet", "Ort"}, rules) ==
          "kamscore: error: field f0: column 'Umsatz 2025' is not in the file x.csv (closest: 'Umsatz 2025 "
          "hochgerechnet', 'Umsatz 2024')\n"
          "kamscore: check the column names under 'fields:' and 'input:' of r.yaml against the header line of x.csv\n");
}

TEST_CASE("a short name found inside a header is no suggestion: 'id' is in too many names") {
    RuleSet rules = rules_with_columns({"ort"});
    CHECK(binding_error({"customer_id", "Sortiment", "Umsatz"}, rules) ==
          "kamscore: error: field f0: column 'ort' is not in the file x.csv (the header has 'customer_id', "
          "'Sortiment', 'Umsatz')\n"
          "kamscore: check the column names under 'fields:' and 'input:' of r.yaml against the header line of x.csv\n");
}
}
