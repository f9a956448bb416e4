// Calendar arithmetic after Howard Hinnant's public-domain days_from_civil / civil_from_days:
// exact for the proleptic Gregorian calendar, no time zones, no locale.
#include <cmath>

#include <fmt/format.h>

#include "kamscore/table/parse_value.hpp"

namespace kamscore {

double days_from_civil(int year, unsigned month, unsigned day) {
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return static_cast<double>(era) * 146097 + static_cast<double>(day_of_era) - 719468;
}

void civil_from_days(double days, int& year, unsigned& month, unsigned& day) {
    long z = static_cast<long>(std::floor(days)) + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned day_of_era = static_cast<unsigned>(z - era * 146097);
    const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned mp = (5 * day_of_year + 2) / 153;
    day = day_of_year - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(year_of_era + era * 400) + (month <= 2);
}

std::string format_date(double days) {
    int year;
    unsigned month, day;
    civil_from_days(days, year, month, day);
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

}  // namespace kamscore
