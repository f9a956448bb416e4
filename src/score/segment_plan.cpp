#include "score/segment_plan.hpp"

namespace kamscore {
namespace {

std::optional<expr::Program> compile_expression(const ExpressionText& text, const expr::Scope& scope, Type expected,
                                                const expr::CompileOptions& options,
                                                std::vector<Diagnostic>& diagnostics) {
    expr::CompileResult result = expr::compile(text.text, scope, expected, options);
    for (const auto& error : result.errors)
        diagnostics.push_back(diagnostic_in_expression(text, error.offset, error.length, error.message));
    return std::move(result.program);
}

}  // namespace

void declare_segments(const RuleSet& rules, expr::Scope& scope) {
    for (const auto& segment : rules.segments)
        scope.add_unavailable("segment." + segment.name, Type::Text,
                              "'segment." + segment.name +
                                  "' is computed after the score; use it in tiers or in a later segment");
}

void compile_segments(const RuleSet& rules, Frame& frame, expr::Scope& scope, const expr::CompileOptions& options,
                      ScoringPlan& plan, std::vector<Diagnostic>& diagnostics) {
    for (std::size_t s = 0; s < rules.segments.size(); ++s) {
        const SegmentSpec& spec = rules.segments[s];
        scope.add_unavailable("segment." + spec.name, Type::Text,
                              "segment '" + spec.name + "' cannot use itself");
        for (std::size_t later = s + 1; later < rules.segments.size(); ++later) {
            const std::string& name = rules.segments[later].name;
            scope.add_unavailable("segment." + name, Type::Text,
                                  "'segment." + name + "' is defined later: segments are computed in order, so a " +
                                      "segment can only use the ones above it");
        }

        ScoringPlan::Segment segment;
        switch (spec.kind) {
        case SegmentKind::Pareto:
            segment.value = compile_expression(spec.value, scope, Type::Number, options, diagnostics);
            segment.value_slot = frame.add_column("segment_value." + spec.name, Type::Number);
            break;
        case SegmentKind::Grid:
            segment.value = compile_expression(spec.value, scope, Type::Number, options, diagnostics);
            segment.y = compile_expression(spec.y, scope, Type::Number, options, diagnostics);
            segment.value_slot = frame.add_column("segment_x." + spec.name, Type::Number);
            segment.y_slot = frame.add_column("segment_y." + spec.name, Type::Number);
            break;
        case SegmentKind::Cases:
            for (const auto& segment_case : spec.cases)
                segment.cases.push_back(segment_case.when ? compile_expression(*segment_case.when, scope, Type::Bool,
                                                                               options, diagnostics)
                                                          : std::nullopt);
            break;
        }
        segment.slot = frame.add_column("segment." + spec.name, Type::Text);
        scope.add_slot("segment." + spec.name, Type::Text, segment.slot);
        plan.segments.push_back(std::move(segment));
    }
    if (rules.summary.revenue)
        plan.summary_revenue = compile_expression(*rules.summary.revenue, scope, Type::Number, options, diagnostics);
}

}  // namespace kamscore
