#include "kamscore/run/board_workbook.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "kamscore/rules/load_rules.hpp"
#include "kamscore/table/parse_value.hpp"

using namespace kamscore;

namespace {

const char* rules_yaml = R"(kamscore: 1
input: { id: Kundennr, label: Name, decimal: "," }
fields:
  revenue: Umsatz
  agreement: { column: Vertrag, type: bool }
strategic:
  - { id: lighthouse, label: Lighthouse customer, when: revenue > 1000 }
metrics:
  - { id: revenue, label: Revenue 2024, value: revenue, weight: 1, scale: { linear: [0, 1000000] } }
tiers:
  - { id: key_account, label: Key Account, when: strategic >= 1 and agreement }
  - { id: standard, label: Standard }
)";

const char* customers_csv =
    "Kundennr;Name;Umsatz;Vertrag;PLZ;Umsatz Vorjahr;Notiz\n"
    "K1;Alpha;394.530,53;ja;01234;1.000,5;x\n"
    "K2;Beta;800,00;nein;80331;-20;12 %\n"
    "K3;Gamma;500.000,00;;10115;;\n";

std::unique_ptr<ScoredRun> board_run() {
    LoadedRules loaded = load_rules(rules_yaml, "r.yaml");
    for (const Diagnostic& diagnostic : loaded.diagnostics) INFO(format_diagnostic(diagnostic));
    REQUIRE_FALSE(loaded.has_errors());
    RunRequest request;
    request.rules = std::make_shared<const RuleSet>(std::move(loaded.rules));
    request.inputs = {InputSource::text("t.csv", customers_csv)};
    request.today = *parse_date("2026-06-01");
    request.wanted.keep_all = true;
    return run_scoring(request);
}

const OutputColumn* named(const std::vector<OutputColumn>& columns, const std::string& name) {
    for (const OutputColumn& column : columns)
        if (column.name == name) return &column;
    return nullptr;
}

std::vector<std::string> texts_of(const Sheet& sheet, std::size_t column) {
    std::vector<std::string> texts;
    for (const auto& row : sheet.rows)
        texts.push_back(column < row.size() && row[column].kind == SheetCell::Kind::Text ? row[column].text : "");
    return texts;
}

/// The number in column `column` of the row whose first cell is `first`.
double number_beside(const Sheet& sheet, const std::string& first, std::size_t column = 1) {
    for (const auto& row : sheet.rows)
        if (!row.empty() && row[0].kind == SheetCell::Kind::Text && row[0].text == first && column < row.size() &&
            row[column].kind == SheetCell::Kind::Number)
            return row[column].number;
    FAIL("no row " << first);
    return missing_number;
}

}  // namespace

