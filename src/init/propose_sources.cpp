#include "kamscore/init/propose_sources.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "kamscore/init/propose_rules.hpp"
#include "kamscore/table/join_key.hpp"

namespace kamscore {
namespace {

std::string yaml_quoted(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
    return out + "\"";
}

std::string identifier(std::string_view text, std::string_view fallback) {
    std::string name;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) && byte < 0x80) name += static_cast<char>(std::tolower(byte));
        else if (!name.empty() && name.back() != '_') name += '_';
    }
    while (!name.empty() && name.back() == '_') name.pop_back();
    if (name.empty()) name = fallback;
    if (std::isdigit(static_cast<unsigned char>(name.front()))) name.insert(0, "s_");
    return name;
}

/// A column name an expression can use as it is.
bool is_plain_name(std::string_view text) {
    if (text.empty() || std::isdigit(static_cast<unsigned char>(text.front()))) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
    });
}

std::string delimiter_text(char delimiter) {
    switch (delimiter) {
    case '\t': return "tab";
    case ';': return "\";\"";
    case '|': return "\"|\"";
    default: return "\",\"";
    }
}

/// The ways of writing a customer's key tried, simplest first.
struct Candidate {
    KeyNormalization normalization;
    std::string normalize_line;   ///< "" or the YAML lines for it
};

std::vector<Candidate> candidates() {
    std::vector<Candidate> all(3);
    all[1].normalization.strip_zeros = true;
    all[1].normalize_line = "    normalize: [strip_zeros]";
    all[2].normalization.strip_zeros = true;
    all[2].normalization.pattern = "^[^0-9]*0*([0-9]+)$";
    all[2].normalize_line = "    pattern: '^[^0-9]*0*([0-9]+)$'   # the digits of the key\n    normalize: [strip_zeros]";
    return all;
}

std::size_t id_column(const SampleGuess& guess) {
    for (std::size_t c = 0; c < guess.columns.size(); ++c)
        if (guess.columns[c].role == ColumnRole::Id && guess.columns[c].is_unique) return c;
    for (std::size_t c = 0; c < guess.columns.size(); ++c)
        if (guess.columns[c].is_unique) return c;
    return 0;
}

bool whole_between(const ColumnGuess& column, double low, double high) {
    if (column.type != GuessedType::Number || column.numbers.empty()) return false;
    return std::all_of(column.numbers.begin(), column.numbers.end(),
                       [&](double v) { return v == std::floor(v) && v >= low && v <= high; });
}

}  // namespace

