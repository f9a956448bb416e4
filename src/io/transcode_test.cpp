#include "kamscore/io/transcode.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kamscore/error.hpp"

using namespace kamscore;

namespace {

/// Hands out its bytes at most `chunk` per read() and remembers where it was asked to write.
class RecordingSource : public ByteSource {
public:
    RecordingSource(std::string bytes, std::size_t chunk) : bytes_(std::move(bytes)), chunk_(chunk) {}
    std::size_t read(char* buffer, std::size_t capacity) override {
        targets.push_back(buffer);
        const std::size_t count = std::min(std::min(capacity, chunk_), bytes_.size() - position_);
        bytes_.copy(buffer, count, position_);
        position_ += count;
        return count;
    }
    std::vector<const char*> targets;

private:
    std::string bytes_;
    std::size_t chunk_;
    std::size_t position_ = 0;
};

struct Decoded {
    std::string text;
    std::string error;   ///< InvalidTextError's message, or empty
    std::string encoding;
};

/// Reads everything through decode_to_utf8, asking for `capacity` bytes per read().
Decoded decode(std::string bytes, TextEncoding declared = TextEncoding::Utf8, std::size_t capacity = 1 << 16,
               std::size_t chunk = 1 << 20) {
    Decoded decoded;
    auto source = decode_to_utf8(std::make_unique<RecordingSource>(std::move(bytes), chunk), "x.csv", declared);
    decoded.encoding = source->encoding();
    std::string buffer(capacity, '\0');
    try {
        while (const std::size_t count = source->read(buffer.data(), buffer.size())) decoded.text.append(buffer, 0, count);
    } catch (const InvalidTextError& invalid) {
        decoded.error = invalid.message;
    }
    return decoded;
}

std::string refusal(std::string bytes, TextEncoding declared = TextEncoding::Utf8) {
    try {
        decode(std::move(bytes), declared);
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadData);
        return located_message(error);
    }
    return "(no error)";
}

/// The first invalid offset Utf8Validator finds in `bytes` fed whole, or -1.
long long first_invalid(const std::string& bytes) {
    Utf8Validator validator;
    const std::size_t valid = validator.check(bytes.data(), bytes.size());
    if (valid < bytes.size() || !validator.is_complete()) return static_cast<long long>(validator.error_offset());
    return -1;
}

std::string utf16le(std::u16string_view text) {
    std::string bytes = "\xFF\xFE";
    for (const char16_t unit : text) {
        bytes += static_cast<char>(unit & 0xFF);
        bytes += static_cast<char>(unit >> 8);
    }
    return bytes;
}

