#include "kamscore/init/propose_rules.hpp"

#include <cctype>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "kamscore/table/column_name.hpp"
#include "kamscore/table/parse_value.hpp"

namespace kamscore {

namespace {

// ---- names -------------------------------------------------------------------------------

struct RoleAlias {
    ColumnRole role;
    std::string_view name;   ///< normalised: lower case, letters and digits only, no year
};

// How CRMs (Salesforce, HubSpot, Dynamics, SAP) and hand-made German exports name them.
constexpr std::array role_aliases = {
    RoleAlias{ColumnRole::Id, "customerid"}, RoleAlias{ColumnRole::Id, "customerno"},
    RoleAlias{ColumnRole::Id, "customernumber"}, RoleAlias{ColumnRole::Id, "accountid"},
    RoleAlias{ColumnRole::Id, "accountnumber"}, RoleAlias{ColumnRole::Id, "accountno"},
    RoleAlias{ColumnRole::Id, "clientid"}, RoleAlias{ColumnRole::Id, "kundennummer"},
    RoleAlias{ColumnRole::Id, "kundennr"}, RoleAlias{ColumnRole::Id, "kdnr"},
    RoleAlias{ColumnRole::Id, "kundenid"}, RoleAlias{ColumnRole::Id, "debitor"},
    RoleAlias{ColumnRole::Id, "debitornr"}, RoleAlias{ColumnRole::Id, "debitornummer"},
    RoleAlias{ColumnRole::Id, "debitorennummer"}, RoleAlias{ColumnRole::Id, "id"},
    RoleAlias{ColumnRole::Label, "name"}, RoleAlias{ColumnRole::Label, "accountname"},
    RoleAlias{ColumnRole::Label, "companyname"}, RoleAlias{ColumnRole::Label, "company"},
    RoleAlias{ColumnRole::Label, "customername"}, RoleAlias{ColumnRole::Label, "clientname"},
    RoleAlias{ColumnRole::Label, "firma"}, RoleAlias{ColumnRole::Label, "firmenname"},
    RoleAlias{ColumnRole::Label, "kundenname"}, RoleAlias{ColumnRole::Label, "kunde"},
    RoleAlias{ColumnRole::Label, "unternehmen"}, RoleAlias{ColumnRole::Label, "organisation"},
    RoleAlias{ColumnRole::Label, "organization"}, RoleAlias{ColumnRole::Label, "name1"},
    RoleAlias{ColumnRole::Revenue, "revenue"}, RoleAlias{ColumnRole::Revenue, "annualrevenue"},
    RoleAlias{ColumnRole::Revenue, "sales"}, RoleAlias{ColumnRole::Revenue, "netsales"},
    RoleAlias{ColumnRole::Revenue, "turnover"}, RoleAlias{ColumnRole::Revenue, "umsatz"},
    RoleAlias{ColumnRole::Revenue, "jahresumsatz"}, RoleAlias{ColumnRole::Revenue, "nettoumsatz"},
    RoleAlias{ColumnRole::Revenue, "gesamtumsatz"}, RoleAlias{ColumnRole::Revenue, "umsatzgesamt"},
    RoleAlias{ColumnRole::RevenueLast, "umsatzvorjahr"}, RoleAlias{ColumnRole::RevenueLast, "vorjahresumsatz"},
    RoleAlias{ColumnRole::RevenueLast, "umsatzvj"}, RoleAlias{ColumnRole::RevenueLast, "revenuelastyear"},
    RoleAlias{ColumnRole::RevenueLast, "revenuepreviousyear"}, RoleAlias{ColumnRole::RevenueLast, "revenuepy"},
    RoleAlias{ColumnRole::RevenueLast, "lastyearrevenue"}, RoleAlias{ColumnRole::RevenueLast, "previousyearrevenue"},
    RoleAlias{ColumnRole::Wallet, "wallet"}, RoleAlias{ColumnRole::Wallet, "walletsize"},
    RoleAlias{ColumnRole::Wallet, "potential"}, RoleAlias{ColumnRole::Wallet, "potenzial"},
    RoleAlias{ColumnRole::Wallet, "kundenpotenzial"},
    RoleAlias{ColumnRole::Wallet, "einkaufsvolumen"}, RoleAlias{ColumnRole::Wallet, "totalspend"},
    RoleAlias{ColumnRole::Margin, "margin"}, RoleAlias{ColumnRole::Margin, "grossmargin"},
    RoleAlias{ColumnRole::Margin, "contributionmargin"}, RoleAlias{ColumnRole::Margin, "marge"},
    RoleAlias{ColumnRole::Margin, "deckungsbeitrag"}, RoleAlias{ColumnRole::Margin, "db"},
    RoleAlias{ColumnRole::Margin, "db1"}, RoleAlias{ColumnRole::Margin, "db2"},
    RoleAlias{ColumnRole::Margin, "dbquote"}, RoleAlias{ColumnRole::Margin, "rohertrag"},
    RoleAlias{ColumnRole::Margin, "rohmarge"}, RoleAlias{ColumnRole::Countries, "countries"},
    RoleAlias{ColumnRole::Countries, "numberofcountries"}, RoleAlias{ColumnRole::Countries, "länder"},
    RoleAlias{ColumnRole::Countries, "laender"}, RoleAlias{ColumnRole::Countries, "anzahlländer"},
    RoleAlias{ColumnRole::Countries, "anzahllaender"}, RoleAlias{ColumnRole::Sites, "sites"},
    RoleAlias{ColumnRole::Sites, "locations"}, RoleAlias{ColumnRole::Sites, "numberofsites"},
    RoleAlias{ColumnRole::Sites, "standorte"}, RoleAlias{ColumnRole::Sites, "anzahlstandorte"},
    RoleAlias{ColumnRole::Sites, "niederlassungen"}, RoleAlias{ColumnRole::Sites, "werke"},
    RoleAlias{ColumnRole::Reference, "reference"}, RoleAlias{ColumnRole::Reference, "referencecustomer"},
    RoleAlias{ColumnRole::Reference, "referenceaccount"}, RoleAlias{ColumnRole::Reference, "referenzkunde"},
    RoleAlias{ColumnRole::Reference, "referenz"}, RoleAlias{ColumnRole::Leader, "industryleader"},
    RoleAlias{ColumnRole::Leader, "marketleader"}, RoleAlias{ColumnRole::Leader, "leader"},
    RoleAlias{ColumnRole::Leader, "marktführer"}, RoleAlias{ColumnRole::Leader, "marktfuehrer"},
    RoleAlias{ColumnRole::Leader, "branchenführer"}, RoleAlias{ColumnRole::Leader, "innovationsführer"},
    RoleAlias{ColumnRole::Agreement, "kamagreement"}, RoleAlias{ColumnRole::Agreement, "agreement"},
    RoleAlias{ColumnRole::Agreement, "partnership"}, RoleAlias{ColumnRole::Agreement, "commitment"},
    RoleAlias{ColumnRole::Agreement, "kamvereinbarung"}, RoleAlias{ColumnRole::Agreement, "kamvertrag"},
    RoleAlias{ColumnRole::Agreement, "kamgewünscht"}, RoleAlias{ColumnRole::Agreement, "partnerschaft"},
    RoleAlias{ColumnRole::Complexity, "complexity"}, RoleAlias{ColumnRole::Complexity, "komplexität"},
    RoleAlias{ColumnRole::Complexity, "komplexitaet"}, RoleAlias{ColumnRole::Industry, "industry"},
    RoleAlias{ColumnRole::Industry, "sector"}, RoleAlias{ColumnRole::Industry, "branche"},
    RoleAlias{ColumnRole::Industry, "sektor"}, RoleAlias{ColumnRole::Country, "country"},
    RoleAlias{ColumnRole::Country, "billingcountry"}, RoleAlias{ColumnRole::Country, "land"},
    RoleAlias{ColumnRole::LastOrder, "lastorder"}, RoleAlias{ColumnRole::LastOrder, "lastorderdate"},
    RoleAlias{ColumnRole::LastOrder, "lastpurchase"}, RoleAlias{ColumnRole::LastOrder, "letztebestellung"},
    RoleAlias{ColumnRole::LastOrder, "letzterauftrag"}, RoleAlias{ColumnRole::Nps, "nps"},
    RoleAlias{ColumnRole::Nps, "netpromoterscore"},
};

// Words in a column name that say nothing about its role: units, currencies, "total".
constexpr std::array<std::string_view, 20> ignored_words = {
    "eur", "euro", "usd", "chf", "teur", "tsd", "in", "pct", "percent", "prozent",
    "total", "gesamt", "net", "netto", "amount", "betrag", "value", "wert", "flag", "yn"};

// Words that make a column a forecast or projection of its year ("Umsatz 2025 hochgerechnet"):
// the figure for the year not yet closed, which the rules should rank by.
constexpr std::array<std::string_view, 10> forecast_words = {
    "hochgerechnet", "hochrechnung", "prognose", "prognostiziert", "erwartet", "forecast",
    "projected", "projection", "expected", "estimated"};

struct NormalisedName {
    std::string joined;   ///< "jahresumsatz" for "Jahresumsatz 2024 (EUR)"
    int year = 0;
    bool says_percent = false;
    bool is_forecast = false;
};

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

NormalisedName normalise_name(std::string_view name) {
    NormalisedName result;
    std::vector<std::string> words(1);
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '%') result.says_percent = true;
        if (std::isalnum(byte) || byte >= 0x80) {
            words.back() += ascii_lower(c);
        } else if (!words.back().empty()) {
            words.emplace_back();
        }
    }
    // German capitals in UTF-8: Ä Ö Ü -> ä ö ü (the second byte differs by 0x20).
    for (auto& word : words)
        for (std::size_t i = 0; i + 1 < word.size(); ++i)
            if (word[i] == '\xC3' && (word[i + 1] == '\x84' || word[i + 1] == '\x96' || word[i + 1] == '\x9C'))
                word[i + 1] = static_cast<char>(word[i + 1] + 0x20);
    for (const auto& word : words) {
        if (word.empty()) continue;
        if (word.size() == 4 && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            (word.starts_with("19") || word.starts_with("20"))) {
            result.year = std::stoi(word);
            continue;
        }
        if (word == "pct" || word == "percent" || word == "prozent" || word == "quote") result.says_percent = true;
        if (std::find(ignored_words.begin(), ignored_words.end(), word) != ignored_words.end()) continue;
        if (std::find(forecast_words.begin(), forecast_words.end(), word) != forecast_words.end()) {
            result.is_forecast = true;
            continue;
        }
        result.joined += word;
    }
    // "revenue_2025" written as one word ("revenue2025"), or "umsatz24": a trailing year.
    if (result.year == 0 && result.joined.size() > 4) {
        const std::string tail = result.joined.substr(result.joined.size() - 4);
        if (std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            (tail.starts_with("19") || tail.starts_with("20"))) {
            result.year = std::stoi(tail);
            result.joined.resize(result.joined.size() - 4);
        }
    }
    return result;
}

