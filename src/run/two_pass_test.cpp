// Two passes: the same rows and cells as one pass, a duplicate id found although the first pass
// holds only hashes, and a temporary file that cannot be made or read back reported.
#include "run/two_pass.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "kamscore/error.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/run/run.hpp"

using namespace kamscore;

namespace {

const char* rules_yaml = R"(kamscore: 1
input: { id: id, label: name }
fields:
  revenue: revenue
  margin: margin
  region: { column: region, type: text }
metrics:
  - { id: revenue, value: revenue, weight: 2, scale: percentile }
  - { id: margin, value: margin, weight: 1, scale: { linear: [0, 40] } }
tiers:
  - { id: key_account, label: Key Account, when: score >= 60 and region == "north" }
  - { id: large_customer, label: Großkunde, when: revenue >= 500 }
  - { id: standard, label: Standardkunde }
)";

std::string export_csv(std::size_t rows) {
    std::string csv = "id,name,revenue,margin,region\n";
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "C" + std::string.
    for (std::size_t i = 0; i < rows; ++i)
        csv += fmt::format("C{},\"Kunde {}\",{},{},{}\n", i, i, (i * 37) % 1000, (i * 13) % 45,
                           i % 3 == 0 ? "north" : "south");
    return csv;
}

RunRequest request_for(std::vector<InputSource> inputs, TwoPass two_pass) {
    LoadedRules loaded = load_rules(rules_yaml, "r.yaml");
    REQUIRE_FALSE(loaded.has_errors());
    RunRequest request;
    request.rules = std::make_shared<const RuleSet>(std::move(loaded.rules));
    request.inputs = std::move(inputs);
    request.wanted.all = false;
    request.wanted.format = Format::Csv;
    request.row_batch_rows = 7;   // the first pass reads in batches of 7 rows, the last one short
    request.two_pass = two_pass;
    return request;
}

/// Every written cell of every row, as text, in the order the run hands the rows over.
std::vector<std::string> written_rows(ScoredRun& run, const RunRequest& request, std::size_t* batches = nullptr) {
    std::vector<std::string> lines;
    run.for_each_batch([&](Frame& frame) {
        if (batches) ++*batches;
        const std::vector<OutputColumn> columns =
            written_columns(*run.plan, frame, request.wanted.selection, Format::Csv);
        for (std::uint32_t row : select_rows(*run.plan, frame, request.wanted.selection, run.compile_options)) {
            std::string line;
            for (const OutputColumn& column : columns) {
                const Column& cells = *column.column;
                line += cells.type == Type::Text ? std::string(cells.texts[row])
                        : cells.type == Type::Bool ? std::to_string(cells.bools[row])
                                                   : std::to_string(cells.numbers[row]);
                line += '|';
            }
            lines.push_back(line);
        }
    });
    return lines;
}

struct Recorder : RunObserver {
    std::vector<RejectedRow> rejected;
    std::vector<std::string> files;
    void row_rejected(const RejectedRow& row) override { rejected.push_back(row); }
    void file_read(const FileCounts& counts) override { files.push_back(counts.name); }
};

}  // namespace