std::string propose_sources(const CsvSample& customers, const std::vector<CsvSample>& sources,
                            const std::vector<std::string>& paths) {
    if (sources.empty()) return "";
    const SampleGuess customer_guess = guess_columns(customers);
    const std::size_t id = id_column(customer_guess);
    std::string out = "\nsources:                   # further exports, joined onto the customer list by key (README \"Sources\")\n";
    std::set<std::string> names;
    const std::vector<Candidate> tried = candidates();
    for (std::size_t s = 0; s < sources.size(); ++s) {
        const CsvSample& sample = sources[s];
        const SampleGuess guess = guess_columns(sample);
        std::string name = identifier(std::filesystem::path(paths[s]).stem().string(), "source");
        for (int n = 2; names.count(name); ++n) name = fmt::format("{}_{}", identifier(paths[s], "source"), n);
        names.insert(name);

        // The key: the column and normalisation under which most sampled rows find a customer.
        std::size_t best_column = 0, best_candidate = 0, best_hits = 0;
        for (std::size_t k = 0; k < tried.size(); ++k) {
            KeyNormalizer normalizer(tried[k].normalization);
            std::unordered_set<std::string> ids;
            std::string scratch;
            for (const auto& row : customers.rows)
                if (id < row.size())
                    if (auto key = normalizer.normalize(row[id], scratch, false)) ids.emplace(*key);
            for (std::size_t c = 0; c < guess.columns.size(); ++c) {
                const GuessedType type = guess.columns[c].type;
                if (type != GuessedType::Number && type != GuessedType::Text) continue;
                std::size_t hits = 0;
                for (const auto& row : sample.rows)
                    if (auto key = normalizer.normalize(row[c], scratch); key && ids.count(std::string(*key))) ++hits;
                if (hits > best_hits) {
                    best_hits = hits;
                    best_column = c;
                    best_candidate = k;
                }
            }
        }
        std::set<std::string> keys;
        bool repeats = false;
        for (const auto& row : sample.rows) repeats = !keys.insert(row[best_column]).second || repeats;

        out += fmt::format("  {}:\n", name);
        out += fmt::format("    file: {}   # relative to this rule file's directory; or --source {}=FILE\n",
                           yaml_quoted(paths[s]), name);
        // A workbook's cells are typed: no delimiter, decimal mark or encoding to state.
        if (sample.sheet.empty())
            out += fmt::format("    delimiter: {}\n    decimal: \"{}\"\n    encoding: {}\n", delimiter_text(sample.delimiter),
                               guess.decimal, sample.encoding);
        else
            out += fmt::format("    # an .xlsx workbook, its sheet \"{}\" (file: \"book.xlsx#Sheet\" names another)\n",
                               sample.sheet);
        const std::string& key = sample.header[best_column];
        out += best_hits > 0 ? fmt::format("    key: {}   # {} of {} sampled rows match a customer of the sample\n",
                                           yaml_quoted(key), best_hits, sample.rows.size())
                             : fmt::format("    key: {}   # CHECK: no sampled row matched a customer of the sample\n",
                                           yaml_quoted(key));
        if (best_hits > 0 && !tried[best_candidate].normalize_line.empty())
            out += tried[best_candidate].normalize_line + "\n";
        out += repeats ? "    rows: many             # keys repeat: a field says how its rows combine\n"
                       : "    rows: one              # one row per key in the sample\n";

        // Fields to start from.
        const ColumnGuess* year = nullptr;
        std::set<double> years;
        for (std::size_t c = 0; c < guess.columns.size(); ++c)
            if (c != best_column && whole_between(guess.columns[c], 1990, 2100)) {
                year = &guess.columns[c];
                years.insert(year->numbers.begin(), year->numbers.end());
                break;
            }
        out += "    # fields that read it, to move under 'fields:' and edit:\n";
        if (repeats) out += fmt::format("    #   {}_rows: {{ source: {}, aggregate: count }}\n", name, name);
        std::size_t suggested = 0;
        for (std::size_t c = 0; c < guess.columns.size() && suggested < 6; ++c) {
            const ColumnGuess& column = guess.columns[c];
            if (c == best_column || &column == year || column.type != GuessedType::Number) continue;
            const std::string field = fmt::format("{}_{}", name, identifier(column.column, "value"));
            ++suggested;
            if (repeats && whole_between(column, 0, 10)) {
                // Answers from 0 to 10: the Net Promoter Score takes two fields and a derived value.
                const std::string score = is_plain_name(column.column) ? column.column : "SCORE_COLUMN";
                out += fmt::format("    #   {}_promoters: {{ source: {}, share_if: {} >= 9 }}   # derived: "
                                   "nps: {}_promoters - {}_detractors\n",
                                   name, name, score, name, name);
                out += fmt::format("    #   {}_detractors: {{ source: {}, share_if: {} <= 6 }}\n", name, name, score);
            } else if (!repeats) {
                out += fmt::format("    #   {}: {{ source: {}, column: {} }}\n", field, name, yaml_quoted(column.column));
            } else if (year) {
                std::vector<std::string> values;
                for (double y : years) values.push_back(fmt::format("{}", static_cast<long long>(y)));
                if (values.size() > 5) values.erase(values.begin(), values.end() - 5);
                out += fmt::format("    #   {}: {{ source: {}, column: {}, aggregate: sum,\n"
                                   "    #     pivot: {{ column: {}, values: [{}] }} }}   # {}_{}, ...\n",
                                   field, name, yaml_quoted(column.column), yaml_quoted(year->column), fmt::join(values, ", "),
                                   field, values.front());
            } else {
                out += fmt::format("    #   {}: {{ source: {}, column: {}, aggregate: sum }}\n", field, name,
                                   yaml_quoted(column.column));
            }
        }
    }
    return out;
}

}  // namespace kamscore
