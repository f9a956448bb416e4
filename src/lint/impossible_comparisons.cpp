#include "lint/impossible_comparisons.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"
#include "kamscore/expr/parser.hpp"

namespace kamscore {
namespace {

// A few seen values are enough to show what the data writes.
constexpr std::size_t shown_values = 5;

/// The labels a segment can give, in the order the rule file writes them.
std::vector<std::string> segment_labels(const SegmentSpec& segment) {
    std::vector<std::string> labels;
    auto add = [&](const std::string& label) {
        if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
    };
    for (const auto& [label, share] : segment.classes) add(label);
    for (const auto& label : segment.cells) add(label);
    for (const auto& item : segment.cases) add(item.label);
    return labels;
}

bool has_ascii_upper(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}
bool has_ascii_lower(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}
std::string ascii_cased(std::string_view text, bool upper) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string quoted_list(const std::vector<std::string>& values, std::size_t most) {
    std::string list;
    for (std::size_t i = 0; i < values.size() && i < most; ++i) list += fmt::format("{}\"{}\"", i ? ", " : "", values[i]);
    if (values.size() > most) list += fmt::format(", ... ({} in all)", values.size());
    return list;
}

class ComparisonFinder {
public:
    ComparisonFinder(const RuleSet& rules, const SeenTexts* seen, std::vector<Diagnostic>& out)
        : rules_(rules), seen_(seen), out_(out) {}

    void check(const ExpressionText& expression) {
        expr::ParseResult parsed = expr::parse(expression.text);
        if (parsed.error || parsed.ast.root < 0) return;
        expression_ = &expression;
        ast_ = &parsed.ast;
        for (const expr::Node& node : parsed.ast.nodes) visit(node);
    }

private:
    void visit(const expr::Node& node) {
        const auto children = ast_->children_of(node);
        if (node.kind == expr::NodeKind::Binary &&
            (node.op == expr::TokenKind::Equal || node.op == expr::TokenKind::NotEqual)) {
            const bool equal = node.op == expr::TokenKind::Equal;
            compare(node, children[0], children[1], equal ? "never holds" : "always holds");
            compare(node, children[1], children[0], equal ? "never holds" : "always holds");
        } else if (node.kind == expr::NodeKind::In && !children.empty()) {
            for (std::size_t i = 1; i < children.size(); ++i)
                compare(node, children[0], children[i], "never matches this element");
        }
    }

    const expr::Node& at(int index) const { return ast_->nodes[static_cast<std::size_t>(index)]; }

    std::string_view source_of(const expr::Node& node) const {
        return std::string_view(expression_->text).substr(node.offset, node.length);
    }

    /// `subject` compared with `literal`, when the literal is a text.
    void compare(const expr::Node& comparison, int subject_index, int literal_index, std::string_view verdict) {
        const expr::Node& subject = at(subject_index);
        const expr::Node& literal = at(literal_index);
        if (literal.kind != expr::NodeKind::Text) return;
        const std::string& value = literal.text;
        const std::string what = fmt::format("'{}' {}", source_of(comparison), verdict);
        if (subject.kind == expr::NodeKind::Name && subject.text.starts_with("segment.")) {
            const std::string name = subject.text.substr(std::string_view("segment.").size());
            for (const auto& segment : rules_.segments) {
                if (segment.name != name) continue;
                const std::vector<std::string> labels = segment_labels(segment);
                if (std::find(labels.begin(), labels.end(), value) != labels.end()) return;
                warn(literal, fmt::format("{}: segment '{}' has no label \"{}\"{}; its labels are {}", what, name, value,
                                          did_you_mean(value, labels), quoted_list(labels, labels.size())));
            }
            return;
        }
        if (subject.kind == expr::NodeKind::Call && (subject.text == "lower" || subject.text == "upper")) {
            const bool upper = subject.text == "upper";
            if (upper ? has_ascii_lower(value) : has_ascii_upper(value))
                warn(literal, fmt::format("{}: {}() gives no {} letters; write \"{}\"", what, subject.text,
                                          upper ? "small" : "capital", ascii_cased(value, upper)));
            return;
        }
        if (subject.kind == expr::NodeKind::Name && seen_) {
            const auto field = seen_->by_field.find(subject.text);
            if (field == seen_->by_field.end() || field->second.empty()) return;
            const std::vector<std::string>& values = field->second;
            if (std::find(values.begin(), values.end(), value) != values.end()) return;
            warn(literal, fmt::format("{} in {}: field '{}' is never \"{}\" there{}; seen: {}", what, seen_->source,
                                      subject.text, value, did_you_mean(value, values),
                                      quoted_list(values, shown_values)));
        }
    }

    void warn(const expr::Node& literal, std::string message) {
        out_.push_back(diagnostic_in_expression(*expression_, literal.offset, literal.length, std::move(message),
                                                Severity::Warning));
    }

    const RuleSet& rules_;
    const SeenTexts* seen_;
    std::vector<Diagnostic>& out_;
    const ExpressionText* expression_ = nullptr;
    const expr::Ast* ast_ = nullptr;
};

}  // namespace

std::vector<Diagnostic> impossible_comparisons(const RuleSet& rules, const SeenTexts* seen) {
    std::vector<Diagnostic> found;
    ComparisonFinder finder(rules, seen, found);
    for (const auto& derived : rules.derived) finder.check(derived.expression);
    for (const auto& criterion : rules.strategic) finder.check(criterion.when);
    for (const auto& metric : rules.metrics) finder.check(metric.value);
    for (const auto& segment : rules.segments)
        for (const auto& item : segment.cases)
            if (item.when) finder.check(*item.when);
    for (const auto& tier : rules.tiers) {
        if (tier.when) finder.check(*tier.when);
        if (tier.stay) finder.check(*tier.stay);
    }
    return found;
}

}  // namespace kamscore
