#include "kamscore/io/transcode.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "kamscore/error.hpp"

namespace kamscore {
namespace {

// Enough to see a file's signature, a BOM-less UTF-16 pattern or NUL bytes, and small enough
// that copying it once costs nothing.
constexpr std::size_t sniffed_bytes = 4096;

std::string ascii_lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

std::uint64_t load_word(const unsigned char* at) {
    std::uint64_t word;
    std::memcpy(&word, at, sizeof word);
    return word;
}

constexpr std::uint64_t high_bits = 0x8080808080808080ULL;

// UTF-8 bytes of one Windows-1252 character.
constexpr std::size_t max_utf8_bytes_per_byte = 3;

/// Writes `code_point` as UTF-8; returns the bytes written (1 to 4).
std::size_t put_utf8(char* out, std::uint32_t code_point) {
    if (code_point < 0x80) {
        out[0] = static_cast<char>(code_point);
        return 1;
    }
    if (code_point < 0x800) {
        out[0] = static_cast<char>(0xC0 | (code_point >> 6));
        out[1] = static_cast<char>(0x80 | (code_point & 0x3F));
        return 2;
    }
    if (code_point < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (code_point >> 12));
        out[1] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (code_point & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (code_point >> 18));
    out[1] = static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (code_point & 0x3F));
    return 4;
}

// Windows-1252 0x80-0x9F; the five bytes it leaves undefined map to the C1 control with the
// same number, as the WHATWG Encoding Standard does, so that no byte is an error.
constexpr std::uint16_t windows_1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

struct ByteOrderMark {
    std::string_view bytes;
    const char* encoding;
    const char* iconv_name;
};

// UTF-32 LE first: its mark begins with the UTF-16 LE one.
constexpr ByteOrderMark utf32_marks[] = {
    {{"\xFF\xFE\x00\x00", 4}, "UTF-32 LE", "UTF-32"},
    {{"\x00\x00\xFE\xFF", 4}, "UTF-32 BE", "UTF-32"},
};
constexpr std::string_view utf16le_mark = "\xFF\xFE";
constexpr std::string_view utf16be_mark = "\xFE\xFF";
constexpr std::string_view utf8_mark = "\xEF\xBB\xBF";

/// What a file that is not CSV text looks like, and what to do, or nullopt when it may be text.
std::optional<std::string> binary_format(std::string_view head) {
    if (head.starts_with("PK\x03\x04") || head.starts_with("PK\x05\x06")) {
        if (head.find("opendocument.spreadsheet") != std::string_view::npos)
            return "it looks like an OpenDocument spreadsheet (.ods); save it as CSV (UTF-8) first";
        if (head.find("[Content_Types].xml") != std::string_view::npos || head.find("xl/") != std::string_view::npos)
            return "it looks like an Excel workbook (.xlsx); save it as CSV (UTF-8) first";
        return "it looks like a zip archive (an Excel .xlsx workbook is one); save it as CSV (UTF-8) first";
    }
    if (head.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
        return "it looks like an old Excel workbook (.xls); save it as CSV (UTF-8) first";
    if (head.starts_with("%PDF-")) return "it looks like a PDF document; export the report as CSV instead";
    if (head.starts_with("\x1F\x8B"))
        return "it is gzip-compressed; decompress it first (gunzip, or pipe it through zcat)";
    std::string_view text = head;
    if (text.starts_with(utf8_mark)) text.remove_prefix(utf8_mark.size());
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n'))
        text.remove_prefix(1);
    const std::string start = ascii_lower(text.substr(0, 16));
    if (start.starts_with("<!doctype html") || start.starts_with("<html") || start.starts_with("<table"))
        return "it looks like an HTML page (some CRMs save their \"Excel\" exports as HTML); open it in a "
               "spreadsheet and save it as CSV (UTF-8)";

    // Excel's "Unicode Text" without its byte-order mark: every other byte is NUL.
    std::size_t even_nuls = 0;
    std::size_t odd_nuls = 0;
    for (std::size_t i = 0; i < head.size(); ++i)
        if (head[i] == '\0') ++(i % 2 == 0 ? even_nuls : odd_nuls);
    if (even_nuls + odd_nuls == 0) return std::nullopt;
    const std::size_t pairs = head.size() / 2;
    if (even_nuls == 0 && odd_nuls * 4 >= pairs)
        return "it looks like UTF-16 LE text without a byte-order mark; save it as CSV (UTF-8), or convert "
               "it with iconv -f UTF-16LE -t UTF-8";
    if (odd_nuls == 0 && even_nuls * 4 >= pairs)
        return "it looks like UTF-16 BE text without a byte-order mark; save it as CSV (UTF-8), or convert "
               "it with iconv -f UTF-16BE -t UTF-8";
    return "it contains NUL bytes, so it is binary data; export the data as CSV (UTF-8)";
}

/// What the first bytes decide.
enum class Reading { Utf8, Utf8WithMark, Utf16Le, Utf16Be, Windows1252 };

/// Serves the sniffed head first, then the wrapped source.
class SniffedSource : public DecodingSource {
public:
    SniffedSource(std::unique_ptr<ByteSource> source, std::string head, std::size_t skip)
        : source_(std::move(source)), head_(std::move(head)), head_position_(skip), raw_offset_(skip) {}

    std::optional<std::uint64_t> size() const override { return source_->size(); }

protected:
    /// Reads undecoded bytes; returns 0 at the end of input.
    std::size_t read_raw(char* buffer, std::size_t capacity) {
        std::size_t count;
        if (head_position_ < head_.size()) {
            count = std::min(capacity, head_.size() - head_position_);
            std::memcpy(buffer, head_.data() + head_position_, count);
            head_position_ += count;
        } else {
            count = source_->read(buffer, capacity);
        }
        raw_offset_ += count;
        return count;
    }
    /// Input offset of the byte read_raw() returns next.
    std::uint64_t raw_offset() const { return raw_offset_; }

private:
    std::unique_ptr<ByteSource> source_;
    std::string head_;
    std::size_t head_position_;
    std::uint64_t raw_offset_;
};

/// UTF-8 input: the caller's buffer is filled by the wrapped source and checked where it lies.
class Utf8Source final : public SniffedSource {
public:
    Utf8Source(std::unique_ptr<ByteSource> source, std::string head, bool has_mark, bool keep_invalid)
        : SniffedSource(std::move(source), std::move(head), 0), has_mark_(has_mark), keep_invalid_(keep_invalid) {}

    std::size_t read(char* buffer, std::size_t capacity) override {
        if (keep_invalid_) return read_keeping_invalid(buffer, capacity);
        if (failed_) throw InvalidTextError{error_message(), validator_.error_offset()};
        const std::size_t count = read_raw(buffer, capacity);
        if (count == 0) {
            if (!validator_.is_complete()) fail();
            return 0;
        }
        const std::size_t valid = validator_.check(buffer, count);
        if (valid == count) return count;
        failed_ = true;
        // Hand out what came before the bad byte first, so that the caller knows its line.
        if (valid > 0) return valid;
        fail();
    }

    const char* encoding() const override { return "UTF-8"; }
    bool is_converted() const override { return false; }
    bool has_byte_order_mark() const override { return has_mark_; }

private:
    [[noreturn]] void fail() {
        failed_ = true;
        throw InvalidTextError{error_message(), validator_.error_offset()};
    }

    std::size_t read_keeping_invalid(char* buffer, std::size_t capacity) {
        const std::size_t count = read_raw(buffer, capacity);
        if (count == 0) {
            // A sequence cut off by the end of the input.
            if (!validator_.is_complete()) {
                invalid_.push_back({validator_.error_offset(), validator_.error_byte()});
                validator_ = Utf8Validator{};
            }
            return 0;
        }
        for (std::size_t at = 0; at < count;) {
            const std::size_t valid = validator_.check(buffer + at, count - at);
            if (valid == count - at) break;
            invalid_.push_back({validator_.error_offset(), validator_.error_byte()});
            at += valid + validator_.skip_invalid();
        }
        return count;
    }

    std::string error_message() const {
        const std::string where =
            fmt::format("invalid UTF-8 at byte offset {} (0x{:02X})", validator_.error_offset(), validator_.error_byte());
        if (has_mark_)
            return where + ": the file starts with a UTF-8 byte-order mark but is not UTF-8 throughout; was it "
                           "pieced together from files in different encodings?";
        return where + ": the file is probably Windows-1252 (German Excel, SAP); add 'encoding: windows-1252' "
                       "under 'input:' or pass --encoding windows-1252";
    }

    Utf8Validator validator_;
    bool has_mark_;
    bool keep_invalid_;
    bool failed_ = false;
};

/// Converting sources decode into the caller's buffer, whole characters at a time; for a
/// caller with less than 4 bytes of room a character is decoded aside and handed out in parts
/// (returning 0 would mean the end of input).
class ConvertingSource : public SniffedSource {
public:
    using SniffedSource::SniffedSource;

    std::size_t read(char* buffer, std::size_t capacity) final {
        if (capacity == 0) return 0;
        if (spare_begin_ < spare_end_) {
            const std::size_t count = std::min(capacity, spare_end_ - spare_begin_);
            std::memcpy(buffer, spare_.data() + spare_begin_, count);
            spare_begin_ += count;
            return count;
        }
        if (failure_) throw InvalidTextError{*failure_, std::nullopt};
        if (capacity >= max_utf8_bytes) return produce(buffer, capacity);
        spare_begin_ = 0;
        spare_end_ = produce(spare_.data(), spare_.size());
        return spare_end_ == 0 ? 0 : read(buffer, capacity);
    }

    bool is_converted() const override { return true; }

protected:
    static constexpr std::size_t max_utf8_bytes = 4;
    static constexpr std::size_t input_bytes = std::size_t{64} << 10;

    /// Decodes from in_[in_begin_, in_end_) into `out` (room for at least 4 bytes); returns
    /// the bytes written. Sets failure_ at bad input (after writing what came before it).
    virtual std::size_t decode(char* out, std::size_t room) = 0;
    /// Called at the end of input with in_[in_begin_, in_end_) left over (an incomplete character).
    virtual void finish_input() {}
    /// Sees every input byte once, in order, as it is read.
    virtual void inspect_raw(const unsigned char* /*bytes*/, std::size_t /*size*/) {}

    /// Input offset of in_[index].
    std::uint64_t offset_of(std::size_t index) const { return raw_offset() - (in_end_ - index); }

    std::array<unsigned char, input_bytes> in_{};
    std::size_t in_begin_ = 0;
    std::size_t in_end_ = 0;
    std::optional<std::string> failure_;

private:
    std::size_t produce(char* out, std::size_t room) {
        for (;;) {
            const std::size_t count = decode(out, room);
            if (count > 0) return count;
            if (failure_) throw InvalidTextError{*failure_, std::nullopt};
            // decode() leaves at most an incomplete character: move it to the front and read on.
            const std::size_t left = in_end_ - in_begin_;
            std::memmove(in_.data(), in_.data() + in_begin_, left);
            in_begin_ = 0;
            in_end_ = left;
            const std::size_t got = read_raw(reinterpret_cast<char*>(in_.data()) + left, in_.size() - left);
            inspect_raw(in_.data() + left, got);
            in_end_ += got;
            if (got == 0) {
                if (left > 0) finish_input();
                if (failure_) throw InvalidTextError{*failure_, std::nullopt};
                return 0;
            }
        }
    }

    std::array<char, max_utf8_bytes> spare_{};
    std::size_t spare_begin_ = 0;
    std::size_t spare_end_ = 0;
};

/// The Windows-1252 reading of `bytes`, as UTF-8.
std::string windows_1252_to_utf8(std::string_view bytes) {
    std::string text;
    char encoded[max_utf8_bytes_per_byte];
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80) text += c;
        else text.append(encoded, put_utf8(encoded, byte < 0xA0 ? windows_1252_high[byte - 0x80] : byte));
    }
    return text;
}

