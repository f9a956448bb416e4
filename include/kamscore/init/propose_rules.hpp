#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kamscore/init/sample.hpp"

namespace kamscore {

/// What a column's sample values look like.
enum class GuessedType { Empty, Number, Bool, Date, Text };

/// What a column is for, recognised from its name (English and German CRM spellings).
enum class ColumnRole {
    None, Id, Label, Revenue, RevenueLast, Wallet, Margin, Countries, Sites, Reference, Leader,
    Agreement, Complexity, Industry, Country, LastOrder, Nps
};

/// A sampled cell of a number column that does not read as a number ("ca. 12", "k.A.").
struct UnreadCell {
    std::string text;
    std::uint64_t line = 0;   ///< in the file
};

struct ColumnGuess {
    std::string column;                ///< as in the header
    GuessedType type = GuessedType::Empty;
    std::string date_format;           ///< "" = ISO or 31.12.2024; else e.g. "%d/%m/%Y"
    ColumnRole role = ColumnRole::None;
    int year = 0;                      ///< a year in the name ("Umsatz 2024"), 0 if none
    bool is_forecast = false;          ///< the name says forecast ("Umsatz 2025 hochgerechnet")
    std::size_t filled = 0;            ///< non-blank cells in the sample
    bool is_unique = false;            ///< every filled cell differs (and all are filled)
    bool is_percent = false;           ///< numbers that read as percent (a margin in %)
    std::vector<double> numbers;       ///< the sample's values, for Number columns
    std::vector<UnreadCell> unread;    ///< a Number column's cells that are no number (under 5 %)
    std::vector<std::string> words;    ///< up to 20 distinct values, lower case, for Text columns
};

/// The decimal mark the sample's numbers use and each column's guess (header order).
struct SampleGuess {
    char decimal = '.';
    std::vector<ColumnGuess> columns;
};

/// Types from values (dates, then booleans, then numbers, else text), roles from names
/// ("Annual Revenue", "Jahresumsatz 2024", "Kundennummer", ...). The decimal mark is the one
/// most cells read only with (394.530,53 and 1.234.567 vote ','; 1,234.5 votes '.'). A column
/// is a number column when at least 95 % of its filled cells read as numbers with that mark;
/// the others are kept in `unread`, so that one "ca. 12" does not turn it into text.
SampleGuess guess_columns(const CsvSample& sample);

/// A commented starter rule file for the sample: input, fields, derived potential and growth
/// when revenue, wallet and last year's revenue exist, strategic criteria, metrics with
/// scales fitted to the sample, params and tiers. It is meant to pass
/// `kamscore check RULES --against FILE` as it is, and to be edited.
std::string propose_rules(const CsvSample& sample);

}  // namespace kamscore