std::string utf16be(std::u16string_view text) {
    std::string bytes = "\xFE\xFF";
    for (const char16_t unit : text) {
        bytes += static_cast<char>(unit >> 8);
        bytes += static_cast<char>(unit & 0xFF);
    }
    return bytes;
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("encoding names are those the rule file accepts, in any case") {
    CHECK(text_encoding_from_name("UTF-8") == TextEncoding::Utf8);
    CHECK(text_encoding_from_name("utf8") == TextEncoding::Utf8);
    CHECK(text_encoding_from_name("Windows-1252") == TextEncoding::Windows1252);
    CHECK(text_encoding_from_name("cp1252") == TextEncoding::Windows1252);
    CHECK(text_encoding_from_name("latin-1") == TextEncoding::Latin1);
    CHECK(text_encoding_from_name("ISO-8859-1") == TextEncoding::Latin1);
    CHECK_FALSE(text_encoding_from_name("utf-16").has_value());
    CHECK_FALSE(text_encoding_from_name("").has_value());
}

TEST_CASE("the UTF-8 validator accepts every well-formed sequence") {
    CHECK(first_invalid("plain ASCII, longer than thirty-two bytes in one go") == -1);
    CHECK(first_invalid("M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xEF\xBF\xBF") == -1);
    CHECK(first_invalid(std::string("a\0b", 3)) == -1);
    CHECK(first_invalid("") == -1);
}

TEST_CASE("the UTF-8 validator names the first byte of a bad sequence") {
    CHECK(first_invalid("abc\x80") == 3);                      // a continuation byte alone
    CHECK(first_invalid("M\xFCller") == 1);                    // Windows-1252 ü
    CHECK(first_invalid("Gr\xE4\xDF" "e") == 2);               // ä then ß: not a continuation
    CHECK(first_invalid("\xC0\xAF") == 0);                     // overlong '/'
    CHECK(first_invalid("\xC1\xBF") == 0);
    CHECK(first_invalid("x\xE0\x80\x80") == 1);                // overlong three-byte form
    CHECK(first_invalid("xy\xED\xA0\x80") == 2);               // a UTF-16 surrogate
    CHECK(first_invalid("\xF0\x80\x80\x80") == 0);             // overlong four-byte form
    CHECK(first_invalid("\xF4\x90\x80\x80") == 0);             // past U+10FFFF
    CHECK(first_invalid("\xF5\x80\x80\x80") == 0);
    CHECK(first_invalid("ok \xFF") == 3);
    CHECK(first_invalid("ends in \xE2\x82") == 8);             // truncated at the end
    CHECK(first_invalid(std::string(40, 'a') + "\xE4;" + std::string(40, 'b')) == 40);
}

TEST_CASE("the UTF-8 validator gives the same answer however the input is split") {
    const std::string samples[] = {
        "M\xC3\xBCller;\xE2\x82\xAC 12;\xF0\x9F\x98\x80" + std::string(50, 'z') + "\xC3\xA9",
        "abc" + std::string(37, 'q') + "\xE2\x82" + "x",
        std::string(70, 'a') + "\xF0\x9F\x98",
        "\xED\xA0\x80",
    };
    for (const std::string& sample : samples) {
        const long long whole = first_invalid(sample);
        for (std::size_t split = 0; split <= sample.size(); ++split) {
            CAPTURE(split);
            Utf8Validator validator;
            long long found = -1;
            if (validator.check(sample.data(), split) < split) {
                found = static_cast<long long>(validator.error_offset());
            } else if (validator.check(sample.data() + split, sample.size() - split) < sample.size() - split ||
                       !validator.is_complete()) {
                found = static_cast<long long>(validator.error_offset());
            }
            CHECK(found == whole);
        }
    }
}

TEST_CASE("valid UTF-8 is passed on unchanged and read straight into the caller's buffer") {
    const std::string text = "id,name\n1,M\xC3\xBCller\n" + std::string(10000, 'x') + "\n";
    for (const std::size_t capacity : {std::size_t{1}, std::size_t{3}, std::size_t{4096}, std::size_t{1} << 16}) {
        CAPTURE(capacity);
        const Decoded decoded = decode(text, TextEncoding::Utf8, capacity);
        CHECK(decoded.text == text);
        CHECK(decoded.error.empty());
        CHECK(decoded.encoding == "UTF-8");
    }
    auto recording = std::make_unique<RecordingSource>(text, 1 << 20);
    RecordingSource& inner = *recording;
    auto source = decode_to_utf8(std::move(recording), "x.csv", TextEncoding::Utf8);
    CHECK_FALSE(source->is_converted());
    std::string buffer(1 << 16, '\0');
    std::size_t total = source->read(buffer.data(), buffer.size());   // the sniffed head
    CHECK(total == 4096);
    const std::size_t count = source->read(buffer.data(), buffer.size());
    CHECK(count == text.size() - 4096);
    CHECK(inner.targets.back() == buffer.data());
}

TEST_CASE("invalid UTF-8 is reported after the bytes before it are handed out") {
    const std::string text = "id,name\n1,M\xFCller\n";
    auto source = decode_to_utf8(string_byte_source(text), "x.csv", TextEncoding::Utf8);
    std::string buffer(100, '\0');
    CHECK(source->read(buffer.data(), buffer.size()) == 11);
    CHECK(buffer.substr(0, 11) == "id,name\n1,M");
    try {
        source->read(buffer.data(), buffer.size());
        FAIL("expected InvalidTextError");
    } catch (const InvalidTextError& invalid) {
        CHECK(invalid.message ==
              "invalid UTF-8 at byte offset 11 (0xFC): the file is probably Windows-1252 (German Excel, SAP); add "
              "'encoding: windows-1252' under 'input:' or pass --encoding windows-1252");
    }
    CHECK(decode("a\n\xE2\x82").error.starts_with("invalid UTF-8 at byte offset 2 (0xE2): "));
    CHECK(decode("\xEF\xBB\xBF" "a\n\xE4").error ==
          "invalid UTF-8 at byte offset 5 (0xE4): the file starts with a UTF-8 byte-order mark but is not UTF-8 "
          "throughout; was it pieced together from files in different encodings?");
}

TEST_CASE("Windows-1252 and Latin-1 are converted to UTF-8") {
    const std::string bytes = "Name;Umsatz\r\nM\xFCller GmbH;1.250.000,00 \x80\r\n\x84Gr\xFC\xDF" "e\x93;\x96\x81\xFF\r\n";
    const std::string expected =
        "Name;Umsatz\r\nM\xC3\xBCller GmbH;1.250.000,00 \xE2\x82\xAC\r\n"
        "\xE2\x80\x9EGr\xC3\xBC\xC3\x9F" "e\xE2\x80\x9C;\xE2\x80\x93\xC2\x81\xC3\xBF\r\n";
    for (const TextEncoding declared : {TextEncoding::Windows1252, TextEncoding::Latin1}) {
        for (std::size_t capacity = 1; capacity <= expected.size() + 1; ++capacity) {
            CAPTURE(capacity);
            const Decoded decoded = decode(bytes, declared, capacity, 7);
            CHECK(decoded.text == expected);
            CHECK(decoded.error.empty());
            CHECK(decoded.encoding == "Windows-1252");
        }
    }
    const std::string long_ascii(100000, 'a');
    CHECK(decode(long_ascii + "\xE4", TextEncoding::Windows1252).text == long_ascii + "\xC3\xA4");
}

TEST_CASE("a byte-order mark overrides the declared encoding") {
    const Decoded decoded = decode("\xEF\xBB\xBFName\nM\xC3\xBCller\n", TextEncoding::Windows1252);
    CHECK(decoded.encoding == "UTF-8");
    CHECK(decoded.text == "\xEF\xBB\xBFName\nM\xC3\xBCller\n");
    CHECK(decode(utf16le(u"a"), TextEncoding::Windows1252).encoding == "UTF-16 LE");
}

TEST_CASE("UTF-16 with a byte-order mark is converted to UTF-8") {
    const std::u16string text = u"Kunde\tUmsatz\r\nM\u00FCller\t\u20AC 5\r\n\U0001F600\t\u4E2D\r\n";
    const std::string expected =
        "Kunde\tUmsatz\r\nM\xC3\xBCller\t\xE2\x82\xAC 5\r\n\xF0\x9F\x98\x80\t\xE4\xB8\xAD\r\n";
    for (std::size_t capacity = 1; capacity <= 12; ++capacity) {
        for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{1000}}) {
            CAPTURE(capacity);
            CAPTURE(chunk);
            const Decoded little = decode(utf16le(text), TextEncoding::Utf8, capacity, chunk);
            CHECK(little.text == expected);
            CHECK(little.error.empty());
            CHECK(little.encoding == "UTF-16 LE");
            const Decoded big = decode(utf16be(text), TextEncoding::Utf8, capacity, chunk);
            CHECK(big.text == expected);
            CHECK(big.encoding == "UTF-16 BE");
        }
    }
    // Long enough to need several reads of the source.
    const std::u16string long_text(100000, u'\u00E4');
    std::string long_expected;
    for (std::size_t i = 0; i < long_text.size(); ++i) long_expected += "\xC3\xA4";
    CHECK(decode(utf16le(long_text), TextEncoding::Utf8, 1000, 4097).text == long_expected);
}

