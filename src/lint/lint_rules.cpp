#include "kamscore/lint/lint_rules.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "lint/impossible_comparisons.hpp"
#include "lint/value_range.hpp"

namespace kamscore {
namespace {

/// Row numbers are 32-bit: no run has more customers than this.
constexpr double most_customers = 4294967295.0;

std::string number_text(double value) { return fmt::format("{}", value == 0 ? 0.0 : value); }   // no "-0"

/// "10 < x" / "x < 25" style name of band i.
std::string band_text(const std::vector<Band>& bands, std::size_t i) {
    const bool has_upper = std::isfinite(bands[i].upper);
    if (i == 0) return has_upper ? "below " + number_text(bands[i].upper) : "every value";
    const std::string from = number_text(bands[i - 1].upper);
    return has_upper ? fmt::format("from {} to below {}", from, number_text(bands[i].upper)) : "from " + from + " up";
}

/// A constant condition's value (true, false or missing), or nullopt when it depends on the row.
std::optional<Value> constant_value(const expr::Program& program) {
    if (!program.slots_read().empty()) return std::nullopt;
    Frame none;
    none.rows = 1;
    return program.evaluate_row(none, 0);
}

bool is_true(const Value& value) { return !value.missing && value.boolean; }

std::string normalised(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        out += c;
    }
    return out;
}

class Linter {
public:
    Linter(const RuleSet& rules, const ScoringPlan& plan, std::string_view source, const SeenTexts* seen)
        : rules_(rules), plan_(plan), source_(source), seen_(seen) {}

    std::vector<Diagnostic> run() {
        weights();
        scales();
        tiers();
        unused_names();
        for (Diagnostic& found : impossible_comparisons(rules_, seen_)) diagnostics_.push_back(std::move(found));
        std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
        });
        return std::move(diagnostics_);
    }