ColumnRole role_for(const std::string& joined) {
    for (const RoleAlias& alias : role_aliases)
        if (alias.name == joined) return alias.role;
    return ColumnRole::None;
}

// ---- values ------------------------------------------------------------------------------

constexpr std::array<std::string_view, 5> date_formats = {"", "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d", "%d-%m-%Y"};

struct ValueEvidence {
    std::vector<std::string_view> cells;   ///< filled cells, trimmed
    std::vector<std::uint64_t> lines;      ///< each cell's line in the file
};

/// How the cells vote for a decimal mark: `only_*` read with that mark alone (1.234,56 or
/// 1.234.567 for ','; 1,234.5 or 12.5 for '.'); `grouped_*` read with both but differently,
/// as a grouped whole number with that mark (1.200 is 1200 with ',', 1,200 is 1200 with '.').
struct DecimalVotes {
    std::size_t only_dot = 0, only_comma = 0, grouped_dot = 0, grouped_comma = 0;

    void count(std::string_view cell) {
        const auto dot = parse_number(cell, NumberFormat{'.'});
        const auto comma = parse_number(cell, NumberFormat{','});
        if (dot && !comma) ++only_dot;
        if (comma && !dot) ++only_comma;
        if (dot && comma && *dot != *comma) ++(cell.find('.') != cell.npos ? grouped_comma : grouped_dot);
    }

