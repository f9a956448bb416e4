#pragma once

#include <cstdint>

#include "kamscore/output/writer.hpp"

namespace kamscore {

/// An Excel workbook through libxlsxwriter in constant-memory mode: a sheet "Customers" with
/// typed cells (numbers as numbers, decimals shown with the column's number format, booleans
/// as booleans, dates as dates), a styled and frozen header row, an autofilter and column
/// widths from the data; rows past a sheet's limit continue on "Customers 2", "Customers 3",
/// ... each with its own header. A column with a caption (OutputColumn::caption) makes the
/// header two rows: the captions, then the names, which carry the filter buttons. Then the
/// caller's WriteOptions::sheets, in order. Text is repaired to valid UTF-8 and never a formula.
/// libxlsxwriter writes to a named file, so the workbook is built in a temporary directory
/// (TMPDIR) and then copied to `out`: a file or a pipe, never a terminal (Error(BadCommandLine)).
class XlsxWriter final : public Writer {
public:
    /// Excel's limit, header row included.
    static constexpr std::uint32_t max_rows_per_sheet = 1048576;
    /// Widest column, in Excel's character units: wider text is still all there.
    static constexpr double max_column_width = 50;

    explicit XlsxWriter(WriteOptions options, std::uint32_t rows_per_sheet = max_rows_per_sheet);
    void write(const OutputTable& table, std::FILE* out) override;

private:
    WriteOptions options_;
    std::uint32_t rows_per_sheet_;
};

}  // namespace kamscore