TEST_CASE("broken UTF-16 is reported with its byte offset") {
    const std::u16string lone_high{u'a', char16_t{0xD83D}, u'b'};
    const Decoded high = decode(utf16le(lone_high));
    CHECK(high.text == "a");
    CHECK(high.error ==
          "invalid UTF-16 LE at byte offset 4: a high surrogate (0xD83D) without its low half; save the file "
          "again as CSV (UTF-8)");
    const std::u16string lone_low{u'a', u'b', char16_t{0xDE00}};
    CHECK(decode(utf16be(lone_low)).error.starts_with(
        "invalid UTF-16 BE at byte offset 6: a low surrogate (0xDE00) without its high half"));
    CHECK(decode(utf16le(u"ab") + "c").error.starts_with(
        "invalid UTF-16 LE at byte offset 6: the file ends in the middle of a character"));
    const std::u16string high_at_end{u'a', char16_t{0xD83D}};
    CHECK(decode(utf16le(high_at_end)).error.starts_with("invalid UTF-16 LE at byte offset 4: the file ends"));
}

TEST_CASE("a file that is not text is refused saying what it looks like") {
    const std::string prefix = "'x.csv' is not a CSV text file: ";
    CHECK(refusal(std::string("PK\x03\x04\x14\0\x06\0", 8) + "[Content_Types].xml") ==
          prefix + "it looks like an Excel workbook (.xlsx); save it as CSV (UTF-8) first");
    CHECK(refusal(std::string("PK\x03\x04\x14\0\0\0", 8) + "mimetypeapplication/vnd.oasis.opendocument.spreadsheet") ==
          prefix + "it looks like an OpenDocument spreadsheet (.ods); save it as CSV (UTF-8) first");
    CHECK(refusal(std::string("PK\x03\x04\x14\0\0\0", 8) + "notes.txt") ==
          prefix + "it looks like a zip archive (an Excel .xlsx workbook is one); save it as CSV (UTF-8) first");
    CHECK(refusal("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest") ==
          prefix + "it looks like an old Excel workbook (.xls); save it as CSV (UTF-8) first");
    CHECK(refusal("%PDF-1.7\n") == prefix + "it looks like a PDF document; export the report as CSV instead");
    CHECK(refusal("\x1F\x8B\x08") == prefix + "it is gzip-compressed; decompress it first (gunzip, or pipe it through zcat)");
    CHECK(refusal("\xEF\xBB\xBF\r\n<!DOCTYPE html><table>").starts_with(prefix + "it looks like an HTML page"));
    CHECK(refusal("<table><tr><td>1</td></tr></table>", TextEncoding::Windows1252).starts_with(prefix + "it looks like an HTML page"));
    CHECK(refusal(std::string("id,name\n1,\0\0\0x\n", 16)) ==
          prefix + "it contains NUL bytes, so it is binary data; export the data as CSV (UTF-8)");
    CHECK(refusal(std::string("i\0d\0\t\0n\0", 8)) ==
          prefix + "it looks like UTF-16 LE text without a byte-order mark; save it as CSV (UTF-8), or convert it "
                   "with iconv -f UTF-16LE -t UTF-8");
    CHECK(refusal(std::string("\0i\0d\0\t\0n", 8)).starts_with(prefix + "it looks like UTF-16 BE text"));
    CHECK(refusal(std::string("\xFF\xFE\0\0a\0\0\0", 8)) ==
          "'x.csv' is UTF-32 LE encoded: save it as UTF-8 CSV, or convert it with iconv -f UTF-32 -t UTF-8");
    CHECK(refusal(std::string("\0\0\xFE\xFF", 4)).starts_with("'x.csv' is UTF-32 BE encoded"));
    CHECK(refusal("id,name\n<html>,x\n") == "(no error)");
}
}

