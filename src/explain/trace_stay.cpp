// How `stay` holds a customer: by how much its tier's `when` fails, and what `stay` asks.

#include "kamscore/explain/explanation.hpp"

#include "explain/cell_value.hpp"
#include "kamscore/expr/parser.hpp"

namespace kamscore {
namespace {

bool is_comparison(expr::TokenKind op) {
    using expr::TokenKind;
    return op == TokenKind::Less || op == TokenKind::LessEqual || op == TokenKind::Greater ||
           op == TokenKind::GreaterEqual || op == TokenKind::Equal || op == TokenKind::NotEqual;
}

/// The value of a number sub-expression for `row` (missing when it is no number).
double number_of(std::string_view text, const ScoringPlan& plan, const Frame& frame, std::uint32_t row,
                 const expr::CompileOptions& options) {
    expr::CompileResult compiled = expr::compile(text, plan.final_scope, Type::Number, options);
    if (!compiled.program) return missing_number;
    Value value = compiled.program->evaluate_row(frame, row);
    return value.missing || value.type != Type::Number ? missing_number : value.number;
}

/// `text` as a comparison of two numbers, when it is one.
std::optional<Comparison> as_comparison(const std::string& text, const ScoringPlan& plan, const Frame& frame,
                                        std::uint32_t row, const expr::CompileOptions& options) {
    expr::ParseResult parsed = expr::parse(text);
    if (parsed.error || parsed.ast.root < 0) return std::nullopt;
    const expr::Ast& ast = parsed.ast;
    const expr::Node& root = ast.nodes[static_cast<std::size_t>(ast.root)];
    if (root.kind != expr::NodeKind::Binary || !is_comparison(root.op)) return std::nullopt;
    auto children = ast.children_of(root);
    const expr::Node& left = ast.nodes[static_cast<std::size_t>(children[0])];
    const expr::Node& right = ast.nodes[static_cast<std::size_t>(children[1])];
    Comparison comparison;
    comparison.text = text;
    comparison.left = text.substr(left.offset, left.length);
    comparison.right = text.substr(right.offset, right.length);
    comparison.op = std::string(expr::spelling(root.op));
    comparison.right_is_literal = right.kind == expr::NodeKind::Number;
    comparison.left_value = number_of(comparison.left, plan, frame, row, options);
    comparison.right_value = number_of(comparison.right, plan, frame, row, options);
    if (is_missing(comparison.left_value) || is_missing(comparison.right_value)) return std::nullopt;
    if (root.op == expr::TokenKind::GreaterEqual || root.op == expr::TokenKind::Greater)
        comparison.gap = comparison.right_value - comparison.left_value;
    else if (root.op == expr::TokenKind::LessEqual || root.op == expr::TokenKind::Less)
        comparison.gap = comparison.left_value - comparison.right_value;
    return comparison;
}

}  // namespace

StayTrace trace_stay(const ConditionTrace& when, const std::string& stay_text, const ScoringPlan& plan,
                     const Frame& frame, std::uint32_t row, const expr::CompileOptions& options) {
    StayTrace trace;
    trace.when_fails = when.holds != bool_true;
    // An `or` fails only as a whole: then every part failed, and each gap is worth showing.
    for (const ConditionTerm& term : when.terms) {
        if (term.holds == bool_true) continue;
        if (auto comparison = as_comparison(term.text, plan, frame, row, options))
            trace.gaps.push_back(std::move(*comparison));
        else
            trace.other_failures.push_back(term.text);
    }
    trace.stay = trace_condition(stay_text, plan, frame, row, options);
    for (const ConditionTerm& term : trace.stay.terms) {
        if (!trace.stay_bound.empty()) trace.stay_bound += " " + trace.stay.joined_by + " ";
        auto comparison = as_comparison(term.text, plan, frame, row, options);
        if (comparison && !comparison->right_is_literal)
            trace.stay_bound += comparison->left + " " + comparison->op + " " + format_number_text(comparison->right_value);
        else
            trace.stay_bound += term.text;
    }
    return trace;
}

}  // namespace kamscore