/// Watches the bytes of a file declared Windows-1252 for signs that it is UTF-8 (see
/// DecodingSource::looks_like_utf8). Stops at the first byte that is not UTF-8.
class Utf8LookAlikeWatch {
public:
    void see(const unsigned char* bytes, std::size_t size) {
        if (!is_utf8_) return;
        const std::uint64_t start = validator_.offset();
        if (validator_.check(reinterpret_cast<const char*>(bytes), size) < size) {
            is_utf8_ = false;
            return;
        }
        const std::string_view piece(reinterpret_cast<const char*>(bytes), size);
        if (found_line_ != 0) {
            // The sample's cell may go on in this piece.
            if (context_.size() < at_ + reach) context_.append(piece.substr(0, at_ + reach - context_.size()));
            return;
        }
        const auto first = validator_.first_multibyte_offset();
        const std::size_t until = first ? static_cast<std::size_t>(*first - start) : size;
        for (std::size_t i = 0; i < until; ++i) {
            const unsigned char c = bytes[i];
            if (c == '\r' || (c == '\n' && !last_was_cr_)) ++line_;
            last_was_cr_ = c == '\r';
        }
        if (first) {
            found_line_ = line_;
            at_ = tail_.size() + until;
            context_ = tail_ + std::string(piece.substr(0, until + reach));
        } else {
            // Kept for the sample: the cell before a sequence may start in an earlier piece.
            tail_ += piece.substr(piece.size() > reach ? piece.size() - reach : 0);
            if (tail_.size() > reach) tail_.erase(0, tail_.size() - reach);
        }
    }

