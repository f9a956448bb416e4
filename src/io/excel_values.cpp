#include "io/excel_values.hpp"
#include "kamscore/civil_days.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

namespace kamscore {
namespace {

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool parse_double(std::string_view text, double& value) {
    text = trim_spaces(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

// 1899-12-30 and 1904-01-01 as days since 1970-01-01.
constexpr std::int64_t epoch_1900 = -25569;
constexpr std::int64_t epoch_1904 = -24107;
constexpr double last_serial_1900 = 2958466;   // 10000-01-01

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

}  // namespace

NumberStyle classify_number_format(unsigned id, std::string_view code) {
    // ECMA-376 18.8.30: 14-17 and 22 are dates, 18-21 and 45-47 times; 27-36 and 50-58 are
    // the East Asian locales' dates.
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return NumberStyle::Date;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return NumberStyle::Time;
    if (id < 164 || code.empty()) return NumberStyle::Number;
    // LibreOffice writes its default format as a custom one.
    if (code == "General" || code == "general" || code == "@") return NumberStyle::Number;
    // The first section of the code, without quoted text, escaped characters, [colours],
    // and AM/PM markers, which hold letters that are not date parts.
    bool has_date = false, has_time = false, has_month_or_minute = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == ';') break;
        if (c == '"') {
            const std::size_t close = code.find('"', i + 1);
            if (close == std::string_view::npos) break;
            i = close;
            continue;
        }
        if (c == '\\' || c == '_' || c == '*') {
            ++i;
            continue;
        }
        if (c == '[') {
            const std::size_t close = code.find(']', i + 1);
            if (close == std::string_view::npos) break;
            const std::string_view inside = code.substr(i + 1, close - i - 1);
            // [h]:mm, [mm]:ss: elapsed time.
            if (!inside.empty() && (inside.front() == 'h' || inside.front() == 'H' || inside.front() == 'm' ||
                                    inside.front() == 'M' || inside.front() == 's' || inside.front() == 'S'))
                has_time = true;
            i = close;
            continue;
        }
        const std::string_view rest = code.substr(i);
        if (rest.starts_with("AM/PM") || rest.starts_with("am/pm")) {
            i += 4;
            has_time = true;
            continue;
        }
        if (rest.starts_with("A/P") || rest.starts_with("a/p")) {
            i += 2;
            has_time = true;
            continue;
        }
        // A run of letters with one that is no date or time part is a word ("Standard").
        if (is_ascii_letter(c)) {
            std::size_t end = i;
            bool is_word = false;
            while (end < code.size() && is_ascii_letter(code[end])) {
                if (std::string_view("dmyhsaepgbDMYHSAEPGB").find(code[end]) == std::string_view::npos) is_word = true;
                ++end;
            }
            if (is_word) {
                i = end - 1;
                continue;
            }
        }
        switch (c) {
        case 'd': case 'D': case 'y': case 'Y': has_date = true; break;
        case 'h': case 'H': case 's': case 'S': has_time = true; break;
        case 'm': case 'M': has_month_or_minute = true; break;
        default: break;
        }
    }
    if (has_date) return NumberStyle::Date;
    if (has_time) return NumberStyle::Time;   // an 'm' beside h or s is minutes
    if (has_month_or_minute) return NumberStyle::Date;
    return NumberStyle::Number;
}

std::string canonical_number(std::string_view value) {
    double number = 0;
    if (!parse_double(value, number)) return std::string(value);
    if (number == 0) return "0";   // also -0
    return fmt::format("{}", number);
}

std::string serial_date_text(std::string_view value, bool date1904, NumberStyle style) {
    double serial = 0;
    if (!parse_double(value, serial)) return std::string(value);
    if (style == NumberStyle::Number || serial < 0 || serial >= last_serial_1900) return canonical_number(value);
    double whole = std::floor(serial);
    auto seconds = static_cast<std::int64_t>(std::llround((serial - whole) * 86400.0));
    if (seconds >= 86400) {   // 23:59:59.6 rounds to the next day
        whole += 1;
        seconds -= 86400;
    }
    const std::string time = fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    if (style == NumberStyle::Time && whole == 0) return time;
    std::string date;
    const auto days = static_cast<std::int64_t>(whole);
    if (date1904) {
        int year = 0;
        unsigned month = 0, day = 0;
        civil_from_days(epoch_1904 + days, year, month, day);
        date = fmt::format("{:04}-{:02}-{:02}", year, month, day);
    } else if (days == 60) {
        date = "1900-02-29";   // Lotus 1-2-3's leap day, kept by Excel: no such date
    } else if (days < 1) {
        return canonical_number(value);   // Excel's 1900-01-00
    } else {
        int year = 0;
        unsigned month = 0, day = 0;
        // Before the phantom day, serials are one day later than the count from 1899-12-30.
        civil_from_days(epoch_1900 + days + (days < 60 ? 1 : 0), year, month, day);
        date = fmt::format("{:04}-{:02}-{:02}", year, month, day);
    }
    return seconds == 0 ? date : date + " " + time;
}

void decode_ooxml_escapes(std::string& text) {
    std::size_t at = text.find("_x");
    if (at == std::string::npos) return;
    std::string out;
    out.reserve(text.size());
    std::size_t from = 0;
    while (at != std::string::npos) {
        if (at + 7 <= text.size() && is_hex(text[at + 2]) && is_hex(text[at + 3]) && is_hex(text[at + 4]) &&
            is_hex(text[at + 5]) && text[at + 6] == '_') {
            unsigned code = 0;
            std::from_chars(text.data() + at + 2, text.data() + at + 6, code, 16);
            out.append(text, from, at - from);
            // A lone surrogate is no character: keep the escape as written.
            if (code >= 0xD800 && code <= 0xDFFF) out.append(text, at, 7);
            else append_utf8(out, code);
            from = at + 7;
            at = text.find("_x", from);
        } else {
            at = text.find("_x", at + 1);
        }
    }
    out.append(text, from, std::string::npos);
    text = std::move(out);
}

}  // namespace kamscore
