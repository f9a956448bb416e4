// The key-account funnel: the first tier's `when`, one conjunct at a time, then its capacity.

#include "explain/funnel.hpp"

#include <unordered_set>

#include "explain/compensated_sum.hpp"
#include "kamscore/expr/parser.hpp"
#include "explain/one_line.hpp"

namespace kamscore {
namespace {

/// The operands of `a and b and c`, in written order (a condition without `and`: itself).
void conjuncts(const expr::Ast& ast, int index, std::vector<int>& terms) {
    const expr::Node& node = ast.nodes[static_cast<std::size_t>(index)];
    if (node.kind == expr::NodeKind::Binary && node.op == expr::TokenKind::And) {
        for (int child : ast.children_of(node)) conjuncts(ast, child, terms);
    } else {
        terms.push_back(index);
    }
}

struct Term {
    std::string text;
    bool bare_field = false;   ///< a yes/no field alone: "known" and "true" become two steps
    Column holds{Type::Bool};
};

/// Compiles and evaluates every conjunct over all rows. When one does not compile on its own
/// (it always should: the whole condition did), the whole `when` is the only step.
std::vector<Term> evaluate_terms(const std::string& when, const ScoringPlan& plan, Frame& frame,
                                 const expr::CompileOptions& options) {
    std::vector<std::pair<std::string, bool>> texts;
    expr::ParseResult parsed = expr::parse(when);
    if (!parsed.error && parsed.ast.root >= 0) {
        std::vector<int> indices;
        conjuncts(parsed.ast, parsed.ast.root, indices);
        for (int index : indices) {
            const expr::Node& node = parsed.ast.nodes[static_cast<std::size_t>(index)];
            texts.emplace_back(when.substr(node.offset, node.length), node.kind == expr::NodeKind::Name);
        }
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::vector<Term> terms;
        bool compiled_all = true;
        for (const auto& [text, bare] : texts) {
            expr::CompileResult compiled = expr::compile(text, plan.final_scope, Type::Bool, options);
            if (!compiled.program) {
                compiled_all = false;
                break;
            }
            Term term{one_line(text), bare, Column(Type::Bool)};
            term.holds.resize(frame.rows);
            compiled.program->run(frame, 0, frame.rows, term.holds, frame.arena);
            terms.push_back(std::move(term));
        }
        if (compiled_all && !terms.empty()) return terms;
        texts = {{when, false}};
    }
    return {};
}

}  // namespace

FunnelSummary work_out_funnel(const ScoringPlan& plan, Frame& frame, const std::vector<TierOutcome>& outcomes,
                              const std::vector<double>& revenue, double revenue_total, bool has_revenue,
                              const std::vector<std::uint16_t>& rules_tier, const expr::CompileOptions& options) {
    FunnelSummary funnel;
    const RuleSet& rules = *plan.rules;
    if (rules.tiers.empty() || !rules.tiers[0].when) return funnel;
    const TierSpec& tier = rules.tiers[0];
    funnel.tier = tier.id;
    funnel.tier_label = tier.label;
    funnel.when = one_line(tier.when->text);
    funnel.capacity = !outcomes.empty() && outcomes[0].capacity ? outcomes[0].capacity : tier.max;
    if (tier.max_groups) funnel.capacity_by = one_line(tier.max_groups->by.text);
    const auto& tier_column = frame.columns[plan.tier_slot].texts;

    std::vector<char> still_in(frame.rows, 1);
    auto revenue_at = [&](std::size_t row) { return revenue.empty() ? 0.0 : revenue[row]; };
    // Keeps the rows that pass; `why` says for a row still in whether it leaves (0 stays,
    // 1 false, 2 missing, 3 over capacity, 4 moved).
    auto add_step = [&](FunnelStep::Kind kind, const std::string& text, auto why) {
        FunnelStep step;
        step.kind = kind;
        step.text = text;
        CompensatedSum kept, dropped;
        for (std::size_t row = 0; row < frame.rows; ++row) {
            if (!still_in[row]) continue;
            const int reason = why(row);
            if (reason == 0) {
                ++step.row.count;
                kept.add(revenue_at(row));
                continue;
            }
            still_in[row] = 0;
            dropped.add(revenue_at(row));
            if (reason == 1) ++step.dropped_false;
            else if (reason == 2) ++step.dropped_missing;
            else if (reason == 3) ++step.over_capacity;
            else ++step.moved;
        }
        step.row.id = step.row.label = text;
        step.row.revenue = kept.value();
        step.dropped_revenue = dropped.value();
        step.row.share = frame.rows ? 100.0 * static_cast<double>(step.row.count) / static_cast<double>(frame.rows) : 0;
        step.row.revenue_share = has_revenue && revenue_total != 0 ? 100.0 * step.row.revenue / revenue_total : missing_number;
        funnel.steps.push_back(std::move(step));
    };

    add_step(FunnelStep::All, "all customers", [](std::size_t) { return 0; });
    for (const Term& term : evaluate_terms(tier.when->text, plan, frame, options)) {
        const auto& holds = term.holds.bools;
        if (term.bare_field)
            add_step(FunnelStep::Known, term.text, [&](std::size_t row) { return holds[row] == bool_missing ? 2 : 0; });
        add_step(FunnelStep::Condition, term.text, [&](std::size_t row) {
            return holds[row] == bool_true ? 0 : holds[row] == bool_missing ? 2 : 1;
        });
    }
    std::unordered_set<std::uint32_t> turned_away;
    if (!outcomes.empty()) turned_away.insert(outcomes[0].turned_away.begin(), outcomes[0].turned_away.end());
    add_step(FunnelStep::Capacity, tier.id, [&](std::size_t row) {
        const bool in_tier = rules_tier.empty() ? tier_column[row] == tier.id : rules_tier[row] == 0;
        if (in_tier) return 0;
        return turned_away.count(static_cast<std::uint32_t>(row)) ? 3 : 4;
    });

    for (std::size_t row = 0; row < frame.rows; ++row) funnel.tier_customers += tier_column[row] == tier.id;
    if (!outcomes.empty()) {
        funnel.stayed = outcomes[0].stayed;
        funnel.forced = outcomes[0].forced;
    }
    return funnel;
}

}  // namespace kamscore
