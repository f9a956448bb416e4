#pragma once

#include "kamscore/output/writer.hpp"

namespace kamscore {

/// Throws std::invalid_argument when a column has no cells behind it or a listed row lies
/// outside a column: a caller's bug, caught before it can read out of bounds.
void check_output_table(const OutputTable& table);

}  // namespace kamscore
