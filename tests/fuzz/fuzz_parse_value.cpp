// libFuzzer target: number, boolean and date parsing (src/table/parse_value.cpp). The first
// byte picks the decimal mark and whether the rest is split into a date format and a text.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kamscore/table/parse_value.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0];
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

    kamscore::NumberFormat format;
    format.decimal = (mode & 1) ? ',' : '.';
    if (auto number = kamscore::parse_number(text, format)) {
        if (std::isnan(*number)) __builtin_trap();   // NaN means missing: never a parsed number
    }
    static const kamscore::BoolWords words;
    (void)kamscore::parse_bool(text, words);
    (void)kamscore::is_blank(text);

    std::string_view date_format;
    if (mode & 2) {   // "<format>\0<text>"
        auto nul = text.find('\0');
        if (nul != std::string_view::npos) {
            date_format = text.substr(0, nul);
            text = text.substr(nul + 1);
        }
    }
    if (auto days = kamscore::parse_date(text, date_format)) {
        if (std::isnan(*days)) __builtin_trap();
        // A parsed date survives the round trip through the civil calendar.
        int year = 0;
        unsigned month = 0, day = 0;
        kamscore::civil_from_days(*days, year, month, day);
        if (kamscore::days_from_civil(year, month, day) != *days) __builtin_trap();
        (void)kamscore::format_date(*days);
    }
    return 0;
}