TEST_SUITE("run") {
TEST_CASE("two passes: the rows, cells and order of one pass, handed over a batch at a time") {
    // 70,000 rows: the second pass hands them over in two frames (65,536 at a time). The one
    // pass runs on one thread, the two passes on two: the first frame and the whole population
    // are scored in halves (split_rows).
    const std::vector<InputSource> inputs{InputSource::text("a.csv", export_csv(70000)),
                                          InputSource::text("b.csv", "id,name,revenue,margin,region\nX1,x,999,5,north\n")};
    RunRequest one = request_for(inputs, TwoPass::Never);
    one.two_threads = false;
    RunRequest two = request_for(inputs, TwoPass::Always);
    const auto one_run = run_scoring(one);
    const auto two_run = run_scoring(two);
    CHECK(one_run->second_pass == nullptr);
    REQUIRE(two_run->second_pass != nullptr);
    std::size_t batches = 0;
    const std::vector<std::string> got = written_rows(*two_run, two, &batches);
    CHECK(got == written_rows(*one_run, one));
    CHECK(got.size() == 70001);
    CHECK(batches == 2);
    // The first pass keeps no ids and no labels; the percentile's scaled values stay for the second.
    const ScoringPlan& plan = *two_run->plan;
    CHECK(two_run->frame.columns[static_cast<std::size_t>(plan.id_slot)].size() == 0);
    CHECK(two_run->frame.columns[static_cast<std::size_t>(plan.label_slot)].size() == 0);
    CHECK(two_run->frame.columns[static_cast<std::size_t>(plan.metrics[0].scaled_slot)].size() == 70001);
    CHECK(two_run->frame.columns[static_cast<std::size_t>(plan.metrics[1].scaled_slot)].size() == 0);
}

TEST_CASE("two passes: the score comes from the first pass unless the output reads points or a rescaled metric") {
    const std::vector<InputSource> inputs{InputSource::text("a.csv", export_csv(3000))};
    struct Case {
        std::vector<std::string> columns;
        bool breakdown;
        bool scores_again;
    };
    for (const Case& c : {Case{{"id", "score", "strategic_met", "tier"}, false, false},
                          Case{{"id", "tier", "revenue_score"}, false, false},   // the percentile's: from pass 1
                          Case{{"id", "score", "margin_score"}, false, true},
                          Case{{"id", "score", "revenue_points"}, false, true}, Case{{}, false, true},
                          Case{{}, true, true}}) {
        CAPTURE(c.columns.size());
        CAPTURE(c.breakdown);
        RunRequest one = request_for(inputs, TwoPass::Never);
        RunRequest two = request_for(inputs, TwoPass::Always);
        one.wanted.selection.columns = two.wanted.selection.columns = c.columns;
        one.wanted.selection.breakdown = two.wanted.selection.breakdown = c.breakdown;
        const auto one_run = run_scoring(one);
        const auto two_run = run_scoring(two);
        REQUIRE(two_run->second_pass != nullptr);
        const std::vector<std::string> got = written_rows(*two_run, two);
        CHECK(got.size() == 3000);
        CHECK(got == written_rows(*one_run, one));
        const ScoringPlan& plan = *two_run->plan;
        const std::vector<int> output = slots_read_by_output(plan, two_run->frame, two.wanted.selection, Format::Csv,
                                                             two_run->compile_options);
        const bool scores_again = second_pass_scores_again(plan, output);
        CHECK(scores_again == c.scores_again);
        // Not scoring again: the margin's raw values stay out of the temporary file, and the
        // first pass's score (when written) is what the second hands over.
        const RowStage stage = plan_row_stage(plan, two_run->frame, slots_for_second_pass(plan, scores_again));
        const std::vector<int> spilled = spilled_slots(plan, stage, output, scores_again);
        const bool margin_spilled =
            std::find(spilled.begin(), spilled.end(), plan.metrics[1].raw_slot) != spilled.end();
        CHECK(margin_spilled == c.scores_again);
        const bool score_read = std::find(output.begin(), output.end(), plan.score_slot) != output.end();
        CHECK(two_run->frame.columns[static_cast<std::size_t>(plan.score_slot)].size() ==
              (!c.scores_again && score_read ? 3000 : 0));
    }
}

TEST_CASE("two passes: --where filters each batch like the whole frame") {
    const std::vector<InputSource> inputs{InputSource::text("a.csv", export_csv(30))};
    RunRequest one = request_for(inputs, TwoPass::Never);
    RunRequest two = request_for(inputs, TwoPass::Always);
    one.wanted.selection.where = two.wanted.selection.where = "tier == \"key_account\"";
    const auto one_run = run_scoring(one);
    const auto two_run = run_scoring(two);
    const std::vector<std::string> got = written_rows(*two_run, two);
    CHECK_FALSE(got.empty());
    CHECK(got == written_rows(*one_run, one));
}

TEST_CASE("two passes: only where the rows can be read twice and written in input order") {
    const LoadedRules loaded = load_rules(rules_yaml, "r.yaml");
    RunRequest request = request_for({InputSource::text("a.csv", export_csv(3))}, TwoPass::Always);
    CHECK(runs_in_two_passes(request, loaded.rules));
    RunRequest stdin_request = request;   // read once: the first pass keeps what it needs later
    stdin_request.inputs = {InputSource::file("-")};
    CHECK(runs_in_two_passes(stdin_request, loaded.rules));
    CHECK(first_pass_ids(stdin_request, loaded.rules) == IdKeeping::Held);   // cannot be read again
    stdin_request.two_pass = TwoPass::Auto;   // its size is not known: one pass unless asked
    CHECK_FALSE(runs_in_two_passes(stdin_request, loaded.rules));
    for (Format format : {Format::Table, Format::Markdown, Format::Xlsx}) {
        RunRequest other = request;
        other.wanted.format = format;
        CHECK_FALSE(runs_in_two_passes(other, loaded.rules));
    }
    RunRequest sorted = request;
    sorted.wanted.selection.sort = SortOrder::Score;
    CHECK_FALSE(runs_in_two_passes(sorted, loaded.rules));
    RunRequest top = request;
    top.wanted.selection.top = 5;
    CHECK_FALSE(runs_in_two_passes(top, loaded.rules));
    RunRequest explain = request;
    explain.wanted.all = true;
    CHECK_FALSE(runs_in_two_passes(explain, loaded.rules));
    RunRequest small = request;
    small.two_pass = TwoPass::Auto;   // 3 rows are far below two_pass_min_bytes
    CHECK_FALSE(runs_in_two_passes(small, loaded.rules));
    CHECK(first_pass_ids(request, loaded.rules) == IdKeeping::HashedOnly);
    RunRequest with_previous = request;
    with_previous.previous = InputSource::text("prev.csv", "customer_id,tier\n");
    CHECK(first_pass_ids(with_previous, loaded.rules) == IdKeeping::Held);
}

TEST_CASE("two passes: a duplicate id is found although the first pass holds only hashes") {
    // The hash of C3 is read twice: the first pass starts again with ids held, and the
    // observer hears of the file and of the bad row once, as in one pass.
    const std::string csv = export_csv(20) + "C3,again,1,1,north\n";
    for (TwoPass two_pass : {TwoPass::Never, TwoPass::Always}) {
        CAPTURE(static_cast<int>(two_pass));
        RunRequest request = request_for({InputSource::text("a.csv", csv)}, two_pass);
        request.skip_bad_rows = true;
        Recorder recorder;
        const auto run = run_scoring(request, &recorder);
        REQUIRE(recorder.rejected.size() == 1);
        CHECK(recorder.rejected[0].line == 22);
        CHECK(recorder.rejected[0].message.find("duplicate id \"C3\" (first seen in a.csv line 5") == 0);
        CHECK(recorder.files == std::vector<std::string>{"a.csv"});
        CHECK(run->rejects.size() == 1);
        CHECK(written_rows(*run, request).size() == 20);
    }
    RunRequest stops = request_for({InputSource::text("a.csv", csv)}, TwoPass::Always);
    try {
        run_scoring(stops);
        FAIL("a duplicate id without --skip-bad-rows must stop the run");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadData);
    }
}

