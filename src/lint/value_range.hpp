#pragma once

#include <limits>
#include <string>

#include "kamscore/rules/rule_set.hpp"

namespace kamscore {

/// The numbers an expression can give, as far as its form tells: [low, high], infinite when
/// unbounded. Missing values are left out (a scale handles them by `missing:`).
struct NumberRange {
    double low = -std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();

    bool is_bounded() const;
    bool is_empty() const;   ///< no number at all: the expression is always missing
    /// "at least 0", "at most 5", "between 0 and 100", "always 3".
    std::string describe() const;
};

/// Derives the range of a number expression from literals, params, derived values (followed,
/// a few levels deep), + - * /, unary -, min, max, clamp, abs, sqrt, round, if and coalesce.
/// Fields and anything else are unbounded.
NumberRange value_range(const ExpressionText& expression, const RuleSet& rules);

}  // namespace kamscore
