#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/io/byte_source.hpp"

namespace kamscore {

/// How a CSV file is written. delimiter 0 means: detect from the header line.
struct CsvDialect {
    char delimiter = 0;                                ///< ',' ';' '\t' '|' or 0 = detect
    std::size_t max_record_bytes = std::size_t{64} << 20;   ///< cap on one record's size
};

/// One record as read. Views are valid until the next call to CsvReader::next().
struct CsvRecord {
    std::vector<std::string_view> fields;   ///< unquoted and unescaped; bytes as in the file
    std::uint64_t line = 0;                  ///< 1-based physical line where the record starts
    std::uint64_t end_line = 0;              ///< 1-based physical line where it ends
    std::string_view raw;                    ///< the original bytes, including its line break(s)
    std::string problem;                     ///< non-empty: the record is malformed (e.g.
                                             ///< "unterminated quoted field"); fields are best effort
};

/// A streaming RFC 4180 reader: quoted fields with "" escapes and line breaks inside quotes,
/// CR / LF / CRLF line ends (mixed too), a missing final line break, a UTF-8 byte-order mark,
/// blank lines (skipped, but counted in line numbers). Reads through a buffer that grows only
/// for records larger than the buffer, up to CsvDialect::max_record_bytes.
/// It does not convert encodings or values and does not check field counts: callers do.
/// Lenient where exporters are sloppy: a quote inside an unquoted field is an ordinary byte,
/// and text after a closing quote ("ab"c) keeps the field's bytes as written ("ab"c).
class CsvReader {
public:
    /// Reads the header record immediately. `display_name` is used in messages.
    /// Throws Error(BadData) for an empty input ("'x.csv' is empty: expected a header line"),
    /// a UTF-16/UTF-32 byte-order mark, a header with an unterminated quote, or a header
    /// record larger than the cap; Error(BadCommandLine) for a delimiter that is '"', CR or LF.
    CsvReader(std::unique_ptr<ByteSource> source, std::string display_name, CsvDialect dialect = {});
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    /// The header's field names (as in the file, BOM removed).
    const std::vector<std::string>& header() const;
    /// The delimiter in use (given or detected).
    char delimiter() const;
    const std::string& display_name() const;

    /// Reads the next data record into `record`; false at the end of input.
    /// A record larger than max_record_bytes throws Error(BadData) naming its start line.
    bool next(CsvRecord& record);

    /// Bytes consumed so far (for progress).
    std::uint64_t bytes_read() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Picks the delimiter among , ; TAB | that occurs most often outside quotes in
/// `header_line` (ties: , before ; before TAB before |); ',' when none occurs.
char detect_delimiter(std::string_view header_line);

}  // namespace kamscore
