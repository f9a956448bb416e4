// A record as every input reader hands it out, and the interface those readers share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/io/transcode.hpp"

namespace kamscore {

/// One record as read. Views are valid until the next call to RecordReader::next().
struct CsvRecord {
    std::vector<std::string_view> fields;   ///< unquoted and unescaped; bytes as in the file
    std::uint64_t line = 0;                  ///< 1-based physical line where the record starts
    std::uint64_t end_line = 0;              ///< 1-based physical line where it ends
    std::string_view raw;                    ///< the original bytes, including its line break(s)
    std::string problem;                     ///< non-empty: the record is malformed (e.g.
                                             ///< "unterminated quoted field"); fields are best effort
                                             ///< (with InvalidUtf8::BadRecord, not valid UTF-8)
};

/// What the records of an input are read from.
enum class InputFormat { Csv, Workbook };

/// The records of one input. Record views are valid until the next call to next().
/// A virtual call per record is the price of the choice; nothing is virtual per field.
class RecordReader {
public:
    virtual ~RecordReader() = default;

    /// The header's field names.
    virtual const std::vector<std::string>& header() const = 0;
    /// The header as a CSV line (the file's own bytes for CSV), with a line break when it had
    /// one: the first line of a --rejects file.
    virtual const std::string& header_raw() const = 0;
    /// Reads the next data record; false at the end of input. `raw` is the record as a CSV
    /// line (the file's own bytes for CSV), `line` the line or sheet row it starts on.
    virtual bool next(CsvRecord& record) = 0;
    /// The name used in messages: the path, or for a workbook "book.xlsx!Sheet1".
    virtual const std::string& display_name() const = 0;
    /// The encoding the input was read in: "UTF-8", "Windows-1252", ...; "xlsx" for a workbook.
    virtual const char* encoding() const = 0;
    /// The delimiter of the raw records ("," for a workbook, whose rows are written as CSV).
    virtual char delimiter() const = 0;
    /// Bytes consumed so far (for progress): of the file, or of a workbook sheet's XML.
    virtual std::uint64_t bytes_read() const = 0;
    /// After next() returned false: whether the last record ended with a line break (always
    /// true for a workbook: a sheet cannot be cut off inside a cell and still be read).
    virtual bool ended_with_line_break() const = 0;
    /// The line (sheet row) where the last record read starts.
    virtual std::uint64_t last_record_line() const = 0;

    /// The size of what bytes_read() counts when known (a file's size), for progress.
    virtual std::optional<std::uint64_t> input_size() const = 0;
    virtual InputFormat format() const = 0;
    /// The line (sheet row) of the header.
    virtual std::uint64_t header_line() const { return 1; }
    /// The sheet read, for a workbook; "" for CSV.
    virtual std::string sheet() const { return ""; }
    /// True when the bytes of fields and raw records are not the file's own (converted
    /// encoding, or cells of a workbook).
    virtual bool is_converted() const = 0;
    /// True when the input started with a byte-order mark.
    virtual bool has_byte_order_mark() const { return false; }
    /// Input read as Windows-1252 that looks UTF-8 (see CsvReader::looks_like_utf8).
    virtual std::optional<Utf8LookAlike> looks_like_utf8() const { return std::nullopt; }
    /// The delimiter detection would pick, and how many header fields it gives (CSV only).
    virtual char fitting_delimiter() const { return delimiter(); }
    virtual std::size_t fitting_header_fields() const { return header().size(); }
};

}  // namespace kamscore