    std::optional<Utf8LookAlike> result() const {
        if (!is_utf8_ || found_line_ == 0) return std::nullopt;
        Utf8LookAlike look{found_line_, "", sample()};
        look.as_read = windows_1252_to_utf8(look.as_utf8);
        return look;
    }

private:
    static constexpr std::size_t reach = 30;

    /// The cell around context_[at_]: up to `reach` bytes either side, within the line and
    /// between delimiters or quotes, cut at character boundaries and trimmed of spaces.
    std::string sample() const {
        const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(context_[i]); };
        const auto ends_cell = [](unsigned char c) {
            return c == ',' || c == ';' || c == '\t' || c == '|' || c == '"' || c == '\r' || c == '\n';
        };
        const auto continues = [](unsigned char c) { return (c & 0xC0) == 0x80; };
        const std::size_t size = context_.size();
        std::size_t begin = at_;
        while (begin > 0 && at_ - begin < reach && !ends_cell(byte(begin - 1))) --begin;
        while (begin < at_ && continues(byte(begin))) ++begin;
        std::size_t end = at_ + 1;
        while (end < size && (end - at_ < reach || continues(byte(end))) && !ends_cell(byte(end))) ++end;
        // A last sequence cut off where the bytes seen end is left out.
        std::size_t last = end - 1;
        while (last > at_ && continues(byte(last))) --last;
        if (byte(last) >= 0xC0) {
            const std::size_t length = byte(last) >= 0xF0 ? 4 : byte(last) >= 0xE0 ? 3 : 2;
            if (end - last < length) end = last;
        }
        while (begin < end && context_[begin] == ' ') ++begin;
        while (end > begin && context_[end - 1] == ' ') --end;
        return context_.substr(begin, end - begin);
    }

    Utf8Validator validator_;
    bool is_utf8_ = true;
    std::uint64_t line_ = 1;
    bool last_was_cr_ = false;
    std::string tail_;             // the last bytes before the first sequence was seen
    std::uint64_t found_line_ = 0;
    std::string context_;          // bytes around the first sequence
    std::size_t at_ = 0;           // where it starts in context_
};

