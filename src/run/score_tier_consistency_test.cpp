// Property: no written row shows a score that contradicts its tier. A reader (a script, a
// spreadsheet) who takes the score as written and applies the tiers' thresholds must land on
// the tier kamscore wrote, in every machine format. Scores near the thresholds are the cases
// that went wrong while tiers compared the exact value but the output showed 2 decimals
// (74.9993 written "75.00" next to a tier that needs score >= 75).
#include <doctest/doctest.h>

#include <cstdio>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "test_run.hpp"
#include "kamscore/output/writer.hpp"
#include "kamscore/run/result_view.hpp"

using namespace kamscore;

namespace {

// score = (3 * a + 7 * b) / 10 with a, b on linear 0..1000 (points = raw / 10): random raw
// values near 10 x a threshold give scores within a few hundredths of it.
const char* rules_yaml = R"(kamscore: 1
input: { id: id }
fields:
  a: a
  b: b
metrics:
  - { id: a, value: a, weight: 3, scale: { linear: [0, 1000] } }
  - { id: b, value: b, weight: 7, scale: { linear: [0, 1000] } }
tiers:
  - { id: top, when: score >= 75 }
  - { id: mid, when: score >= 70 }
  - { id: low, when: score >= 33.33 }
  - { id: rest }
)";

/// The tier the rules give a score read back from the output.
std::string tier_for(double score) {
    if (score >= 75) return "top";
    if (score >= 70) return "mid";
    if (score >= 33.33) return "low";
    return "rest";
}

std::string random_export(std::mt19937_64& random, int rows) {
    const double thresholds[] = {750, 700, 333.3};
    std::uniform_int_distribution<int> pick(0, 2);
    std::uniform_real_distribution<double> near(-0.2, 0.2);
    std::ostringstream csv;
    csv << "id,a,b\n";
    char line[128];
    for (int row = 0; row < rows; ++row) {
        const double centre = thresholds[pick(random)];
        std::snprintf(line, sizeof line, "r%d,%.9f,%.9f\n", row, centre + near(random), centre + near(random));
        csv << line;
    }
    return csv.str();
}

std::string written(const test::TestRun& run, Format format) {
    OutputTable table{written_columns(*run.plan, run.frame, false, format),
                      select_rows(*run.plan, run.frame, ResultSelection{}, run.scored->compile_options)};
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    make_writer(format, WriteOptions{})->write(table, file);
    std::string text;
    std::rewind(file);
    char buffer[4096];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, got);
    std::fclose(file);
    return text;
}

/// (tier, score text) of each row of a csv/tsv output with a header line.
std::vector<std::pair<std::string, std::string>> delimited_rows(const std::string& text, char delimiter) {
    std::vector<std::pair<std::string, std::string>> rows;
    std::istringstream lines(text);
    std::string line;
    int tier_at = -1, score_at = -1;
    while (std::getline(lines, line)) {
        std::vector<std::string> cells;
        std::istringstream split(line);
        for (std::string cell; std::getline(split, cell, delimiter);) cells.push_back(cell);
        if (tier_at < 0) {
            for (std::size_t i = 0; i < cells.size(); ++i) {
                if (cells[i] == "tier") tier_at = static_cast<int>(i);
                if (cells[i] == "score") score_at = static_cast<int>(i);
            }
            REQUIRE(tier_at >= 0);
            REQUIRE(score_at >= 0);
            continue;
        }
        REQUIRE(cells.size() > static_cast<std::size_t>(std::max(tier_at, score_at)));
        rows.emplace_back(cells[static_cast<std::size_t>(tier_at)], cells[static_cast<std::size_t>(score_at)]);
    }
    return rows;
}

/// (tier, score text) of each record of a json/jsonl output: the first "score" after each
/// "tier" (the metrics' nested "score" keys come later in a record).
std::vector<std::pair<std::string, std::string>> json_rows(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> rows;
    const std::regex tier(R"re("tier"\s*:\s*"([^"]*)")re");
    const std::regex score(R"re("score"\s*:\s*([-0-9.eE+]+))re");
    auto at = text.cbegin();
    for (std::smatch t; std::regex_search(at, text.cend(), t, tier);) {
        std::smatch s;
        REQUIRE(std::regex_search(t[0].second, text.cend(), s, score));
        rows.emplace_back(t[1].str(), s[1].str());
        at = s[0].second;
    }
    return rows;
}

}  // namespace

TEST_CASE("score output: no written row shows a score that contradicts its tier (random data near thresholds)") {
    std::mt19937_64 random(20261202);
    for (int round = 0; round < 5; ++round) {
        const int rows = 400;
        test::TestRun run(rules_yaml, random_export(random, rows));
        const std::pair<Format, char> formats[] = {
            {Format::Csv, ','}, {Format::Tsv, '\t'}, {Format::Json, 0}, {Format::Jsonl, 0}};
        // No structured bindings: CAPTURE is a lambda, and clang 14 (the fuzz and sanitizer
        // build) cannot capture one.
        for (const auto& format_and_delimiter : formats) {
            const Format format = format_and_delimiter.first;
            const char delimiter = format_and_delimiter.second;
            CAPTURE(format_name(format));
            const std::string text = written(run, format);
            const auto read_back = delimiter ? delimited_rows(text, delimiter) : json_rows(text);
            REQUIRE(read_back.size() == static_cast<std::size_t>(rows));
            for (const auto& tier_and_score : read_back) {
                const auto& tier = tier_and_score.first;
                const auto& score_text = tier_and_score.second;
                CAPTURE(score_text);
                CHECK(tier == tier_for(std::stod(score_text)));
            }
        }
    }
}
