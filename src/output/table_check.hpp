#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kamscore/output/writer.hpp"

namespace kamscore {

/// Throws std::invalid_argument when a column has no cells behind it or a listed row lies
/// outside a column: a caller's bug, caught before it can read out of bounds.
void check_output_table(const OutputTable& table);
/// The same for `rows` of `columns` (a batch written with Writer::write_rows).
void check_output_rows(const std::vector<OutputColumn>& columns, std::span<const std::uint32_t> rows);

}  // namespace kamscore
