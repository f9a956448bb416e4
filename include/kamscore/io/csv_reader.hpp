#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/io/byte_source.hpp"
#include "kamscore/io/record.hpp"
#include "kamscore/io/transcode.hpp"

namespace kamscore {

/// What bytes that are not valid UTF-8 do, in input read as UTF-8.
enum class InvalidUtf8 {
    Stop,                 ///< an error naming the line, the byte column and the byte offset
    StopSuggestingSkip,   ///< the same, also saying that --skip-bad-rows leaves such rows out
    BadRecord,            ///< the record holding them gets a `problem` naming line and column
};

/// How a CSV file is written. delimiter 0 means: detect from the header and first records.
struct CsvDialect {
    char delimiter = 0;                                ///< ',' ';' '\t' '|' or 0 = detect
    std::size_t max_record_bytes = std::size_t{64} << 20;   ///< cap on one record's size (UTF-8 bytes)
    TextEncoding encoding = TextEncoding::Utf8;        ///< declared; a byte-order mark overrides it
    InvalidUtf8 invalid_utf8 = InvalidUtf8::Stop;      ///< (the header's are always an error)
};

/// A streaming RFC 4180 reader: quoted fields with "" escapes and line breaks inside quotes,
/// CR / LF / CRLF line ends (mixed too), a missing final line break, a UTF-8 byte-order mark,
/// blank lines (skipped, but counted in line numbers). Reads through a buffer that grows only
/// for records larger than the buffer, up to CsvDialect::max_record_bytes.
/// Input goes through decode_to_utf8() first, so fields are valid UTF-8 (but those of a
/// record whose `problem` is invalid UTF-8, see InvalidUtf8::BadRecord).
/// It does not convert values and does not check field counts: callers do.
/// Lenient where exporters are sloppy: a quote inside an unquoted field is an ordinary byte,
/// and text after a closing quote ("ab"c) keeps the field's bytes as written ("ab"c).
class CsvReader final : public RecordReader {
public:
    /// Reads the header record immediately. `display_name` is used in messages.
    /// Throws Error(BadData) for an empty input ("'x.csv' is empty: expected a header line"),
    /// a file that is not text (see decode_to_utf8), a header with an unterminated quote, or
    /// a header record larger than the cap; Error(BadCommandLine) for a delimiter that is
    /// '"', CR or LF.
    CsvReader(std::unique_ptr<ByteSource> source, std::string display_name, CsvDialect dialect = {});
    ~CsvReader() override;
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    /// The header's field names (as in the file, BOM removed).
    const std::vector<std::string>& header() const override;
    /// The header record's bytes as read (UTF-8, BOM removed), with its line break if it had one.
    const std::string& header_raw() const override;
    /// The encoding the input was read in: "UTF-8", "UTF-16 LE", "Windows-1252", ...
    const char* encoding() const override;
    /// True when the bytes of fields and raw records are not the file's own (it was converted).
    bool is_converted() const override;
    /// True when the input started with a byte-order mark.
    bool has_byte_order_mark() const override;
    /// Input read as Windows-1252 that looks UTF-8 in the bytes read so far (see
    /// DecodingSource::looks_like_utf8); nullopt otherwise.
    std::optional<Utf8LookAlike> looks_like_utf8() const override;
    /// The delimiter in use (given or detected).
    char delimiter() const override;
    /// The delimiter detection picks on the header and the first records, also when one was
    /// given, and how many fields it splits the header line into: a given delimiter that
    /// differs and leaves the header one column is most likely the wrong one.
    char fitting_delimiter() const override;
    std::size_t fitting_header_fields() const override;
    const std::string& display_name() const override;

    /// Reads the next data record into `record`; false at the end of input.
    /// A record larger than max_record_bytes throws Error(BadData) naming its start line;
    /// input invalid in its encoding throws Error(BadData) naming the line, the byte column
    /// (UTF-8 input) and the byte offset:
    ///   x.csv:1532:17: invalid UTF-8 at byte offset 88231 (0xE4): the file is probably ...
    /// With InvalidUtf8::BadRecord such a record is returned with a problem instead:
    ///   invalid UTF-8 on line 1532 at byte column 17 (0xE4); if the whole file is ...
    bool next(CsvRecord& record) override;

    /// After next() returned false: whether the input's last record (the header, when there is
    /// no other) ended with a line break. A file cut off in transfer usually ends without
    /// one, inside its last field ("44" for "44191.35"); exporters nearly always write one.
    bool ended_with_line_break() const override;
    /// The line where the last record read (the header, before any other) starts.
    std::uint64_t last_record_line() const override;

    /// Bytes consumed so far (for progress).
    std::uint64_t bytes_read() const override;
    std::optional<std::uint64_t> input_size() const override;
    InputFormat format() const override { return InputFormat::Csv; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Picks the delimiter among , ; TAB | for `sample`: the header line, possibly followed by
/// more records. Each candidate splits the sample as CSV (quotes respected); the one that
/// gives the header more than one field and the most records with the header's field count
/// wins, then the one giving the header more fields, then , before ; before TAB before |.
/// So `;` inside a `,` file's cells ("tags;list") does not win unless every record agrees.
/// A last record without a line break counts only when `is_whole` (the sample is the file).
/// ',' when nothing splits the header.
char detect_delimiter(std::string_view sample, bool is_whole = true);

}  // namespace kamscore
