#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kamscore {

/// The first rows of a CSV export, as `kamscore init` looks at them: decoded to UTF-8,
/// split into fields.
struct CsvSample {
    std::string display_name;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;   ///< only rows with as many fields as the header
    std::vector<std::uint64_t> lines;              ///< each row's line in the file (parallel to rows)
    char delimiter = ',';
    std::string encoding = "utf-8";   ///< "utf-8", or "windows-1252" when the bytes are not UTF-8
    std::size_t bad_rows = 0;         ///< rows left out: wrong field count or malformed
    std::string sheet;                ///< a workbook's: the sheet read ("" for CSV)
};

/// Reads up to `max_rows` data rows from the first bytes of an export. `is_cut`: the bytes
/// stop before the end of the file, so the last, possibly partial, record is dropped.
/// Bytes that are not UTF-8 are read as Windows-1252 (German Excel and SAP exports).
/// Throws Error(BadData) for what is no CSV at all: a zip container (an .xlsx saved as .csv),
/// other binary data, an empty file; and as CsvReader does for UTF-16 and broken headers.
CsvSample read_csv_sample(const std::string& bytes, bool is_cut, const std::string& display_name,
                          std::size_t max_rows);

class RecordReader;

/// Reads up to `max_rows` data rows of an opened input (a workbook's sheet; `display_name`
/// is the file as the user named it).
CsvSample read_record_sample(RecordReader& reader, const std::string& display_name, std::size_t max_rows);

/// Up to `max_rows` data rows of `file` ("-": standard input): the first sheet of a workbook
/// (found by its content; "book.xlsx#Sheet 2" names another sheet), else the first 8 MiB of a
/// CSV export (read_csv_sample). Throws Error as opening and reading the file do.
CsvSample read_sample(const std::string& file, std::size_t max_rows);

/// Windows-1252 bytes as UTF-8 (the five undefined bytes become U+FFFD).
std::string windows_1252_to_utf8(const std::string& bytes);

}  // namespace kamscore
