#pragma once

#include <cstddef>

namespace kamscore {

/// Test hook: CsvReaders constructed while this is non-zero start with a read buffer of this
/// many bytes (at least 4) instead of one sized from the input, so that tests can make
/// records straddle refills and buffer growth. Returns the previous setting; 0 restores the
/// normal sizing.
std::size_t set_csv_buffer_bytes_for_testing(std::size_t bytes);

}  // namespace kamscore
