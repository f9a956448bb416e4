// The rows of a two-pass run's first pass that only the output reads, kept in a temporary file
// batch by batch instead of in memory (docs/architecture.md, "Two passes").
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "kamscore/table/column.hpp"

namespace kamscore {

/// A temporary file in `directory`, removed from the directory as soon as it is created (it
/// goes away with the process, whatever happens). Batches are appended with write(), then read
/// back in the same order with read() after rewind().
///
/// A batch is its row count, then each slot's cells: numbers as a coding byte and then 2-, 4-
/// or 8-byte cells (hundredths when every number of the batch comes back from them bit for
/// bit, else doubles), booleans 1 byte, texts as a 4-byte length each (0xFFFFFFFF: missing)
/// and then their bytes.
class RowSpill {
public:
    /// Throws Error(IoFailure) naming the directory when no file can be made there.
    explicit RowSpill(const std::string& directory);
    ~RowSpill();
    RowSpill(const RowSpill&) = delete;
    RowSpill& operator=(const RowSpill&) = delete;

    /// Appends rows [first, first + rows) of the `slots` of `frame`. Throws Error(IoFailure)
    /// when the file cannot be written (a full disk), naming the directory and what to do.
    void write(const Frame& frame, const std::vector<int>& slots, std::size_t first, std::size_t rows);
    /// Back to the first batch; everything written is on its way to the file.
    void rewind();
    /// Reads the next batch into the `slots` of `frame` (the same slots, in the same order, as
    /// written), appending to them; texts go into frame.arena. Returns its row count; 0 at the end.
    std::size_t read(Frame& frame, const std::vector<int>& slots);

    std::uint64_t bytes_written() const { return bytes_; }

private:
    void put(const void* data, std::size_t size);
    void get(void* data, std::size_t size);
    void put_numbers(const double* values, std::size_t count);
    void get_numbers(double* values, std::size_t count);
    [[noreturn]] void fail(const char* doing) const;

    std::string directory_;
    std::FILE* file_ = nullptr;
    std::uint64_t bytes_ = 0;
    std::vector<std::uint32_t> lengths_;   ///< reused for each text column
    std::string text_;                     ///< reused for each text column's bytes
    std::vector<std::int16_t> hundredths16_;   ///< reused for each number column's narrow cells
    std::vector<std::int32_t> hundredths32_;
};

}  // namespace kamscore
