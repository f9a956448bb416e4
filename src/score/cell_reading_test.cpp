#include "kamscore/score/cell_reading.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kamscore/score/table_builder.hpp"

using namespace kamscore;

namespace {

bool same_reading(const CellReading& a, const CellReading& b) {
    const bool same_number = (std::isnan(a.number) && std::isnan(b.number)) || a.number == b.number;
    return same_number && a.flag == b.flag && a.is_missing_word == b.is_missing_word &&
           a.is_unreadable == b.is_unreadable && a.hint == b.hint;
}

FieldSpec field(std::string name, std::string column, Type type) {
    FieldSpec spec;
    spec.name = std::move(name);
    spec.column = std::move(column);
    spec.type = type;
    spec.column_type = type;
    return spec;
}

}  // namespace

TEST_SUITE("score") {
TEST_CASE("cells read ahead are the cells read_cell reads, field by field") {
    RuleSet rules;
    rules.path = "r.yaml";
    rules.input.id_column = "id";
    rules.input.missing_words = {"n/a"};
    rules.fields = {field("revenue", "revenue", Type::Number), field("key", "key", Type::Bool),
                    field("since", "since", Type::Date), field("note", "note", Type::Text),
                    field("margin", "margin", Type::Number)};
    rules.fields[1].bool_words.true_words = {"yes"};
    rules.fields[1].bool_words.false_words = {"no"};
    const std::vector<std::string> header{"id", "margin", "note", "since", "key", "revenue"};
    const ColumnBinding binding = bind_columns(header, rules, "x.csv");
    const CellContext context{'.', false};
    PreparedCells prepared(rules, binding, context, 4);
    const std::vector<std::vector<std::string>> rows{
        {"C1", "12.5", "hello", "2024-12-31", "yes", "1.200"},
        {"C2", "n/a", "", "31.12.2024", "maybe", "1,234.5"},
        {"C3", "abc", "n/a", "", "no", ""},
    };
    const auto missing_words = missing_words_of(rules);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        CAPTURE(r);
        CsvRecord record;
        for (const std::string& cell : rows[r]) record.fields.emplace_back(cell);
        prepared.on_record(record, 1, r);
        const PreparedRecord ready = prepared.at({1, r, rows.size()});
        REQUIRE(ready.is_prepared);
        for (std::size_t f = 0; f < rules.fields.size(); ++f) {
            CAPTURE(f);
            const CellReading direct = read_cell(rules.fields[f], record.fields[binding.field_indices[f]],
                                                 *missing_words[f], context, false);
            CHECK(same_reading(ready.cells[f], direct));
        }
    }
    prepared.skipped(1, 0);
    CHECK_FALSE(prepared.at({1, 0, rows.size()}).is_prepared);
}
}
