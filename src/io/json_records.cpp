#include "io/json_records.hpp"

#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "kamscore/error.hpp"

namespace kamscore {
namespace {

constexpr std::size_t buffer_size = std::size_t{1} << 16;
constexpr int max_depth = 64;
constexpr std::size_t max_text_bytes = std::size_t{64} << 20;

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

}  // namespace

struct JsonRecordReader::Impl {
    enum class Shape { Unknown, Array, Lines, Done };

    std::unique_ptr<ByteSource> source;
    std::string name;
    std::string buffer = std::string(buffer_size, '\0');
    std::size_t pos = 0;
    std::size_t end = 0;
    bool at_eof = false;
    std::uint64_t line = 1;
    Shape shape = Shape::Unknown;
    bool first_item = true;

    int peek() {
        if (pos == end && !refill()) return -1;
        return static_cast<unsigned char>(buffer[pos]);
    }
    int get() {
        int c = peek();
        if (c >= 0) {
            ++pos;
            if (c == '\n') ++line;
        }
        return c;
    }
    bool refill() {
        if (at_eof) return false;
        end = source->read(buffer.data(), buffer.size());
        pos = 0;
        if (end == 0) at_eof = true;
        return end > 0;
    }
    void skip_space() {
        for (int c = peek(); c == ' ' || c == '\t' || c == '\r' || c == '\n'; c = peek()) get();
    }
    std::string found() {
        int c = peek();
        if (c < 0) return "the end of the file";
        if (c >= 0x21 && c < 0x7F) return fmt::format("'{}'", static_cast<char>(c));
        return fmt::format("byte 0x{:02x}", c);
    }
    [[noreturn]] void fail(std::string_view message) {
        throw Error(ExitCode::BadData, std::string(message), ErrorLocation{name, line});
    }
    [[noreturn]] void expected(std::string_view what) {
        fail(fmt::format("expected {} in JSON, found {}", what, found()));
    }
    void expect_char(char wanted, std::string_view what) {
        if (peek() != static_cast<unsigned char>(wanted)) expected(what);
        get();
    }

