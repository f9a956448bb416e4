// Days since 1970-01-01 to a calendar date, for every stage that writes dates (the CSV cells
// of a workbook's date serials in io, dates in table, expressions and output).
#pragma once

#include <cstdint>

namespace kamscore {

/// The proleptic Gregorian date of `days` since 1970-01-01 (Howard Hinnant's public-domain
/// civil_from_days algorithm).
inline void civil_from_days(std::int64_t days, int& year, unsigned& month, unsigned& day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto day_of_era = static_cast<unsigned>(days - era * 146097);
    const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned mp = (5 * day_of_year + 2) / 153;
    day = day_of_year - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
}

}  // namespace kamscore