namespace {

/// What a Windows-1252 reading of `bytes` says about UTF-8, read in pieces of `chunk` bytes.
std::optional<Utf8LookAlike> look_alike(std::string bytes, std::size_t chunk = 1 << 20) {
    auto source = decode_to_utf8(std::make_unique<RecordingSource>(std::move(bytes), chunk), "x.csv",
                                 TextEncoding::Windows1252);
    std::string buffer(1 << 16, '\0');
    while (source->read(buffer.data(), buffer.size()) > 0) {}
    return source->looks_like_utf8();
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("a file declared Windows-1252 that is valid UTF-8 with multi-byte sequences looks UTF-8") {
    // Past the first 4 KiB (read at once to sniff the file) the pieces are `chunk` bytes: the
    // sample is the same wherever they end.
    const std::string text = "id;name\r\nA;" + std::string(5000, 'z') + "\r\nB;\"M\xC3\xBCller GmbH, Stuttgart\";x\r\n";
    for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{1} << 20}) {
        CAPTURE(chunk);
        const auto look = look_alike(text, chunk);
        REQUIRE(look.has_value());
        CHECK(look->line == 3);
        {
            CHECK(look->as_utf8 == "M\xC3\xBCller GmbH");
            CHECK(look->as_read == "M\xC3\x83\xC2\xBCller GmbH");   // "MÃ¼ller GmbH"
        }
    }
    CHECK(look_alike("a\nb\rc\r\n\n\xE2\x82\xAC 5\n")->line == 5);
    // A real Windows-1252 file: its first umlaut is not UTF-8, whatever follows.
    CHECK_FALSE(look_alike("id;name\nB;M\xFCller\nC;M\xC3\xBCller\n").has_value());
    CHECK_FALSE(look_alike("id;name\nC;M\xC3\xBCller\nB;M\xFCller\n").has_value());
    // Plain ASCII gives no sign either way.
    CHECK_FALSE(look_alike("id;name\nA;Alpha\n").has_value());
    // UTF-8 input is never asked.
    auto utf8 = decode_to_utf8(string_byte_source("a\n\xC3\xBC\n"), "x.csv", TextEncoding::Utf8);
    char buffer[16];
    while (utf8->read(buffer, sizeof buffer) > 0) {}
    CHECK_FALSE(utf8->looks_like_utf8().has_value());
}

TEST_CASE("keep_invalid_utf8 hands out the bytes as they are and notes each invalid sequence") {
    const std::string text = "a\xFC" "b\xC3\xC3\xBC\xE2\x82";
    auto source = decode_to_utf8(std::make_unique<RecordingSource>(text, 3), "x.csv", TextEncoding::Utf8, true);
    std::string out;
    char buffer[64];
    while (const std::size_t count = source->read(buffer, sizeof buffer)) out.append(buffer, count);
    CHECK(out == text);
    const std::deque<InvalidSequence>& invalid = source->invalid_sequences();
    REQUIRE(invalid.size() == 3);
    CHECK(invalid[0].offset == 1);   // a byte that cannot start a sequence
    CHECK(invalid[0].byte == 0xFC);
    CHECK(invalid[1].offset == 3);   // a lead byte without its continuation
    CHECK(invalid[2].offset == 6);   // a sequence cut off by the end of the input
    CHECK(invalid[2].byte == 0xE2);
}
}
