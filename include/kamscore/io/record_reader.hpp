// One way to read the records of an input, whatever its format: a CSV text file (CsvReader)
// or a sheet of an Excel workbook (WorkbookReader). The run and every other reader of a data
// file (secondary sources, samples, result files) open their input with open_record_reader().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/io/csv_reader.hpp"
#include "kamscore/io/record.hpp"

namespace kamscore {

/// Which sheet of a workbook, and where its header is.
struct WorkbookOptions {
    std::string sheet;              ///< "" = the first sheet
    std::uint64_t header_row = 0;   ///< 1-based sheet row; 0 = the first row holding a value
    /// With no `sheet`: this one when the workbook has it ("Customers" for kamscore's own
    /// results), else the first.
    std::string preferred_sheet;
};

/// An input to open: a file ("-" for standard input) or bytes held in memory.
struct RecordInput {
    std::string path;                        ///< "" with `bytes`
    std::string display_name;
    const std::string* bytes = nullptr;      ///< the bytes themselves, instead of a file
    /// Applied to the bytes a CSV input is read from, before its reader sees them (to hash
    /// them as they are read); not to workbooks, which libzip reads by random access.
    std::function<std::unique_ptr<ByteSource>(std::unique_ptr<ByteSource>)> wrap_csv_source;
};

/// True when `bytes` start as a zip archive does ("PK\3\4"): an .xlsx/.xlsm workbook, or another
/// zip. The one test every reader of a data file uses to tell a workbook from text.
inline bool starts_like_zip(std::string_view bytes) { return bytes.starts_with("PK\x03\x04"); }

/// Opens the reader that fits the input's content: a zip (PK\3\4) is read as an Excel
/// workbook (.xlsx/.xlsm), anything else as CSV with `dialect`. A path "book.xlsx#Sheet 2"
/// that does not exist as written but whose part before the last '#' does names a sheet (it
/// wins over `workbook.sheet`). Standard input with workbook bytes is read into memory first.
/// Throws Error(BadData) for a workbook that cannot be read (password-protected, corrupt,
/// .xls, .ods, missing sheet), Error(IoFailure) when the file cannot be opened.
std::unique_ptr<RecordReader> open_record_reader(const RecordInput& input, const CsvDialect& dialect,
                                                 const WorkbookOptions& workbook = {});

/// A workbook cell's name: column 2 (0-based) of sheet row 7 is "C7".
std::string sheet_cell_name(std::size_t column, std::uint64_t row);

/// The CSV line of `fields` ("," delimiter; a field with , " CR LF or edge spaces quoted),
/// ending in "\n", appended to `line`.
void append_csv_line(std::string& line, const std::vector<std::string_view>& fields);

}  // namespace kamscore