class Windows1252Source final : public ConvertingSource {
public:
    using ConvertingSource::ConvertingSource;
    const char* encoding() const override { return "Windows-1252"; }
    bool has_byte_order_mark() const override { return false; }
    std::optional<Utf8LookAlike> looks_like_utf8() const override { return watch_.result(); }

private:
    void inspect_raw(const unsigned char* bytes, std::size_t size) override { watch_.see(bytes, size); }
    Utf8LookAlikeWatch watch_;

    std::size_t decode(char* out, std::size_t room) override {
        std::size_t written = 0;
        std::size_t i = in_begin_;
        const std::size_t end = in_end_;
        while (i < end && written + max_utf8_bytes <= room) {
            // Exports are mostly ASCII: copy it 8 bytes at a time.
            if (i + 8 <= end && written + 8 <= room && (load_word(&in_[i]) & high_bits) == 0) {
                std::memcpy(out + written, &in_[i], 8);
                i += 8;
                written += 8;
                continue;
            }
            const unsigned char byte = in_[i++];
            if (byte < 0x80) out[written++] = static_cast<char>(byte);
            else written += put_utf8(out + written, byte < 0xA0 ? windows_1252_high[byte - 0x80] : byte);
        }
        in_begin_ = i;
        return written;
    }
};

class Utf16Source final : public ConvertingSource {
public:
    Utf16Source(std::unique_ptr<ByteSource> source, std::string head, bool is_little_endian)
        : ConvertingSource(std::move(source), std::move(head), 2), is_little_endian_(is_little_endian) {}
    const char* encoding() const override { return is_little_endian_ ? "UTF-16 LE" : "UTF-16 BE"; }
    bool has_byte_order_mark() const override { return true; }

private:
    std::uint32_t unit(std::size_t at) const {
        return is_little_endian_ ? in_[at] | (std::uint32_t{in_[at + 1]} << 8)
                                 : (std::uint32_t{in_[at]} << 8) | in_[at + 1];
    }

