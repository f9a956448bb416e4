#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/diagnostic.hpp"
#include "kamscore/expr/compile.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// A rule set compiled against a Frame layout: every name is a slot, every expression a
/// Program. Built once per run, before any row is read.
struct ScoringPlan {
    const RuleSet* rules = nullptr;
    int id_slot = -1;
    int label_slot = -1;                 ///< -1 when the rules name no label column
    std::vector<int> field_slots;        ///< parallel to rules->fields

    struct Derived { int slot; expr::Program program; };
    std::vector<Derived> derived;

    struct Criterion { int slot; expr::Program when; };
    std::vector<Criterion> strategic;
    int strategic_count_slot = -1;

    /// A metric whose value is one number name and nothing more (`value: revenue`) reads that
    /// column as its raw values (`raw_slot` is the name's slot and `value` is not run): a copy
    /// of a million values would be 8 MB more to hold until the scales are done.
    struct Metric {
        int raw_slot;
        int scaled_slot;
        int points_slot;
        expr::Program value;
        bool raw_is_named_column = false;
    };
    std::vector<Metric> metrics;         ///< parallel to rules->metrics
    int score_slot = -1;

    /// A segment (README "Segments"): a text column `segment.<name>`; pareto reads `value`, a
    /// grid `value` (x) and `y`, cases their conditions in order (a default case has none).
    struct Segment {
        int slot = -1;
        int value_slot = -1, y_slot = -1;   ///< number columns holding x (or the Pareto value) and y
        std::optional<expr::Program> value, y;
        std::vector<std::optional<expr::Program>> cases;
    };
    std::vector<Segment> segments;       ///< parallel to rules->segments
    std::optional<expr::Program> summary_revenue;   ///< the `summary: revenue:` value, if given
    int override_slot = -1;              ///< text: an override's reason; added with --overrides
    int members_slot = -1;               ///< text: member ids of a group; added with --members

    struct Tier {
        std::optional<expr::Program> when;
        std::optional<expr::Program> stay;
        std::optional<expr::Program> capacity_by;   ///< `max: { by: ... }`: the group, a text
    };
    std::vector<Tier> tiers;             ///< parallel to rules->tiers
    int tier_slot = -1;                  ///< text: tier id
    int tier_label_slot = -1;            ///< text: tier label
    int previous_tier_slot = -1;         ///< text: the tier in the --previous results (missing: new or none)
    int change_slot = -1;                ///< text: up/down/same/new; added with --previous

    /// Names usable after classification (for --where): everything plus tier, tier_label.
    expr::Scope final_scope;
};

/// The name's binding when a metric's value is that one name and nothing else (`revenue`, not
/// `revenue * 1`), else null.
const expr::Binding* bare_name_of(const expr::Program& value, std::string_view text, const expr::Scope& scope);

/// Param values given on the command line (--set NAME=VALUE), as text.
using ParamOverrides = std::map<std::string, std::string>;

struct PlanResult {
    std::optional<ScoringPlan> plan;
    std::vector<Diagnostic> diagnostics;
};

/// Lays out `frame` (adds one column per field, derived value, criterion, metric part, score,
/// tier) and compiles every expression of `rules`, reporting errors at their rule-file
/// position. `overrides` replace param values; an unknown name or a value of the wrong type
/// throws Error(BadCommandLine). `rules` must outlive the plan.
PlanResult build_plan(const RuleSet& rules, Frame& frame, const ParamOverrides& overrides,
                      const expr::CompileOptions& options);

}  // namespace kamscore