    char decimal(char delimiter) const {
        if (only_comma != only_dot) return only_comma > only_dot ? ',' : '.';
        if (grouped_comma != grouped_dot) return grouped_comma > grouped_dot ? ',' : '.';
        return delimiter == ';' ? ',' : '.';   // German Excel writes ';' because ',' is its decimal mark
    }
};

ValueEvidence collect(const CsvSample& sample, std::size_t column, DecimalVotes& votes) {
    ValueEvidence evidence;
    for (std::size_t r = 0; r < sample.rows.size(); ++r) {
        const std::string_view cell = sample.rows[r][column];
        if (is_blank(cell)) continue;
        evidence.cells.push_back(trim_spaces_and_tabs(cell));
        evidence.lines.push_back(r < sample.lines.size() ? sample.lines[r] : 0);
        votes.count(cell);
    }
    return evidence;
}

/// At least 95 % of the filled cells read as numbers: a few "ca. 12" or "k.A." in a
/// thousand do not make an amount column text.
bool mostly_numbers(const ValueEvidence& evidence, char decimal) {
    const auto parsed = static_cast<std::size_t>(std::count_if(
        evidence.cells.begin(), evidence.cells.end(),
        [&](std::string_view cell) { return parse_number(cell, NumberFormat{decimal}).has_value(); }));
    return parsed > 0 && parsed * 100 >= evidence.cells.size() * 95;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

}  // namespace