TEST_CASE("two passes: a temporary directory that does not exist is an I/O error naming it and the way out") {
    RunRequest request = request_for({InputSource::text("a.csv", export_csv(5))}, TwoPass::Always);
    request.temp_directory = "/nonexistent/kamscore";
    try {
        run_scoring(request);
        FAIL("no temporary file can be made there");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::IoFailure);
        const std::string message = format_error(error);
        CHECK(message.find("'/nonexistent/kamscore'") != std::string::npos);
        CHECK(message.find("TMPDIR") != std::string::npos);
        CHECK(message.find("KAMSCORE_TWO_PASS=0") != std::string::npos);
    }
}

TEST_CASE("two passes: --keep columns come back from the temporary file with every row") {
    const std::vector<InputSource> inputs{InputSource::text("a.csv", export_csv(25))};
    RunRequest one = request_for(inputs, TwoPass::Never);
    RunRequest two = request_for(inputs, TwoPass::Always);
    one.wanted.keep = two.wanted.keep = {"region", "margin"};
    const auto one_run = run_scoring(one);
    const auto two_run = run_scoring(two);
    REQUIRE(two_run->second_pass != nullptr);
    const auto kept_cells = [](ScoredRun& run) {
        std::vector<std::string> cells;
        run.for_each_batch([&](Frame& frame) {
            for (std::uint32_t row = 0; row < frame.rows; ++row)
                for (const KeptColumns::Kept& kept : run.kept_columns()->columns())
                    cells.emplace_back(frame.columns[static_cast<std::size_t>(kept.slot)].texts[row]);
        });
        return cells;
    };
    const std::vector<std::string> got = kept_cells(*two_run);
    CHECK(got.size() == 50);
    CHECK(got[0] == "0");       // margin, then region: in the order of the header
    CHECK(got[1] == "north");
    CHECK(got == kept_cells(*one_run));
    CHECK(kept_cells(*two_run) == got);   // handed over again, from the start
}
}
