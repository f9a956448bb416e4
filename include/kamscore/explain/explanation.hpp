#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kamscore/classify/classify.hpp"
#include "kamscore/expr/compile.hpp"
#include "kamscore/rules/load_overrides.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"
#include "kamscore/value.hpp"

namespace kamscore {

/// A name an expression read, and its value for the customer.
using NamedValue = std::pair<std::string, Value>;

/// One part of a condition: a term of its top-level `and` / `or` chain, or the whole of it.
struct ConditionTerm {
    std::string text;                 ///< as written in the rule file
    Bool3 holds = bool_missing;
    std::vector<NamedValue> values;   ///< the fields, params and scores it looked at
};

/// A condition (`when`) taken apart for one customer.
struct ConditionTrace {
    std::string text;
    Bool3 holds = bool_missing;
    std::string joined_by;            ///< "and", "or", or "" for a single term
    std::vector<ConditionTerm> terms;
};

struct CriterionTrace {
    std::string id, label;
    ConditionTrace when;
};

struct MetricTrace {
    std::string id, label;
    Value raw;
    std::string scale;                ///< e.g. "percentile", "linear 0..1000000"
    double scaled = missing_number;   ///< 0..100 (missing: skipped)
    double weight = 0;
    double points = missing_number;   ///< weight × scaled ÷ the customer's weight sum
    bool skipped = false;             ///< missing: skip, and the value is missing
};

enum class TierVerdict {
    Taken,          ///< its condition held (or it is the fallback) and there was room
    Failed,         ///< its condition did not hold
    OverCapacity,   ///< its condition held, but `max` was taken by better candidates
    Forced,         ///< an override put the customer here
    Stayed,         ///< kept by `stay` with --previous although `when` no longer holds
    Skipped,        ///< not looked at: an override put the customer in another tier
    NotReached,     ///< after the tier the customer got
};

/// A number comparison of a condition with both sides worked out for one customer:
/// `score >= min_score` as 62.1 and 70.
struct Comparison {
    std::string text;                        ///< the whole comparison, as written
    std::string left, op, right;             ///< its sides and operator, as written
    double left_value = missing_number, right_value = missing_number;
    bool right_is_literal = false;           ///< `60`: no need to show its value twice
    /// How far the left side is from making it hold (`>=`, `>`, `<=`, `<`), else missing.
    double gap = missing_number;
};

/// Why `stay` (with --previous) holds a customer in the tier it had: its `when` fails, or it
/// holds but by score alone the capacity would have gone to others (incumbents come first).
struct StayTrace {
    bool when_fails = false;
    std::vector<Comparison> gaps;            ///< the failing number comparisons of `when`
    std::vector<std::string> other_failures; ///< the failing parts of `when` that are no such comparison
    ConditionTrace stay;
    /// The stay condition with the other sides of its comparisons worked out:
    /// "score >= 55 and agreement" for `score >= min_score - 15 and agreement`.
    std::string stay_bound;
};

struct TierTrace {
    std::string id, label;
    std::optional<ConditionTrace> when;   ///< absent for the fallback and unreached tiers
    TierVerdict verdict = TierVerdict::NotReached;
    std::optional<std::size_t> capacity;  ///< with seats per group: the seats of the customer's group
    /// With seats per group (`max: { by: ... }`): what groups (`region`) and the customer's
    /// group (`north`); candidates, rank, forced and lowest_taken are then within that group.
    std::string capacity_by;
    std::optional<std::string> capacity_group;   ///< "" with is_missing: no value
    bool capacity_group_is_missing = false;
    std::size_t candidates = 0;           ///< for capped tiers
    std::size_t rank = 0;                 ///< 1-based among the candidates by score (0: none)
    std::size_t forced = 0;               ///< seats taken by overrides
    double lowest_taken = missing_number; ///< score of the weakest customer the capacity took
    std::string lowest_taken_id;
    std::optional<StayTrace> stay;        ///< when `stay` holds the customer here
};

/// How one metric alone could lift the customer into a better tier.
struct MetricChange {
    std::string metric, label;
    Value from;
    enum class Bound { AtLeast, Above, AtMost, Below, Exactly } bound = Bound::AtLeast;
    Value to;                          ///< the value (or the bound) to reach
    double scaled_from = missing_number, scaled_to = missing_number;
    double score_to = missing_number;  ///< the customer's score after the change
    std::string tier;                  ///< the tier it would land in
};

/// The smallest change to a single metric that lifts the customer into a better tier.
struct Lift {
    std::string target, target_label;  ///< the next better tier ("" when already in the best)
    std::vector<MetricChange> changes; ///< every metric that can do it alone, the smallest change first
                                       ///< (the least way along its own scale)
    /// When none can: the parts of the target's condition that fail even with full points.
    std::vector<std::string> blockers;
    /// Per blocker, in words when one yes/no field decides it: "the customer declined
    /// (agreement = false)" or "... has not answered yet" (the field is empty); "" otherwise.
    std::vector<std::string> blocker_reasons;
};

struct OverrideTrace {
    std::string tier, reason, owner, expires;   ///< expires: ISO date or ""
    std::string formula_tier;                    ///< what the rules alone decide
};

/// Everything `kamscore explain` shows for one customer.
struct Explanation {
    std::string id, label;
    std::string tier, tier_label;
    double score = missing_number;
    std::size_t strategic_met = 0;
    std::vector<std::string> members;          ///< of a group (input.group)
    std::vector<CriterionTrace> strategic;
    std::vector<MetricTrace> metrics;
    std::vector<std::pair<std::string, std::string>> segments;   ///< name, value ("" = none)
    std::vector<TierTrace> tiers;
    std::optional<OverrideTrace> override_applied;
    Lift lift;
};

/// What explain needs to know about the whole run besides the frame.
struct ExplainContext {
    const std::vector<TierOutcome>* outcomes = nullptr;
    const std::vector<std::int32_t>* forced = nullptr;          ///< per row, -1: none (may be empty)
    const std::vector<std::int32_t>* override_entry = nullptr;  ///< per row, into overrides
    const std::vector<Override>* overrides = nullptr;
    const std::vector<std::uint16_t>* formula_tier = nullptr;   ///< per row, tiers without overrides
    expr::CompileOptions compile_options;
};

/// The full decision trace of one row of a scored and classified frame. The frame is
/// changed while the lift is worked out and restored before returning.
Explanation explain_customer(const ScoringPlan& plan, Frame& frame, std::uint32_t row, const ExplainContext& context);

/// Splits `text` at its top-level `and` or `or` and evaluates each part for `row`.
ConditionTrace trace_condition(const std::string& text, const ScoringPlan& plan, const Frame& frame, std::uint32_t row,
                               const expr::CompileOptions& options);

/// How `stay` holds `row` in tier `tier` (whose `when` is traced in `when`): the gaps of the
/// failing comparisons of `when`, and `stay` with its bounds worked out.
StayTrace trace_stay(const ConditionTrace& when, const std::string& stay_text, const ScoringPlan& plan,
                     const Frame& frame, std::uint32_t row, const expr::CompileOptions& options);

/// The lift (README "Why a customer got its tier"): for every metric, the smallest change of
/// its value alone that puts the customer (now in `current`, by the rules) into a better
/// tier, from the scale's shape.
Lift find_lift(const ScoringPlan& plan, Frame& frame, std::uint32_t row, std::size_t current,
               const ExplainContext& context);

}  // namespace kamscore
