#include "lint/value_range.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "kamscore/expr/parser.hpp"

namespace kamscore {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr int max_follow_depth = 8;

NumberRange exactly(double value) { return NumberRange{value, value}; }
NumberRange unbounded() { return NumberRange{}; }
/// The range of `missing`: no number at all.
NumberRange none() { return NumberRange{infinity, -infinity}; }

NumberRange join(const NumberRange& a, const NumberRange& b) {
    return NumberRange{std::min(a.low, b.low), std::max(a.high, b.high)};
}

/// inf * 0 is NaN: treat as unknown.
NumberRange checked(double low, double high) {
    if (std::isnan(low) || std::isnan(high)) return unbounded();
    return NumberRange{low, high};
}

class RangeFinder {
public:
    RangeFinder(const RuleSet& rules, int depth) : rules_(rules), depth_(depth) {}

    NumberRange of(const expr::Ast& ast, int index) {
        const expr::Node& node = ast.nodes[static_cast<std::size_t>(index)];
        auto child = [&](std::size_t i) { return of(ast, ast.children_of(node)[i]); };
        switch (node.kind) {
        case expr::NodeKind::Number: return exactly(node.number);
        case expr::NodeKind::Missing: return none();
        case expr::NodeKind::Name: return of_name(node.text);
        case expr::NodeKind::Negate: {
            NumberRange x = child(0);
            return x.is_empty() ? x : NumberRange{-x.high, -x.low};
        }
        case expr::NodeKind::Binary: return of_binary(node.op, child(0), child(1));
        case expr::NodeKind::Call: return of_call(ast, node);
        default: return unbounded();
        }
    }

private:
    NumberRange of_name(const std::string& name) {
        for (const auto& param : rules_.params)
            if (param.name == name) return param.value.type == Type::Number ? exactly(param.value.number) : unbounded();
        if (depth_ >= max_follow_depth) return unbounded();
        for (const auto& derived : rules_.derived) {
            if (derived.name != name) continue;
            expr::ParseResult parsed = expr::parse(derived.expression.text);
            if (parsed.error) return unbounded();
            return RangeFinder(rules_, depth_ + 1).of(parsed.ast, parsed.ast.root);
        }
        return unbounded();
    }

    static NumberRange of_binary(expr::TokenKind op, const NumberRange& a, const NumberRange& b) {
        if (a.is_empty() || b.is_empty()) return none();   // arithmetic with missing is missing
        switch (op) {
        case expr::TokenKind::Plus: return checked(a.low + b.low, a.high + b.high);
        case expr::TokenKind::Minus: return checked(a.low - b.high, a.high - b.low);
        case expr::TokenKind::Star: {
            double products[] = {a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high};
            for (double p : products)
                if (std::isnan(p)) return unbounded();
            return NumberRange{*std::min_element(std::begin(products), std::end(products)),
                               *std::max_element(std::begin(products), std::end(products))};
        }
        case expr::TokenKind::Slash:
            if (b.low == b.high && b.low > 0) return checked(a.low / b.low, a.high / b.low);
            if (b.low == b.high && b.low < 0) return checked(a.high / b.low, a.low / b.low);
            return unbounded();
        default: return unbounded();
        }
    }

    NumberRange of_call(const expr::Ast& ast, const expr::Node& node) {
        std::vector<NumberRange> args;
        for (int child : ast.children_of(node)) args.push_back(of(ast, child));
        const std::string& name = node.text;
        const bool any_missing = std::any_of(args.begin(), args.end(), [](const NumberRange& r) { return r.is_empty(); });
        if (any_missing && name != "if" && name != "coalesce") return none();
        if ((name == "max" || name == "min") && args.size() >= 2) {
            NumberRange result = args[0];
            for (std::size_t i = 1; i < args.size(); ++i) {
                if (name == "max") result = {std::max(result.low, args[i].low), std::max(result.high, args[i].high)};
                else result = {std::min(result.low, args[i].low), std::min(result.high, args[i].high)};
            }
            return result;
        }
        if (name == "clamp" && args.size() == 3) {
            NumberRange low_bounded{std::max(args[0].low, args[1].low), std::max(args[0].high, args[1].high)};
            return NumberRange{std::min(low_bounded.low, args[2].low), std::min(low_bounded.high, args[2].high)};
        }
        if (name == "abs" && args.size() == 1) {
            const NumberRange& x = args[0];
            if (x.low >= 0) return x;
            if (x.high <= 0) return NumberRange{-x.high, -x.low};
            return NumberRange{0, std::max(-x.low, x.high)};
        }
        if (name == "sqrt" && args.size() == 1) return NumberRange{std::sqrt(std::max(args[0].low, 0.0)), std::sqrt(std::max(args[0].high, 0.0))};
        if (name == "round" && args.size() == 1) return NumberRange{std::round(args[0].low), std::round(args[0].high)};
        if (name == "if" && args.size() == 3) return join(args[1], args[2]);
        if (name == "coalesce" && !args.empty()) {
            NumberRange result = args[0];
            for (const auto& arg : args) result = join(result, arg);
            return result;
        }
        return unbounded();
    }

    const RuleSet& rules_;
    int depth_;
};

std::string number_text(double value) { return fmt::format("{}", value == 0 ? 0.0 : value); }   // no "-0"

}  // namespace

bool NumberRange::is_bounded() const { return low > -infinity || high < infinity; }
bool NumberRange::is_empty() const { return low > high; }

std::string NumberRange::describe() const {
    if (is_empty()) return "always missing";
    if (low == high) return "always " + number_text(low);
    if (low > -infinity && high < infinity) return fmt::format("between {} and {}", number_text(low), number_text(high));
    if (low > -infinity) return "at least " + number_text(low);
    if (high < infinity) return "at most " + number_text(high);
    return "any number";
}

NumberRange value_range(const ExpressionText& expression, const RuleSet& rules) {
    expr::ParseResult parsed = expr::parse(expression.text);
    if (parsed.error || parsed.ast.root < 0) return unbounded();
    return RangeFinder(rules, 0).of(parsed.ast, parsed.ast.root);
}

}  // namespace kamscore