    void fail_at(std::size_t at, std::string_view what) {
        failure_ = fmt::format("invalid {} at byte offset {}: {}; save the file again as CSV (UTF-8)", encoding(),
                               offset_of(at), what);
    }

    std::size_t decode(char* out, std::size_t room) override {
        std::size_t written = 0;
        std::size_t i = in_begin_;
        const std::size_t end = in_end_;
        while (i + 2 <= end && written + max_utf8_bytes <= room) {
            std::uint32_t code_point = unit(i);
            std::size_t length = 2;
            if (code_point >= 0xD800 && code_point <= 0xDBFF) {
                if (i + 4 > end) break;   // the low surrogate is in the next read
                const std::uint32_t low = unit(i + 2);
                if (low < 0xDC00 || low > 0xDFFF) {
                    fail_at(i, fmt::format("a high surrogate (0x{:04X}) without its low half", code_point));
                    break;
                }
                code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
                length = 4;
            } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
                fail_at(i, fmt::format("a low surrogate (0x{:04X}) without its high half", code_point));
                break;
            }
            written += put_utf8(out + written, code_point);
            i += length;
        }
        in_begin_ = i;
        return written;
    }

    void finish_input() override {
        fail_at(in_begin_, "the file ends in the middle of a character");
    }

    bool is_little_endian_;
};

Reading sniff(std::string_view head, const std::string& name, TextEncoding declared) {
    for (const auto& mark : utf32_marks)
        if (head.starts_with(mark.bytes))
            throw Error(ExitCode::BadData, fmt::format("'{}' is {} encoded: save it as UTF-8 CSV, or "
                                                       "convert it with iconv -f {} -t UTF-8",
                                                       name, mark.encoding, mark.iconv_name));
    if (head.starts_with(utf16le_mark)) return Reading::Utf16Le;
    if (head.starts_with(utf16be_mark)) return Reading::Utf16Be;
    if (auto what = binary_format(head))
        throw Error(ExitCode::BadData, fmt::format("'{}' is not a CSV text file: {}", name, *what));
    if (head.starts_with(utf8_mark)) return Reading::Utf8WithMark;
    return declared == TextEncoding::Utf8 ? Reading::Utf8 : Reading::Windows1252;
}

}  // namespace

