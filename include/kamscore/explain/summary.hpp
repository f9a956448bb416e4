#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/classify/classify.hpp"
#include "kamscore/classify/segments.hpp"
#include "kamscore/expr/compile.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/score/table_builder.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// Customers and revenue of one tier, segment class or grid cell.
struct ShareRow {
    std::string id, label;
    std::size_t count = 0;
    double share = 0;                    ///< of all customers, 0..100
    double revenue = 0;
    double revenue_share = missing_number;   ///< of the total revenue, 0..100 (missing: no revenue)
};

struct NextInLine {
    std::string id, label;
    double score = missing_number;
};

struct TierSummary {
    ShareRow row;
    std::optional<std::size_t> capacity;  ///< with seats per group: their sum over `groups`
    std::size_t candidates = 0;
    std::size_t forced = 0;               ///< by overrides
    std::string capacity_by;              ///< seats per group: what groups the customers ("" = none)
    std::vector<TierOutcome::Group> groups;   ///< seats per group: each group's seats and counts
    std::vector<NextInLine> next_in_line; ///< turned away by the capacity, best first (up to 5)
    std::size_t more_in_line = 0;         ///< turned away beyond those
};

/// One step of the funnel: the customers for whom every condition up to this one holds.
struct FunnelStep {
    enum Kind {
        All,        ///< every customer (the first step)
        Condition,  ///< one conjunct of the first tier's `when` holds (is true)
        Known,      ///< a conjunct that is a bare yes/no field has a value (e.g. "asked")
        Capacity,   ///< got the tier: not turned away by its `max`
    };
    Kind kind = Condition;
    std::string text;                     ///< the conjunct as written ("score >= min_score"); the field for Known
    ShareRow row;                         ///< id = text; count and revenue of the customers still in
    std::size_t dropped_false = 0;        ///< left here: the conjunct is false
    std::size_t dropped_missing = 0;      ///< left here: the conjunct (or Known's field) is missing
    std::size_t over_capacity = 0;        ///< left here (Capacity): turned away by max
    std::size_t moved = 0;                ///< left here (Capacity): met every condition, not turned away, yet
                                          ///< another tier by the rules (a guard) - normally 0
    double dropped_revenue = 0;
};

/// The key-account funnel, derived from the first tier's `when` (README "summary"): its
/// conjuncts (`a and b and c`) in written order, each a step; a conjunct that is a yes/no
/// field alone becomes two steps, "known" and "true"; the last step is the capacity.
struct FunnelSummary {
    std::string tier, tier_label;         ///< the first tier ("" = no funnel: it has no `when`)
    std::string when;
    std::optional<std::size_t> capacity;
    std::string capacity_by;              ///< the tier has seats per group of this ("" = none)
    std::vector<FunnelStep> steps;
    std::size_t tier_customers = 0;       ///< in the tier at the end, with stay and overrides
    std::size_t stayed = 0;               ///< of those, kept only by `stay` (with --previous)
    std::size_t forced = 0;               ///< of those, put there by an override
};

struct SegmentSummary {
    std::string name;
    SegmentKind kind = SegmentKind::Pareto;
    std::vector<ShareRow> classes;        ///< one per label, in rule-file order (grid: high_high, high_low, low_high, low_low)
    std::size_t missing = 0;
    std::vector<double> smallest_in_class;   ///< pareto: the boundaries
    std::string x, y;                     ///< grid: the expressions
    std::string x_split, y_split;         ///< grid: "median", "percentile 75", "fixed"
    double x_cut = missing_number, y_cut = missing_number;
    /// Customers per class and tier: by_tier[class][tier], tiers in rule-file order.
    std::vector<std::vector<std::size_t>> by_tier;
};

/// The raw value a percentile metric needs for a number of points.
struct PercentileCut {
    std::string metric;
    std::vector<std::pair<int, double>> value_for_points;   ///< (points, smallest value reaching them)
};

struct FieldCompleteness {
    std::string field, column;
    std::size_t missing = 0;
    double share = 0;   ///< 0..100
    std::uint64_t missing_words = 0;   ///< of the missing: cells that were a missing word
    std::uint64_t unreadable = 0;      ///< of the missing: unreadable cells under invalid: missing
};

/// Everything `kamscore summary` shows.
struct Summary {
    std::string name;                     ///< the rule file's name
    std::size_t customers = 0;
    std::string revenue_source;           ///< what revenue means here ("" = no revenue)
    double revenue_total = 0;
    std::vector<TierSummary> tiers;
    FunnelSummary funnel;
    std::vector<SegmentSummary> segments;
    std::array<std::size_t, 10> histogram{};   ///< scores in [0,10), ..., [90,100]
    std::size_t scores_missing = 0;
    std::vector<PercentileCut> percentile_cuts;
    std::vector<FieldCompleteness> completeness;
};

/// Works the summary out of a scored, segmented and classified frame. Revenue is the rules'
/// `summary: revenue:`, else the value of the first pareto segment, else the value of the
/// first percentile metric, else there is none (missing values count as 0). `made_missing`
/// (per field, may be empty) says how many missing values were cells read as missing.
/// `rules_tier` (per row, the tier by the rules before overrides; empty: the tier column) and
/// `options` (today, for days_since) serve the funnel.
Summary summarize(const ScoringPlan& plan, Frame& frame, const std::vector<TierOutcome>& outcomes,
                  const std::vector<SegmentOutcome>& segments, const std::vector<MadeMissing>& made_missing = {},
                  const std::vector<std::uint16_t>& rules_tier = {}, const expr::CompileOptions& options = {});

/// For a terminal: tables, the portfolio grid as a matrix, a histogram of bars.
std::string render_summary_text(const Summary& summary);

/// The same as one JSON object.
std::string render_summary_json(const Summary& summary);

}  // namespace kamscore
