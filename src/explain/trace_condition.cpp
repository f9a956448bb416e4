// Taking a condition apart for one customer: which part held, and with which values.

#include "kamscore/explain/explanation.hpp"

#include <algorithm>

#include "explain/cell_value.hpp"
#include "kamscore/expr/parser.hpp"
#include "explain/one_line.hpp"

namespace kamscore {
namespace {

/// The operands of a chain of one operator: `a and b and c` gives a, b, c.
void flatten(const expr::Ast& ast, int index, expr::TokenKind op, std::vector<int>& terms) {
    const expr::Node& node = ast.nodes[static_cast<std::size_t>(index)];
    if (node.kind == expr::NodeKind::Binary && node.op == op) {
        for (int child : ast.children_of(node)) flatten(ast, child, op, terms);
    } else {
        terms.push_back(index);
    }
}

bool is_name_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           static_cast<unsigned char>(c) >= 0x80;
}

/// Where `name` first stands as a whole name in `text` (not inside `min_score` for `score`).
std::size_t position_of(std::string_view text, std::string_view name) {
    for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
        bool starts = at == 0 || !is_name_character(text[at - 1]);
        bool ends = at + name.size() == text.size() || !is_name_character(text[at + name.size()]);
        if (starts && ends) return at;
    }
    return text.size();
}

ConditionTerm trace_term(std::string_view text, const ScoringPlan& plan, const Frame& frame, std::uint32_t row,
                         const expr::CompileOptions& options) {
    ConditionTerm term;
    term.text = one_line(text);
    expr::CompileResult compiled = expr::compile(text, plan.final_scope, Type::Bool, options);
    if (!compiled.program) return term;
    Value held = compiled.program->evaluate_row(frame, row);
    term.holds = held.missing ? bool_missing : held.boolean ? bool_true : bool_false;
    term.values = values_read(*compiled.program, plan.final_scope, frame, row);
    // In the order they are written, which is how people read the condition.
    std::stable_sort(term.values.begin(), term.values.end(), [&](const NamedValue& a, const NamedValue& b) {
        return position_of(text, a.first) < position_of(text, b.first);
    });
    return term;
}

}  // namespace

ConditionTrace trace_condition(const std::string& text, const ScoringPlan& plan, const Frame& frame, std::uint32_t row,
                               const expr::CompileOptions& options) {
    ConditionTrace trace;
    trace.text = one_line(text);
    ConditionTerm whole = trace_term(text, plan, frame, row, options);
    trace.holds = whole.holds;
    expr::ParseResult parsed = expr::parse(text);
    if (parsed.error || parsed.ast.root < 0) {
        trace.terms.push_back(std::move(whole));
        return trace;
    }
    const expr::Node& root = parsed.ast.nodes[static_cast<std::size_t>(parsed.ast.root)];
    if (root.kind != expr::NodeKind::Binary || (root.op != expr::TokenKind::And && root.op != expr::TokenKind::Or)) {
        trace.terms.push_back(std::move(whole));
        return trace;
    }
    trace.joined_by = root.op == expr::TokenKind::And ? "and" : "or";
    std::vector<int> terms;
    flatten(parsed.ast, parsed.ast.root, root.op, terms);
    for (int index : terms) {
        const expr::Node& node = parsed.ast.nodes[static_cast<std::size_t>(index)];
        trace.terms.push_back(trace_term(std::string_view(text).substr(node.offset, node.length), plan, frame, row, options));
    }
    return trace;
}

}  // namespace kamscore