std::optional<TextEncoding> text_encoding_from_name(std::string_view name) {
    const std::string lower = ascii_lower(name);
    if (lower == "utf-8" || lower == "utf8") return TextEncoding::Utf8;
    if (lower == "windows-1252" || lower == "cp1252") return TextEncoding::Windows1252;
    if (lower == "latin-1" || lower == "latin1" || lower == "iso-8859-1" || lower == "iso8859-1")
        return TextEncoding::Latin1;
    return std::nullopt;
}

std::size_t Utf8Validator::check(const char* bytes, std::size_t size) {
    const auto* const in = reinterpret_cast<const unsigned char*>(bytes);
    std::size_t i = 0;
    const auto stop = [&](std::size_t at) {
        offset_ += at;
        return at;
    };
    for (;;) {
        // Inside a sequence: each continuation byte must lie in [low_, high_].
        while (pending_ > 0) {
            if (i == size) return stop(i);
            if (in[i] < low_ || in[i] > high_) return stop(i);
            low_ = 0x80;
            high_ = 0xBF;
            --pending_;
            ++i;
        }
        // ASCII, 32 then 8 bytes at a time: exports are mostly ASCII, and this pass runs over
        // every byte read. (Plain 64-bit words measured faster here than SSE2 blocks of 64.)
        while (i + 32 <= size &&
               ((load_word(in + i) | load_word(in + i + 8) | load_word(in + i + 16) | load_word(in + i + 24)) &
                high_bits) == 0)
            i += 32;
        while (i + 8 <= size) {
            const std::uint64_t high = load_word(in + i) & high_bits;
            if (high != 0) {
                // On a little-endian machine the first byte is the lowest; elsewhere the
                // byte loop below finds it.
                if constexpr (std::endian::native == std::endian::little)
                    i += static_cast<std::size_t>(__builtin_ctzll(high)) / 8;
                break;
            }
            i += 8;
        }
        while (i < size && in[i] < 0x80) ++i;
        if (i == size) return stop(i);

        // A lead byte: how many continuation bytes follow and the range of the first one
        // (which excludes overlong forms, surrogates and code points past U+10FFFF).
        const unsigned char lead = in[i];
        lead_offset_ = offset_ + i;
        lead_byte_ = lead;
        if (lead >= 0xC2 && lead <= 0xDF) {
            pending_ = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            pending_ = 2;
            if (lead == 0xE0) low_ = 0xA0;
            if (lead == 0xED) high_ = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            pending_ = 3;
            if (lead == 0xF0) low_ = 0x90;
            if (lead == 0xF4) high_ = 0x8F;
        } else {
            return stop(i);
        }
        if (!first_multibyte_offset_) first_multibyte_offset_ = lead_offset_;
        ++i;
    }
}

std::size_t Utf8Validator::skip_invalid() {
    if (pending_ > 0) {
        pending_ = 0;
        low_ = 0x80;
        high_ = 0xBF;
        return 0;
    }
    ++offset_;
    return 1;
}

std::unique_ptr<DecodingSource> decode_to_utf8(std::unique_ptr<ByteSource> source, const std::string& display_name,
                                               TextEncoding declared, bool keep_invalid_utf8) {
    std::string head = read_up_to(*source, sniffed_bytes);
    switch (sniff(head, display_name, declared)) {
    case Reading::Utf16Le: return std::make_unique<Utf16Source>(std::move(source), std::move(head), true);
    case Reading::Utf16Be: return std::make_unique<Utf16Source>(std::move(source), std::move(head), false);
    case Reading::Windows1252: return std::make_unique<Windows1252Source>(std::move(source), std::move(head), 0);
    case Reading::Utf8WithMark:
        return std::make_unique<Utf8Source>(std::move(source), std::move(head), true, keep_invalid_utf8);
    case Reading::Utf8: break;
    }
    return std::make_unique<Utf8Source>(std::move(source), std::move(head), false, keep_invalid_utf8);
}

}  // namespace kamscore
