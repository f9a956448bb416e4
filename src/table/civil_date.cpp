// Calendar arithmetic after Howard Hinnant's public-domain days_from_civil / civil_from_days:
// exact for the proleptic Gregorian calendar, no time zones, no locale.
#include <cmath>

#include <fmt/format.h>

#include "kamscore/civil_days.hpp"
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
    civil_from_days(static_cast<std::int64_t>(std::floor(days)), year, month, day);
}

std::string format_date(double days) {
    int year;
    unsigned month, day;
    civil_from_days(days, year, month, day);
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

}  // namespace kamscore