SampleGuess guess_columns(const CsvSample& sample) {
    SampleGuess guess;
    std::vector<ValueEvidence> evidence;
    DecimalVotes votes;
    for (std::size_t c = 0; c < sample.header.size(); ++c) evidence.push_back(collect(sample, c, votes));
    // One decimal mark for the file, the one most of its values are written with.
    guess.decimal = votes.decimal(sample.delimiter);
    const BoolWords bool_words;

    for (std::size_t c = 0; c < sample.header.size(); ++c) {
        ColumnGuess column;
        column.column = sample.header[c];
        const NormalisedName name = normalise_name(column.column);
        column.role = role_for(name.joined);
        column.year = name.year;
        column.is_forecast = name.is_forecast;
        const ValueEvidence& e = evidence[c];
        column.filled = e.cells.size();
        std::set<std::string_view> distinct(e.cells.begin(), e.cells.end());
        column.is_unique = column.filled == sample.rows.size() && distinct.size() == e.cells.size() && column.filled > 0;
        if (e.cells.empty()) {
            guess.columns.push_back(std::move(column));
            continue;
        }
        const bool is_number = mostly_numbers(e, guess.decimal);
        const bool is_bool = std::all_of(e.cells.begin(), e.cells.end(),
                                         [&](std::string_view cell) { return parse_bool(cell, bool_words).has_value(); });
        const bool wants_bool = column.role == ColumnRole::Reference || column.role == ColumnRole::Leader ||
                                column.role == ColumnRole::Agreement;
        if (is_bool && (!is_number || wants_bool)) {
            column.type = GuessedType::Bool;
        } else if (is_number) {
            column.type = GuessedType::Number;
            for (std::size_t i = 0; i < e.cells.size(); ++i) {
                if (auto number = parse_number(e.cells[i], NumberFormat{guess.decimal})) column.numbers.push_back(*number);
                else column.unread.push_back(UnreadCell{std::string(e.cells[i]), e.lines[i]});
            }
            const bool in_percent_range = std::all_of(column.numbers.begin(), column.numbers.end(),
                                                      [](double v) { return v >= -100 && v <= 100; });
            const bool cell_says_percent = std::any_of(e.cells.begin(), e.cells.end(),
                                                       [](std::string_view cell) { return cell.find('%') != cell.npos; });
            column.is_percent = in_percent_range && (name.says_percent || cell_says_percent || column.role == ColumnRole::Margin);
        } else {
            for (std::string_view format : date_formats) {
                if (std::all_of(e.cells.begin(), e.cells.end(),
                                [&](std::string_view cell) { return parse_date(cell, format).has_value(); })) {
                    column.type = GuessedType::Date;
                    column.date_format = std::string(format);
                    break;
                }
            }
            if (column.type != GuessedType::Date) {
                column.type = GuessedType::Text;
                for (std::string_view cell : distinct) {
                    if (column.words.size() == 20) break;
                    const std::string word = lower(cell);
                    if (std::find(column.words.begin(), column.words.end(), word) == column.words.end())
                        column.words.push_back(word);
                }
            }
        }
        guess.columns.push_back(std::move(column));
    }
    return guess;
}

}  // namespace kamscore
