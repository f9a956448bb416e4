// For unit tests: rules (YAML text) scored over rows (CSV text) by the one run, run_scoring(),
// as `score`, `explain` and `summary` do. Shared by the tests of several stages, which is why
// it lives here and not beside one of them.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kamscore/diagnostic.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/run/run.hpp"

namespace kamscore::test {

inline std::unique_ptr<ScoredRun> score_texts(const LoadedRules& loaded, const std::string& csv,
                                              const std::string& overrides_csv, std::size_t row_batch) {
    if (loaded.has_errors()) {
        std::string text;
        for (const auto& diagnostic : loaded.diagnostics) text += format_diagnostic(diagnostic) + "\n";
        FAIL(text);
    }
    RunRequest request;
    request.rules = std::make_shared<const RuleSet>(loaded.rules);
    request.inputs = {InputSource::text("t.csv", csv)};
    if (!overrides_csv.empty()) request.overrides = InputSource::text("o.csv", overrides_csv);
    // With row_batch > 0 the row stage runs in batches of that many rows while reading,
    // holding only what `score -f csv` writes; 0 computes every column after reading.
    request.wanted.all = row_batch == 0;
    request.row_batch_rows = row_batch;
    return run_scoring(request);
}

struct TestRun {
    LoadedRules loaded;
    std::unique_ptr<ScoredRun> scored;
    Frame& frame;
    const ScoringPlan* plan;
    std::vector<SegmentOutcome>& segments;
    std::vector<TierOutcome>& outcomes;
    const std::optional<RowStage>& stage;   ///< set when row_batch > 0

    /// `overrides_csv`: an overrides file ("id,tier\nd,key_account\n"), or "" for none.
    TestRun(std::string_view yaml, const std::string& csv, const std::string& overrides_csv = "",
            std::size_t row_batch = 0)
        : loaded(load_rules(yaml, "t.yaml")),
          scored(score_texts(loaded, csv, overrides_csv, row_batch)),
          frame(scored->frame),
          plan(scored->plan.get()),
          segments(scored->segments),
          outcomes(scored->outcomes),
          stage(scored->row_stage) {}

    std::uint32_t row(std::string_view id) const {
        const std::optional<std::uint32_t> found = scored->row_of(id);
        if (!found) FAIL("no row " << id);
        return *found;
    }
    std::string tier(std::string_view id) const { return std::string(frame.columns[plan->tier_slot].texts[row(id)]); }
    std::string segment(std::size_t s, std::string_view id) const {
        return std::string(frame.columns[plan->segments[s].slot].texts[row(id)]);
    }
};

}  // namespace kamscore::test
