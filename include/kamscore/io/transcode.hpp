#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kamscore/io/byte_source.hpp"

namespace kamscore {

/// The encoding a CSV file is declared to have (rule file `input.encoding`, --encoding).
/// A byte-order mark in the file overrides it.
enum class TextEncoding { Utf8, Windows1252, Latin1 };

/// "utf-8", "utf8", "windows-1252", "cp1252", "latin-1", "latin1", "iso-8859-1", "iso8859-1",
/// in any case; nullopt for anything else.
std::optional<TextEncoding> text_encoding_from_name(std::string_view name);

/// A sequence of bytes that is not valid UTF-8, in UTF-8 input read with keep_invalid_utf8.
struct InvalidSequence {
    std::uint64_t offset = 0;   ///< of its first byte, in the input (= in the bytes handed out)
    unsigned char byte = 0;     ///< its first byte
};

/// A file read as Windows-1252 that looks UTF-8: where it first shows, and how it reads.
struct Utf8LookAlike {
    std::uint64_t line = 0;   ///< the physical line (1-based) of the first multi-byte sequence
    std::string as_read;      ///< the text around it as read ("MÃ¼ller GmbH")
    std::string as_utf8;      ///< the same bytes read as UTF-8 ("Müller GmbH")
};

/// A source that delivers UTF-8 whatever the file holds. Built by decode_to_utf8().
class DecodingSource : public ByteSource {
public:
    /// Windows-1252 (and Latin-1) input whose bytes read so far are all valid UTF-8 with at
    /// least one multi-byte sequence: such a file is most likely UTF-8 declared wrongly. The
    /// check runs on the bytes as they are converted (no second pass) and stops at the first
    /// byte that is not UTF-8, which in a real Windows-1252 file is its first umlaut.
    /// nullopt for every other input.
    virtual std::optional<Utf8LookAlike> looks_like_utf8() const { return std::nullopt; }

    /// With keep_invalid_utf8: the invalid sequences among the bytes handed out so far, in
    /// input order; the caller takes them off the front as it consumes the bytes. Always
    /// empty without it, and for input that is not UTF-8.
    std::deque<InvalidSequence>& invalid_sequences() { return invalid_; }

    /// The encoding actually read, for messages: "UTF-8", "UTF-16 LE", "Windows-1252", ...
    virtual const char* encoding() const = 0;
    /// True when the delivered bytes differ from the file's (anything but UTF-8 input).
    virtual bool is_converted() const = 0;
    /// True when the file starts with a byte-order mark (UTF-8 or UTF-16).
    virtual bool has_byte_order_mark() const = 0;

protected:
    std::deque<InvalidSequence> invalid_;
};

/// Wraps `source` so that it delivers valid UTF-8. The first 4 KiB are looked at first:
/// - a UTF-16 LE/BE byte-order mark: converted to UTF-8 (the mark itself is dropped);
/// - a UTF-8 byte-order mark: read as UTF-8 whatever `declared` says (the mark is kept, for
///   CsvReader to strip);
/// - a UTF-32 mark, or the signature of a binary format (zip/.xlsx, .xls, PDF, gzip, HTML, NUL
///   bytes): throws Error(BadData) saying what the file looks like and what to do;
/// - otherwise `declared`: UTF-8 is validated in place (no copy); Windows-1252 and Latin-1
///   are converted (Latin-1 is read as Windows-1252, as browsers do: its 0x80-0x9F control
///   codes never occur in real exports, while € and „ do).
/// Input that is not valid in its encoding makes read() throw InvalidTextError, except with
/// `keep_invalid_utf8` for UTF-8 input: the bad bytes are then handed out as they are, and
/// each invalid sequence is noted in invalid_sequences() (a reader rejects the records that
/// hold them). Reading goes on after it, as a decoder replacing it with U+FFFD would.
std::unique_ptr<DecodingSource> decode_to_utf8(std::unique_ptr<ByteSource> source, const std::string& display_name,
                                               TextEncoding declared, bool keep_invalid_utf8 = false);

/// A streaming UTF-8 validator: feed it the input in pieces of any size.
class Utf8Validator {
public:
    /// Checks `size` more bytes. Returns `size` when they are valid so far (the last sequence
    /// may still be incomplete), else the index in `bytes` at which the input became invalid;
    /// error_offset() and error_byte() then tell where the bad sequence starts.
    std::size_t check(const char* bytes, std::size_t size);
    /// True when the bytes so far end between two characters (false: inside a sequence).
    bool is_complete() const { return pending_ == 0; }
    /// Input offset (0-based) of the first byte of the invalid or truncated sequence.
    std::uint64_t error_offset() const { return lead_offset_; }
    unsigned char error_byte() const { return lead_byte_; }
    /// Bytes checked so far.
    std::uint64_t offset() const { return offset_; }
    /// Where the first multi-byte sequence started, once one has been seen.
    std::optional<std::uint64_t> first_multibyte_offset() const { return first_multibyte_offset_; }
    /// After check() stopped at an invalid sequence: forgets it, to check on after it. Returns
    /// how many bytes at the stop to step over: 1 for a byte that cannot start a sequence, 0
    /// when the stop is a byte that cannot continue one (it may start the next).
    std::size_t skip_invalid();

private:
    std::uint64_t offset_ = 0;
    std::uint64_t lead_offset_ = 0;
    unsigned char lead_byte_ = 0;
    unsigned char pending_ = 0;   // continuation bytes still expected
    unsigned char low_ = 0x80;    // range of the next continuation byte
    unsigned char high_ = 0xBF;
    std::optional<std::uint64_t> first_multibyte_offset_;
};

}  // namespace kamscore
