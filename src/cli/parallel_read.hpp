#pragma once

#include <string>

#include "cli/read_inputs.hpp"

namespace kamscore {

/// Reads one large regular file with two threads: the first half on this thread, the second
/// half (from the first line break after the middle) on another, each into a frame of its
/// own, then joins them. Returns false, having changed nothing, when the file does not
/// qualify (not a regular file, smaller than KAMSCORE_PARALLEL_MIN_BYTES — unset means never — or --keep)
/// or when the guess was wrong: the middle fell inside a quoted field, or an id appears in
/// both halves. The caller then reads sequentially, which is always right.
/// With `progress`, each half publishes its rows and bytes to a counter of its own.
bool read_file_in_parallel(const std::string& path, const CsvDialect& dialect, const ScoringPlan& plan,
                           TableBuilder& builder, RejectSink& rejects, InputCounts& counts,
                           ProgressLine* progress = nullptr);

}  // namespace kamscore
