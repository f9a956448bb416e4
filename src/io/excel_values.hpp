// How the values of workbook cells become text that the rest of kamscore reads as it reads a
// CSV export's cells: numbers in one canonical form, dates as ISO 8601.
#pragma once

#include <string>
#include <string_view>

namespace kamscore {

/// What a cell style's number format makes of a number.
enum class NumberStyle { Number, Date, Time };

/// The kind of number format `id` (built-in ids 0-163) or, for a custom one, `code`
/// (its formatCode): a date when it shows a day, month or year, a time when it shows only
/// hours, minutes or seconds, else a number.
NumberStyle classify_number_format(unsigned id, std::string_view code);

/// A number cell's <v> as text: '.' decimal, the shortest form that reads back as the same
/// double ("1234.5", "0.1", "42", "1e+21"). Text that is no number is returned unchanged.
std::string canonical_number(std::string_view value);

/// A serial date (days since 1899-12-30 in the 1900 system, with Excel's phantom 1900-02-29
/// as serial 60; days since 1904-01-01 in the 1904 system) as "YYYY-MM-DD", with " HH:MM:SS"
/// when it has a time of day; a Time style below one day as "HH:MM:SS". A serial outside
/// 1900-01-01..9999-12-31 is written as a number.
std::string serial_date_text(std::string_view value, bool date1904, NumberStyle style);

/// Replaces the _xHHHH_ escapes of OOXML strings (a carriage return is written _x000D_) by the
/// characters they stand for, in place.
void decode_ooxml_escapes(std::string& text);

}  // namespace kamscore