TEST_SUITE("run") {

TEST_CASE("board: captions are the rule file's labels and the export's headers") {
    const auto run = board_run();
    std::vector<OutputColumn> columns = written_columns(*run->plan, run->frame, true, Format::Xlsx);
    caption_result_columns(*run->rules, columns);
    for (const char* name : {"Kundennr", "tier", "revenue_score", "revenue_raw", "strategic_lighthouse"}) REQUIRE_MESSAGE(named(columns, name), name);
    CHECK(named(columns, "Kundennr")->caption == "Kundennr");
    CHECK(named(columns, "tier")->caption == "Tier");
    CHECK(named(columns, "revenue_score")->caption == "Revenue 2024");
    CHECK(named(columns, "revenue_raw")->caption == "Revenue 2024 (value)");
    CHECK(named(columns, "strategic_lighthouse")->caption == "Lighthouse customer");
}

TEST_CASE("board: plain amounts in the input's decimal mark, and what stays text") {
    CHECK(is_plain_amount("394.530,53", ','));
    CHECK(is_plain_amount("-20", ','));
    CHECK(is_plain_amount("0,5", ','));
    CHECK(is_plain_amount("1,234.5", '.'));
    CHECK_FALSE(is_plain_amount("01234", ','));     // a postal code keeps its zero
    CHECK_FALSE(is_plain_amount("12 %", ','));
    CHECK_FALSE(is_plain_amount("EUR 5", ','));
    CHECK_FALSE(is_plain_amount("1.2.3,4,5", ','));
    CHECK_FALSE(is_plain_amount("", ','));
}

TEST_CASE("board: kept columns of amounts become numbers, the others stay text") {
    const auto run = board_run();
    std::vector<OutputColumn> columns = written_columns(*run->plan, run->frame, false, Format::Xlsx);
    for (const KeptColumns::Kept& kept : run->kept->columns()) {
        OutputColumn column;
        column.name = kept.name;
        column.json_path = {"input", kept.name};
        column.column = &run->frame.columns[static_cast<std::size_t>(kept.slot)];
        columns.push_back(column);
    }
    type_kept_columns(*run->kept, ',', run->frame, columns);
    const OutputColumn* previous_year = named(columns, "Umsatz Vorjahr");
    REQUIRE(previous_year);
    REQUIRE(previous_year->column->type == Type::Number);
    CHECK(previous_year->column->numbers[0] == doctest::Approx(1000.5));
    CHECK(previous_year->column->numbers[1] == -20);
    CHECK(is_missing(previous_year->column->numbers[2]));
    CHECK(named(columns, "PLZ")->column->type == Type::Text);
    CHECK(named(columns, "Notiz")->column->type == Type::Text);
    // Every other column still points at its own cells after the frame grew.
    CHECK(named(columns, "Kundennr")->column->texts[0] == "K1");
    CHECK(named(columns, "score")->column == &run->frame.columns[static_cast<std::size_t>(run->plan->score_slot)]);
}

TEST_CASE("board: the four sheets after the customers, with the funnel, tiers, record and rejects") {
    const auto run = board_run();
    const Summary summary = summarize(*run->plan, run->frame, run->outcomes, run->segments, run->made_missing,
                                      run->rules_tier, run->compile_options);
    Provenance record;
    record.rules_sha256 = "abc";
    record.rules_text = "kamscore: 1\r\nname: x\n";
    record.rows_in = 3;
    record.files.push_back({"input", "t.csv", 10, 1735603200, "def"});
    const std::vector<RejectedRow> rejects{{"t.csv", 7, "K9", "column \"Umsatz\": \"x\" is not a number"}};
    const std::vector<Sheet> sheets = board_sheets(summary, record, rejects);
    REQUIRE(sheets.size() == 4);
    CHECK(sheets[0].name == "Funnel");
    CHECK(sheets[1].name == "Summary");
    CHECK(sheets[2].name == "Rules");
    CHECK(sheets[3].name == "Rejects");

    CHECK(number_beside(sheets[0], "all customers") == 3);
    CHECK(number_beside(sheets[0], "strategic >= 1") == 2);
    CHECK(number_beside(sheets[0], "agreement is known") == 1);   // K3 has no value
    CHECK(number_beside(sheets[0], "in key_account at the end") == 1);

    CHECK(number_beside(sheets[1], "key_account", 2) == 1);
    CHECK(number_beside(sheets[1], "standard", 2) == 2);
    CHECK(number_beside(sheets[1], "total", 2) == 3);

    const auto rules_texts = texts_of(sheets[2], 1);
    const auto has = [&](const std::string& text) {
        return std::find(rules_texts.begin(), rules_texts.end(), text) != rules_texts.end();
    };
    CHECK(has("abc"));
    CHECK(has("kamscore: 1"));   // the CR of a CRLF line dropped
    CHECK(has("name: x"));
    const auto roles = texts_of(sheets[2], 0);
    const auto input = static_cast<std::size_t>(std::find(roles.begin(), roles.end(), "input") - roles.begin());
    REQUIRE(input < roles.size());
    CHECK(texts_of(sheets[2], 3)[input] == "2024-12-31T00:00:00Z");
    CHECK(texts_of(sheets[2], 4)[input] == "def");
    CHECK(number_beside(sheets[2], "rows in") == 3);

    REQUIRE(sheets[3].rows.size() == 2);
    CHECK(sheets[3].rows[1][0].text == "t.csv");
    CHECK(sheets[3].rows[1][1].number == 7);
    CHECK(sheets[3].rows[1][2].text == "K9");
}

}
