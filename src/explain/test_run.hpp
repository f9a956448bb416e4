// For tests: rules (YAML text) scored over rows (CSV text) as `score` does, segments and
// overrides included. Private to the unit tests.
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "kamscore/classify/classify.hpp"
#include "kamscore/classify/segments.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/score/evaluate.hpp"
#include "kamscore/score/row_stage.hpp"
#include "kamscore/table/convert.hpp"

namespace kamscore::test {

struct TestRun {
    LoadedRules loaded;
    Frame frame;
    std::optional<ScoringPlan> plan;
    std::vector<SegmentOutcome> segments;
    std::vector<TierOutcome> outcomes;

    std::optional<RowStage> stage;   ///< set when row_batch > 0

    /// With `row_batch` > 0 the row stage runs in batches of that many rows while reading
    /// (holding only what later steps read, as `score` does); 0 computes it after reading.
    TestRun(std::string_view yaml, const std::string& csv, const std::vector<std::int32_t>& forced = {},
            std::size_t row_batch = 0)
        : loaded(load_rules(yaml, "t.yaml")) {
        REQUIRE_FALSE(loaded.has_errors());
        PlanResult built = build_plan(loaded.rules, frame, {}, {});
        for (const auto& diagnostic : built.diagnostics) FAIL(format_diagnostic(diagnostic));
        REQUIRE(built.plan);
        plan = std::move(built.plan);
        CsvReader reader(string_byte_source(csv), "t.csv");
        TableBuilder builder(frame, *plan);
        if (row_batch > 0) {
            stage = plan_row_stage(*plan, frame, {});
            stage->batch_rows = row_batch;
            builder.stage_rows(*stage);
        }
        builder.begin_file("t.csv", bind_columns(reader.header(), loaded.rules, "t.csv"));
        CsvRecord record;
        Reject reject;
        while (reader.next(record)) REQUIRE_MESSAGE(builder.add(record, reject), reject.message);
        builder.finish_reading();
        for (std::size_t slot = 0; slot < frame.columns.size(); ++slot)
            if (!builder.is_dropped(slot)) frame.columns[slot].resize(frame.rows);
        if (!stage) compute_row_values(*plan, frame);
        compute_scores(*plan, frame);
        segments = compute_segments(*plan, frame);
        outcomes = classify(*plan, frame, forced);
    }

    std::uint32_t row(std::string_view id) const {
        const auto& ids = frame.columns[plan->id_slot].texts;
        for (std::uint32_t r = 0; r < frame.rows; ++r)
            if (ids[r] == id) return r;
        FAIL("no row " << id);
        return 0;
    }
    std::string tier(std::string_view id) const { return std::string(frame.columns[plan->tier_slot].texts[row(id)]); }
    std::string segment(std::size_t s, std::string_view id) const {
        return std::string(frame.columns[plan->segments[s].slot].texts[row(id)]);
    }
};

}  // namespace kamscore::test
