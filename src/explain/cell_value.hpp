// Values of single cells, for explanations. Private to src/explain.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "kamscore/explain/explanation.hpp"

namespace kamscore {

/// The cell as a Value of the column's type.
Value cell_value(const Column& column, std::size_t row);

/// The names `program` reads (params included) with their values for `row`.
std::vector<NamedValue> values_read(const expr::Program& program, const expr::Scope& scope, const Frame& frame,
                                    std::size_t row);

/// A number as people read it: the shortest exact form, or `decimals` fixed (>= 0).
std::string format_number_text(double value, int decimals = -1);

/// A value as an expression would write it: 12.5, true, "high", 2024-12-31, missing.
std::string format_value(const Value& value);

}  // namespace kamscore