    std::uint32_t hex4() {
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            int c = peek();
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) expected("4 hex digits after \\u");
            get();
            value = value * 16 + static_cast<std::uint32_t>(digit);
        }
        return value;
    }

    std::string string_value() {
        expect_char('"', "a string");
        std::string text;
        for (;;) {
            int c = get();
            if (c < 0) fail("unterminated string in JSON");
            if (c == '"') return text;
            if (c < 0x20) fail("a control character inside a JSON string (it must be escaped)");
            if (text.size() >= max_text_bytes) fail("a JSON string longer than 64 MiB");
            if (c != '\\') {
                text.push_back(static_cast<char>(c));
                continue;
            }
            int escape = get();
            switch (escape) {
            case '"': text.push_back('"'); break;
            case '\\': text.push_back('\\'); break;
            case '/': text.push_back('/'); break;
            case 'b': text.push_back('\b'); break;
            case 'f': text.push_back('\f'); break;
            case 'n': text.push_back('\n'); break;
            case 'r': text.push_back('\r'); break;
            case 't': text.push_back('\t'); break;
            case 'u': {
                std::uint32_t code = hex4();
                if (code >= 0xD800 && code < 0xDC00) {
                    if (get() != '\\' || get() != 'u') fail("a lone UTF-16 surrogate in a JSON \\u escape");
                    std::uint32_t low = hex4();
                    if (low < 0xDC00 || low >= 0xE000) fail("a lone UTF-16 surrogate in a JSON \\u escape");
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                } else if (code >= 0xDC00 && code < 0xE000) {
                    fail("a lone UTF-16 surrogate in a JSON \\u escape");
                }
                append_utf8(text, code);
                break;
            }
            default: fail("an unknown escape in a JSON string");
            }
        }
    }

    std::string number_value() {
        std::string text;
        for (int c = peek(); (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; c = peek()) {
            if (text.size() > 400) fail("a number longer than 400 characters in JSON");
            text.push_back(static_cast<char>(get()));
        }
        double number = 0;
        auto [end_ptr, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (text.empty() || error == std::errc::invalid_argument || end_ptr != text.data() + text.size() ||
            text.front() == '+')
            fail(fmt::format("'{}' is not a JSON number", text));
        return text;
    }

    void literal(std::string_view word) {
        for (char wanted : word) {
            if (peek() != static_cast<unsigned char>(wanted)) expected("a value (string, number, object, array, true, false or null)");
            get();
        }
    }

    /// Reads one value; scalars and objects are added to `record` under `key`, arrays skipped.
    void value(const std::string& key, int depth, JsonRecord* record) {
        if (depth > max_depth) fail(fmt::format("JSON nested more than {} levels deep", max_depth));
        skip_space();
        switch (peek()) {
        case '{': object(key, depth + 1, record); return;
        case '[': array(depth + 1); return;
        case '"': {
            std::string text = string_value();
            if (record) record->fields.push_back({key, std::move(text)});
            return;
        }
        case 't': literal("true"); if (record) record->fields.push_back({key, "true"}); return;
        case 'f': literal("false"); if (record) record->fields.push_back({key, "false"}); return;
        case 'n': literal("null"); if (record) record->fields.push_back({key, std::nullopt}); return;
        default: break;
        }
        int c = peek();
        if (c == '-' || (c >= '0' && c <= '9')) {
            std::string text = number_value();
            if (record) record->fields.push_back({key, std::move(text)});
            return;
        }
        expected("a value (string, number, object, array, true, false or null)");
    }

    void object(const std::string& prefix, int depth, JsonRecord* record) {
        expect_char('{', "an object");
        skip_space();
        if (peek() == '}') {
            get();
            return;
        }
        for (;;) {
            skip_space();
            std::string key = string_value();
            skip_space();
            expect_char(':', "':' after an object key");
            value(prefix.empty() ? key : prefix + "." + key, depth, record);
            skip_space();
            if (peek() == ',') {
                get();
                continue;
            }
            expect_char('}', "',' or '}' in an object");
            return;
        }
    }

    void array(int depth) {
        expect_char('[', "an array");
        skip_space();
        if (peek() == ']') {
            get();
            return;
        }
        for (;;) {
            value("", depth, nullptr);
            skip_space();
            if (peek() == ',') {
                get();
                continue;
            }
            expect_char(']', "',' or ']' in an array");
            return;
        }
    }

    void start() {
        // A UTF-8 byte-order mark, as some Windows tools write.
        if (peek() == 0xEF) {
            get();
            if (get() != 0xBB || get() != 0xBF) fail("not JSON: the file starts with a broken byte-order mark");
        }
        skip_space();
        int c = peek();
        if (c == '[') {
            get();
            shape = Shape::Array;
        } else if (c == '{') {
            shape = Shape::Lines;
        } else if (c < 0) {
            shape = Shape::Done;
        } else {
            expected("'[' (an array of objects) or '{' (JSON Lines)");
        }
    }

    bool next(JsonRecord& record) {
        if (shape == Shape::Unknown) start();
        if (shape == Shape::Done) return false;
        skip_space();
        if (shape == Shape::Array) {
            if (peek() == ']') {
                get();
                skip_space();
                if (peek() >= 0) expected("the end of the file after the closing ']'");
                shape = Shape::Done;
                return false;
            }
            if (!first_item) {
                expect_char(',', "',' or ']' between the objects of the array");
                skip_space();
            }
        } else if (peek() < 0) {
            shape = Shape::Done;
            return false;
        }
        first_item = false;
        if (peek() != '{') expected("an object ({...}) for each row");
        record.fields.clear();
        record.line = line;
        object("", 1, &record);
        return true;
    }
};

JsonRecordReader::JsonRecordReader(std::unique_ptr<ByteSource> source, std::string display_name)
    : impl_(std::make_unique<Impl>()) {
    impl_->source = std::move(source);
    impl_->name = std::move(display_name);
}

JsonRecordReader::~JsonRecordReader() = default;

bool JsonRecordReader::next(JsonRecord& record) { return impl_->next(record); }

}  // namespace kamscore