private:
    void warn(const SourceLocation& location, std::string message) {
        diagnostics_.push_back(Diagnostic{Severity::Warning, location, std::move(message),
                                          location.line > 0 ? std::string(line_of(source_, location.line)) : ""});
    }

    /// Names read by the tiers' conditions.
    std::set<std::string> read_by_tiers() const {
        std::set<std::string> names;
        for (const auto& tier : plan_.tiers)
            for (const auto* program : {tier.when ? &*tier.when : nullptr, tier.stay ? &*tier.stay : nullptr})
                if (program) names.insert(program->names_read().begin(), program->names_read().end());
        return names;
    }

    void weights() {
        if (rules_.metrics.empty()) return;
        bool all_zero = std::all_of(rules_.metrics.begin(), rules_.metrics.end(),
                                    [](const MetricSpec& metric) { return metric.weight == 0; });
        if (all_zero) {
            warn(rules_.metrics.front().location,
                 "every metric has weight 0: no customer gets a score (the score is missing for all)");
            return;
        }
        const std::set<std::string> used = read_by_tiers();
        for (const auto& metric : rules_.metrics)
            if (metric.weight == 0 && !used.count("metric." + metric.id))
                warn(metric.location, fmt::format("metric '{}' has weight 0 and no tier reads 'metric.{}': it changes "
                                                  "nothing (give it a weight, or remove it)",
                                                  metric.id, metric.id));
    }

    void scales() {
        for (const auto& metric : rules_.metrics) {
            const ScaleSpec& scale = metric.scale;
            if (scale.kind == ScaleKind::Bands) {
                for (std::size_t i = 0; i + 1 < scale.bands.size(); ++i)
                    if (scale.bands[i].score == scale.bands[i + 1].score)
                        warn(scale.location, fmt::format("metric '{}': the bands {} and {} both give {} points: drop "
                                                         "the bound {} to merge them",
                                                         metric.id, band_text(scale.bands, i),
                                                         band_text(scale.bands, i + 1), number_text(scale.bands[i].score),
                                                         number_text(scale.bands[i].upper)));
            }
            if (scale.kind != ScaleKind::Bands && scale.kind != ScaleKind::Linear && scale.kind != ScaleKind::Log) continue;
            NumberRange range = value_range(metric.value, rules_);
            if (range.is_empty()) {
                warn(metric.location, fmt::format("metric '{}': its value is always missing", metric.id));
                continue;
            }
            if (!range.is_bounded()) continue;
            if (scale.kind == ScaleKind::Bands) {
                for (std::size_t i = 0; i < scale.bands.size(); ++i) {
                    const double lower = i == 0 ? -std::numeric_limits<double>::infinity() : scale.bands[i - 1].upper;
                    const bool reachable = range.high >= lower && range.low < scale.bands[i].upper;
                    if (!reachable)
                        warn(scale.location, fmt::format("metric '{}': the band {} is never reached: the value is {}",
                                                         metric.id, band_text(scale.bands, i), range.describe()));
                }
            } else {
                const double low = std::min(scale.low, scale.high), high = std::max(scale.low, scale.high);
                if (range.high <= low || range.low >= high)
                    warn(scale.location, fmt::format("metric '{}': every customer gets the same points: the value is {}, "
                                                     "outside the scale [{}, {}]",
                                                     metric.id, range.describe(), number_text(scale.low),
                                                     number_text(scale.high)));
            }
        }
    }

    static bool has_capacity(const TierSpec& tier) { return tier.max || tier.max_groups; }

    /// A capacity keeps the best by score: that needs a metric with a weight whose value can
    /// differ between customers (not a constant like `value: 1`).
    bool has_score_to_rank_by() const {
        for (std::size_t m = 0; m < rules_.metrics.size(); ++m)
            if (rules_.metrics[m].weight > 0 && !constant_value(plan_.metrics[m].value)) return true;
        return false;
    }

    void tiers() {
        const auto& tiers = rules_.tiers;
        std::optional<std::size_t> takes_all;   // an earlier tier that takes every customer
        for (std::size_t t = 0; t < tiers.size(); ++t) {
            const TierSpec& tier = tiers[t];
            const ScoringPlan::Tier& compiled = plan_.tiers[t];
            const bool is_last = t + 1 == tiers.size();
            if (takes_all) {
                warn(tier.location, fmt::format("tier '{}' never gets a customer: tier '{}' before it takes every one "
                                                "(its condition is always true and it has no 'max')",
                                                tier.id, tiers[*takes_all].id));
                continue;
            }
            if (compiled.when) {
                if (auto value = constant_value(*compiled.when)) {
                    if (!is_true(*value)) {
                        warn(tier.when->origin, fmt::format("tier '{}' never matches: its condition is always {}",
                                                            tier.id, value->missing ? "missing" : "false"));
                    } else if (!has_capacity(tier)) {
                        takes_all = t;
                    }
                }
                for (std::size_t e = 0; e < t; ++e) {
                    if (!has_capacity(tiers[e]) && tiers[e].when && normalised(tiers[e].when->text) == normalised(tier.when->text))
                        warn(tier.when->origin, fmt::format("tier '{}' never matches: tier '{}' before it has the same "
                                                            "condition and no 'max'",
                                                            tier.id, tiers[e].id));
                }
            }
            if (tier.max && !has_score_to_rank_by())
                warn(tier.location, fmt::format("tier '{}' has 'max: {}' but no metric to rank by: every customer gets the "
                                                "same score, so the {} seats go by customer id; add a metric with a "
                                                "weight under 'metrics:' or remove 'max'",
                                                tier.id, *tier.max, *tier.max));
            if (tier.max_groups && !has_score_to_rank_by())
                warn(tier.location, fmt::format("tier '{}' has seats per {} but no metric to rank by: every customer "
                                                "gets the same score, so within each group the seats go by customer "
                                                "id; add a metric with a weight under 'metrics:' or remove 'max'",
                                                tier.id, tier.max_groups->by.text));
            if (tier.max && static_cast<double>(*tier.max) > most_customers)
                warn(tier.location, fmt::format("tier '{}': 'max: {}' is more than any number of customers kamscore can "
                                                "score ({}): it never limits anything; remove it",
                                                tier.id, *tier.max, number_text(most_customers)));
            if (tier.stay && is_last)
                warn(tier.stay->origin, fmt::format("tier '{}' is the last and takes every customer left anyway: its "
                                                    "'stay' has no effect",
                                                    tier.id));
            else if (compiled.stay)
                if (auto value = constant_value(*compiled.stay); value && is_true(*value))
                    warn(tier.stay->origin, fmt::format("tier '{}': 'stay' always holds: a customer never leaves this "
                                                        "tier once in it (only 'max' limits it)",
                                                        tier.id));
        }
    }

    void unused_names() {
        std::set<std::string> used;
        auto add = [&](const expr::Program& program) { used.insert(program.names_read().begin(), program.names_read().end()); };
        for (const auto& criterion : plan_.strategic) add(criterion.when);
        for (const auto& metric : plan_.metrics) add(metric.value);
        for (const auto& tier : plan_.tiers) {
            if (tier.when) add(*tier.when);
            if (tier.stay) add(*tier.stay);
            if (tier.capacity_by) add(*tier.capacity_by);
        }
        for (const auto& segment : plan_.segments) {
            if (segment.value) add(*segment.value);
            if (segment.y) add(*segment.y);
            for (const auto& when : segment.cases)
                if (when) add(*when);
        }
        if (plan_.summary_revenue) add(*plan_.summary_revenue);
        for (const auto& tier : rules_.tiers)
            if (!tier.max_param.empty()) used.insert(tier.max_param);   // `max: seats` reads it
        for (const auto& tier : rules_.tiers) {
            if (!tier.max_groups) continue;
            for (const GroupSeats& seats : tier.max_groups->seats)
                if (!seats.param.empty()) used.insert(seats.param);   // `north: north_seats`
            if (tier.max_groups->default_seats && !tier.max_groups->default_seats->param.empty())
                used.insert(tier.max_groups->default_seats->param);
        }
        for (const OutputValueSpec& value : rules_.output) used.insert(value.name);   // written as a column
        for (const auto& tier : rules_.tiers) {
            if (!tier.max_expression) continue;   // `max: round(seats * 1.1)` reads its params
            expr::Scope params;
            for (const auto& param : rules_.params) params.add_constant(param.name, param.value);
            expr::CompileResult compiled = expr::compile(tier.max_expression->text, params, Type::Number);
            if (compiled.program) add(*compiled.program);
        }
        // A derived value counts only when something used reads it; later ones come first.
        for (std::size_t d = std::min(rules_.derived.size(), plan_.derived.size()); d-- > 0;)
            if (used.count(rules_.derived[d].name)) add(plan_.derived[d].program);

        for (const auto& field : rules_.fields)
            if (!used.count(field.name))
                warn(field.location, fmt::format("field '{}' is never used: no expression reads it, yet column '{}' is "
                                                 "read and converted on every row (remove it, or use it)",
                                                 field.name, field.column));
        for (const auto& derived : rules_.derived)
            if (!used.count(derived.name))
                warn(derived.location, fmt::format("derived value '{}' is never used: nothing that counts reads it",
                                                   derived.name));
        for (const auto& param : rules_.params)
            if (!used.count(param.name))
                warn(param.location, fmt::format("param '{}' is never used: no expression reads it", param.name));
    }

    const RuleSet& rules_;
    const ScoringPlan& plan_;
    std::string_view source_;
    const SeenTexts* seen_;
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace

std::vector<Diagnostic> lint_rules(const RuleSet& rules, const ScoringPlan& plan, std::string_view source,
                                   const SeenTexts* seen) {
    return Linter(rules, plan, source, seen).run();
}

}  // namespace kamscore
