#pragma once

#include <cstddef>

#include "kamscore/output/writer.hpp"

namespace kamscore {

/// An aligned table for terminals: header, a dashed line, rows. Widths count terminal columns
/// (UTF-8, wide CJK, combining marks); numbers right-aligned, everything else left-aligned;
/// cells wider than max_column_width are cut with "…". Columns that do not fit
/// options.terminal_width are left out and counted in a last line. Only in_flat_output columns.
class TableWriter final : public Writer {
public:
    static constexpr std::size_t max_column_width = 40;

    explicit TableWriter(WriteOptions options) : options_(std::move(options)) {}
    void write(const OutputTable& table, std::FILE* out) override;

private:
    WriteOptions options_;
};

}  // namespace kamscore
