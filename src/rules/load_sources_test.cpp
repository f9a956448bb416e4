#include <doctest/doctest.h>

#include "rules/rules_test_support.hpp"

using namespace kamscore;
using kamscore::test::around;
using kamscore::test::problems_of;

TEST_SUITE("rules") {
TEST_CASE("a source is read with its dialect, key normalisation and rows") {
    LoadedRules loaded = load_rules(around("sources:\n"
                                           "  erp: { file: 'erp-*.csv', key: Debitor, delimiter: ';', decimal: ',',\n"
                                           "         encoding: cp1252, normalize: [trim, strip_zeros, upper],\n"
                                           "         pattern: '^D(\\d+)$', map: old-new.csv, match: debtor,\n"
                                           "         rows: one, where: year == 2025, types: { year: number } }\n"),
                                    "r.yaml");
    REQUIRE_FALSE(loaded.has_errors());
    REQUIRE(loaded.rules.sources.size() == 1);
    const SourceSpec& erp = loaded.rules.sources[0];
    CHECK(erp.name == "erp");
    CHECK(erp.file == "erp-*.csv");
    CHECK(erp.delimiter == ';');
    CHECK(erp.decimal == ',');
    CHECK(erp.encoding == "windows-1252");
    CHECK(erp.key_column == "Debitor");
    CHECK(erp.normalize.strip_zeros);
    CHECK(erp.normalize.letter_case == KeyNormalization::LetterCase::Upper);
    CHECK(erp.normalize.pattern == "^D(\\d+)$");
    CHECK(erp.map_file == "old-new.csv");
    CHECK(erp.match_column == "debtor");
    CHECK_FALSE(erp.many_rows);
    REQUIRE(erp.where);
    CHECK(erp.where->text == "year == 2025");
    REQUIRE(erp.types.size() == 1);
    CHECK(erp.types[0].second == Type::Number);
}

TEST_CASE("fields name their source with source: or source.column, and pivot makes one field per value") {
    LoadedRules loaded = load_rules(around("sources:\n"
                                           "  erp: { key: k, rows: one }\n"
                                           "  nps: { key: k }\n"
                                           "fields:\n"
                                           "  name: erp.Name\n"
                                           "  revenue: { source: nps, column: amount, aggregate: sum,\n"
                                           "             pivot: { column: year, values: [2024, 2025] } }\n"
                                           "  happy: { source: nps, share_if: score >= 9, where: year == 2025 }\n"
                                           "  latest: { source: nps, column: score, aggregate: last, by: day }\n"),
                                    "r.yaml");
    REQUIRE_FALSE(loaded.has_errors());
    const auto& fields = loaded.rules.fields;
    REQUIRE(fields.size() == 5);
    CHECK(fields[0].source == "erp");
    CHECK(fields[0].column == "Name");
    CHECK(fields[0].source_aggregate == SourceAggregate::Value);
    CHECK(fields[1].name == "revenue_2024");
    CHECK(fields[1].pivot_column == "year");
    CHECK(fields[1].pivot_value == "2024");
    CHECK(fields[2].name == "revenue_2025");
    CHECK(fields[2].source_aggregate == SourceAggregate::Sum);
    CHECK(fields[3].source_aggregate == SourceAggregate::ShareIf);
    REQUIRE(fields[3].condition);
    CHECK(fields[3].condition->text == "score >= 9");
    CHECK(fields[4].source_aggregate == SourceAggregate::Last);
    CHECK(fields[4].order_by == "day");
}

TEST_CASE("a column with a dot is the customer list's when no source has that name") {
    LoadedRules loaded = load_rules(around("fields:\n  x: erp.Name\n"), "r.yaml");
    REQUIRE_FALSE(loaded.has_errors());
    CHECK(loaded.rules.fields[0].source.empty());
    CHECK(loaded.rules.fields[0].column == "erp.Name");
}

TEST_CASE("a source no field reads is a warning") {
    CHECK(problems_of(around("sources:\n  erp: { key: k }\n")) ==
          "r.yaml:4:3: warning: source 'erp' is read on every run, but no field reads it (add a field with 'source: "
          "erp', or remove it)\n    4 |   erp: { key: k }\n      |   ^~~\n");
}

TEST_CASE("source mistakes are errors at their place") {
    CHECK(problems_of(around("sources:\n  erp: { file: x.csv }\n")).find("r.yaml:4:8: error: source 'erp' needs 'key'") != std::string::npos);
    CHECK(problems_of(around("sources:\n  erp: { key: k, pattern: '(' }\n")).find("'pattern' of source 'erp': it is not a valid") !=
          std::string::npos);
    CHECK(problems_of(around("sources:\n  erp: { key: k }\nfields:\n  a: { source: erp, aggregate: sum }\n"))
              .find("r.yaml:6:3: error: field 'a' needs 'column'") == 0);
    CHECK(problems_of(around("sources:\n  erp: { key: k }\nfields:\n  a: { source: erp, column: c, aggregate: avg }\n"))
              .find("unknown aggregation 'avg' of a source's rows") != std::string::npos);
    CHECK(problems_of(around("sources:\n  erp: { key: k }\nfields:\n  a: { source: erp, count_if: x > 1, share_if: x > 2 }\n"))
              .find("has 'count_if' and 'share_if'") != std::string::npos);
    CHECK(problems_of(around("sources:\n  erp: { key: k }\nfields:\n  a: { source: erp, column: c, aggregate: sum, by: d }\n"))
              .find("'by' of field 'a' orders rows") != std::string::npos);
    CHECK(problems_of("kamscore: 1\ninput: { id: id, group: g }\nsources:\n  erp: { key: k }\ntiers:\n  - { id: all }\n")
              .find("'group' under 'input:' and 'sources:' together are not supported yet") != std::string::npos);
}
}
