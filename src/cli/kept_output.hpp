#pragma once

#include <vector>

#include "kamscore/output/writer.hpp"
#include "kamscore/table/kept_columns.hpp"

namespace kamscore {

/// Appends the --keep columns after the others, so that the result columns stay where
/// scripts expect them (README "Output"): in csv, tsv, table, markdown and xlsx under their
/// input names ("input_<name>" when the output already has that name), in JSON nested as
/// "input": {"<name>": ...}.
void append_kept_columns(std::vector<OutputColumn>& columns, const KeptColumns& kept, const Frame& frame);

}  // namespace kamscore
