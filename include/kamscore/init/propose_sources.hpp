#pragma once

#include <string>
#include <vector>

#include "kamscore/init/sample.hpp"

namespace kamscore {

/// A `sources:` section for further exports given to `kamscore init` after the customer list
/// (`customers`): per export its name (from the file name), dialect, the key column and key
/// normalisation under which the most sampled rows match a sampled customer id, one or many
/// rows per key, and fields to start from, as comments (sums of amounts, a pivot by a year
/// column, NPS from 0-10 scores). `paths` (parallel to `sources`) are the files as the rule
/// file names them: relative to its directory.
std::string propose_sources(const CsvSample& customers, const std::vector<CsvSample>& sources,
                            const std::vector<std::string>& paths);

}  // namespace kamscore
