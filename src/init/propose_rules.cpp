#include "kamscore/init/propose_rules.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "kamscore/table/parse_value.hpp"

namespace kamscore {

namespace {

/// A YAML double-quoted scalar: column names may hold spaces, colons, '#' or quotes.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\t') {
            out += "\\t";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
            out += c;
        }
    }
    return out + "\"";
}

/// Whole numbers as integers ("1000000", never "1e+06"), others in their shortest form.
std::string number_text(double value) {
    if (std::fabs(value) < 1e15 && value == std::floor(value)) return fmt::format("{}", static_cast<std::int64_t>(value));
    return fmt::format("{}", value);
}

/// `value` rounded to two significant digits: 1234567 -> 1200000.
double round_nicely(double value) {
    if (!(value > 0)) return 0;
    const double unit = std::pow(10.0, std::floor(std::log10(value)) - 1);
    return std::round(value / unit) * unit;
}

double quantile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))];
}

/// An expression name for a column the rules do not know by role: "Anzahl Mitarbeiter" -> anzahl_mitarbeiter.
std::string identifier_for(std::string_view column, std::set<std::string>& taken) {
    std::string name;
    for (const char c : column) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) && byte < 0x80) name += static_cast<char>(std::tolower(byte));
        else if (!name.empty() && name.back() != '_') name += '_';
    }
    while (!name.empty() && name.back() == '_') name.pop_back();
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) name.insert(0, "column_");
    // Names the language gives a meaning of its own.
    static const std::set<std::string> reserved = {
        "score", "strategic", "metric", "segment", "previous_tier", "tier", "tier_label", "and", "or", "not", "in",
        "true", "false", "missing", "min", "max", "abs", "round", "log", "sqrt", "clamp", "if", "coalesce",
        "is_missing", "days_since", "year", "lower", "upper", "contains", "starts_with", "min_score", "big_revenue"};
    if (reserved.count(name)) name += "_value";
    std::string unique = name;
    for (int n = 2; taken.count(unique); ++n) unique = fmt::format("{}_{}", name, n);
    taken.insert(unique);
    return unique;
}

std::string_view type_name(GuessedType type) {
    switch (type) {
    case GuessedType::Number: return "number";
    case GuessedType::Bool: return "bool";
    case GuessedType::Date: return "date";
    case GuessedType::Text: return "text";
    case GuessedType::Empty: return "empty";
    }
    return "text";
}

/// One `fields:` line, `{ column: "...", type: ... }`, with a date format when one was seen.
std::string field_value(const ColumnGuess& column) {
    std::string text = fmt::format("{{ column: {}, type: {}", quoted(column.column), type_name(column.type));
    if (column.type == GuessedType::Date && !column.date_format.empty())
        text += fmt::format(", format: {}", quoted(column.date_format));
    return text + " }";
}

struct Choice {
    const ColumnGuess* id = nullptr;
    const ColumnGuess* label = nullptr;
    const ColumnGuess* revenue = nullptr;
    const ColumnGuess* revenue_last = nullptr;
    const ColumnGuess* wallet = nullptr;
    const ColumnGuess* margin = nullptr;
    const ColumnGuess* countries = nullptr;
    const ColumnGuess* sites = nullptr;
    const ColumnGuess* reference = nullptr;
    const ColumnGuess* leader = nullptr;
    const ColumnGuess* agreement = nullptr;
    const ColumnGuess* complexity = nullptr;
    std::string complexity_high;   ///< "high" or "hoch", as the column writes it
};

const ColumnGuess* first_with(const SampleGuess& guess, ColumnRole role, GuessedType type) {
    for (const ColumnGuess& column : guess.columns)
        if (column.role == role && column.type == type) return &column;
    return nullptr;
}

Choice choose_columns(const SampleGuess& guess) {
    Choice choice;
    for (const ColumnGuess& column : guess.columns)
        if (column.role == ColumnRole::Id && column.filled > 0 && (!choice.id || (!choice.id->is_unique && column.is_unique)))
            choice.id = &column;
    if (!choice.id)
        for (const ColumnGuess& column : guess.columns)
            if (column.is_unique) {
                choice.id = &column;
                break;
            }
    if (!choice.id && !guess.columns.empty()) choice.id = &guess.columns.front();
    for (const ColumnGuess& column : guess.columns)
        if (column.role == ColumnRole::Label && column.type == GuessedType::Text && &column != choice.id) {
            choice.label = &column;
            break;
        }

    // Several revenue columns ("Umsatz 2024", "Umsatz 2025 hochgerechnet"): the latest year is
    // the revenue, and within a year the forecast (the closed figure of a running year is
    // partial); the year before feeds growth. A revenue without a year counts as the latest.
    auto year_rank = [](const ColumnGuess& c) { return std::pair(c.year == 0 ? 10000 : c.year, c.is_forecast); };
    for (const ColumnGuess& column : guess.columns)
        if (column.role == ColumnRole::Revenue && column.type == GuessedType::Number &&
            (!choice.revenue || year_rank(column) > year_rank(*choice.revenue)))
            choice.revenue = &column;
    choice.revenue_last = first_with(guess, ColumnRole::RevenueLast, GuessedType::Number);
    if (!choice.revenue_last && choice.revenue && choice.revenue->year != 0)
        for (const ColumnGuess& column : guess.columns)
            if (column.role == ColumnRole::Revenue && column.type == GuessedType::Number && column.year != 0 &&
                column.year < choice.revenue->year && (!choice.revenue_last || column.year > choice.revenue_last->year))
                choice.revenue_last = &column;
    if (!choice.revenue) choice.revenue_last = nullptr;

    choice.wallet = first_with(guess, ColumnRole::Wallet, GuessedType::Number);
    choice.margin = first_with(guess, ColumnRole::Margin, GuessedType::Number);
    choice.countries = first_with(guess, ColumnRole::Countries, GuessedType::Number);
    choice.sites = first_with(guess, ColumnRole::Sites, GuessedType::Number);
    choice.reference = first_with(guess, ColumnRole::Reference, GuessedType::Bool);
    choice.leader = first_with(guess, ColumnRole::Leader, GuessedType::Bool);
    choice.agreement = first_with(guess, ColumnRole::Agreement, GuessedType::Bool);
    if (const ColumnGuess* complexity = first_with(guess, ColumnRole::Complexity, GuessedType::Text)) {
        for (const char* high : {"high", "hoch", "h"})
            if (std::find(complexity->words.begin(), complexity->words.end(), high) != complexity->words.end()) {
                choice.complexity = complexity;
                choice.complexity_high = high;
                break;
            }
    }
    return choice;
}

struct Writer {
    std::string text;
    template <typename... Args>
    void line(fmt::format_string<Args...> format, Args&&... args) {
        text += fmt::format(format, std::forward<Args>(args)...);
        text += '\n';
    }
};

/// "  name: value" padded so that the comments after it line up.
std::string with_comment(std::string entry, std::string_view comment) {
    if (comment.empty()) return entry;
    if (entry.size() < 48) entry.resize(48, ' ');
    else entry += "  ";
    return fmt::format("{}# {}", entry, comment);
}

std::string_view delimiter_text(char delimiter) {
    switch (delimiter) {
    case '\t': return "tab";
    case ';': return "\";\"";
    case '|': return "\"|\"";
    default: return "\",\"";
    }
}

/// "# 3 values did not parse: 'ca. 12' (line 17), ..." for a number column with a few cells
/// that are no number: the run rejects their rows, so the analyst must know.
std::string unread_comment(const ColumnGuess& column, std::string_view indent) {
    constexpr std::size_t shown = 3;
    std::string examples;
    for (std::size_t i = 0; i < column.unread.size() && i < shown; ++i)
        examples += fmt::format("{}'{}' (line {})", i ? ", " : "", column.unread[i].text, column.unread[i].line);
    if (column.unread.size() > shown) examples += fmt::format(", {} more", column.unread.size() - shown);
    const std::size_t count = column.unread.size();
    return fmt::format("{}# {} value{} did not parse: {}; a row with one is a bad row (fix the export, or "
                       "--skip-bad-rows)",
                       indent, count, count == 1 ? "" : "s", examples);
}

}  // namespace

std::string propose_rules(const CsvSample& sample) {
    const SampleGuess guess = guess_columns(sample);
    const Choice choice = choose_columns(guess);
    Writer out;
    std::set<std::string> taken = {"revenue", "revenue_last", "wallet", "margin", "countries", "sites", "reference",
                                   "leader", "agreement", "complexity", "potential", "growth"};

    // Editors with a YAML language server complete and check keys with the schema that
    // `kamscore schema` prints, looked for beside the rule file.
    out.line("# yaml-language-server: $schema=kamscore.schema.json");
    out.line("#   (for your editor: kamscore schema > kamscore.schema.json, in the folder of this file)");
    out.line("# Starter rules for {}, proposed by `kamscore init` from its header and {} sample row{}.",
             sample.display_name, sample.rows.size(), sample.rows.size() == 1 ? "" : "s");
    out.line("# Types and meanings are guesses from column names and values: read every line and change");
    out.line("# what does not fit your business. Then:");
    out.line("#   kamscore check rules.yaml --against {}", sample.display_name);
    out.line("#   kamscore score -r rules.yaml {} --breakdown --sort score", sample.display_name);
    out.line("kamscore: 1");
    out.line("name: Key account funnel");
    out.line("");
    out.line("input:");
    out.line("{}", with_comment(fmt::format("  id: {}", quoted(choice.id ? choice.id->column : "")),
                                choice.id && choice.id->role == ColumnRole::Id
                                    ? (choice.id->is_unique ? "the customer id (unique in the sample)"
                                                            : "the customer id -- NOT unique in the sample: check")
                                    : "no id column recognised: this one is unique in the sample; check"));
    if (choice.label) out.line("{}", with_comment(fmt::format("  label: {}", quoted(choice.label->column)), "shown next to the id"));
    if (!sample.sheet.empty()) {
        // A workbook's cells carry their numbers and dates: no delimiter, decimal or encoding.
        out.line("{}", with_comment(fmt::format("  sheet: {}", quoted(sample.sheet)), "the sheet of the workbook read"));
    } else {
        out.line("{}", with_comment(fmt::format("  delimiter: {}", delimiter_text(sample.delimiter)),
                                    "found in the header line"));
        out.line("{}", with_comment(fmt::format("  decimal: \"{}\"", guess.decimal),
                                    guess.decimal == ',' ? "German numbers: 1.234,56" : "numbers like 1234.5 or 1,234.5"));
        out.line("{}", with_comment(fmt::format("  encoding: {}", sample.encoding),
                                    sample.encoding == "utf-8" ? "" : "not UTF-8: German Excel / SAP code page"));
    }

    // Metrics come first in thought: they decide which fields and params are needed.
    struct MetricLine {
        std::string id, label, value, scale, comment;
        int weight;
    };
    std::vector<MetricLine> metrics;
    std::vector<std::pair<std::string, const ColumnGuess*>> fields;   // name -> column
    std::vector<std::pair<std::string, std::string>> derived;         // name -> expression
    if (choice.revenue) {
        fields.emplace_back("revenue", choice.revenue);
        metrics.push_back({"revenue", "Revenue", "revenue", "percentile", "rank among all customers", 40});
    }
    if (choice.revenue_last) fields.emplace_back("revenue_last", choice.revenue_last);
    if (choice.wallet && choice.revenue) {
        fields.emplace_back("wallet", choice.wallet);
        derived.emplace_back("potential", "max(wallet - revenue, 0)");
        std::vector<double> potentials;
        // Potentials from the sample's rows that have both values.
        const auto revenue_index = static_cast<std::size_t>(choice.revenue - guess.columns.data());
        const auto wallet_index = static_cast<std::size_t>(choice.wallet - guess.columns.data());
        for (const auto& row : sample.rows) {
            const auto revenue = parse_number(row[revenue_index], NumberFormat{guess.decimal});
            const auto wallet_size = parse_number(row[wallet_index], NumberFormat{guess.decimal});
            if (revenue && wallet_size && *wallet_size - *revenue > 0) potentials.push_back(*wallet_size - *revenue);
        }
        MetricLine potential{"potential", "Potential", "potential", "percentile", "rank among all customers", 30};
        if (potentials.size() >= 5) {
            const double low = round_nicely(quantile(potentials, 0.1)), high = round_nicely(quantile(potentials, 0.9));
            if (low > 0 && high > low) {
                potential.scale = fmt::format("{{ log: [{}, {}] }}", number_text(low), number_text(high));
                potential.comment = "10th to 90th percentile of the sample, on a log axis";
            }
        }
        metrics.push_back(potential);
    }
    if (choice.margin) {
        fields.emplace_back("margin", choice.margin);
        if (choice.margin->is_percent)
            metrics.push_back({"margin", "Margin", "margin", "{ bands: [[10, 0], [25, 50], [null, 100]] }",
                               "percent: below 10 no points, below 25 half", 20});
        else
            metrics.push_back({"margin", "Margin", "margin", "percentile", "an amount, not a percent: ranked", 20});
    }
    if (choice.revenue_last) {
        derived.emplace_back("growth", "if(revenue_last > 0, revenue / revenue_last - 1, missing)");
        metrics.push_back({"growth", "Growth", "growth", "{ linear: [-0.2, 0.2] }", "-20 % gives 0 points, +20 % full points", 10});
    }
    if (metrics.empty()) {
        // No revenue recognised: rank by the first few number columns, for a start.
        for (const ColumnGuess& column : guess.columns) {
            if (metrics.size() == 3) break;
            if (column.type != GuessedType::Number || &column == choice.id || column.role == ColumnRole::Countries ||
                column.role == ColumnRole::Sites || column.role == ColumnRole::Nps)
                continue;
            const std::string name = identifier_for(column.column, taken);
            fields.emplace_back(name, &column);
            metrics.push_back({name, column.column, name, "percentile", "no revenue column recognised: check", 1});
        }
    }

    std::vector<std::pair<std::string, std::string>> strategic;   // id -> when
    std::vector<std::string> lighthouse, complex;
    if (choice.reference) {
        fields.emplace_back("reference", choice.reference);
        lighthouse.push_back("reference");
    }
    if (choice.leader) {
        fields.emplace_back("leader", choice.leader);
        lighthouse.push_back("leader");
    }
    if (choice.countries) {
        fields.emplace_back("countries", choice.countries);
        complex.push_back("countries >= 5");
    }
    if (choice.sites) {
        fields.emplace_back("sites", choice.sites);
        complex.push_back("sites >= 10");
    }
    if (choice.complexity) {
        fields.emplace_back("complexity", choice.complexity);
        complex.push_back(fmt::format("lower(complexity) == \"{}\"", choice.complexity_high));
    }
    auto joined = [](const std::vector<std::string>& parts, std::string_view separator) {
        std::string text;
        for (const auto& part : parts) text += (text.empty() ? "" : std::string(separator)) + part;
        return text;
    };
    if (!lighthouse.empty()) strategic.emplace_back("lighthouse", joined(lighthouse, " or "));
    if (!complex.empty()) strategic.emplace_back("complex", joined(complex, " or "));
    if (choice.agreement) fields.emplace_back("agreement", choice.agreement);

    std::vector<std::string> params;
    if (!metrics.empty()) params.push_back(with_comment("  min_score: 70", "a key account needs at least this score (0..100)"));
    double big_revenue = 0;
    if (choice.revenue && !choice.revenue->numbers.empty()) {
        big_revenue = round_nicely(quantile(choice.revenue->numbers, 0.9));
        if (big_revenue > 0)
            params.push_back(with_comment(fmt::format("  big_revenue: {}", number_text(big_revenue)),
                                          "revenue that alone makes a large customer (top 10 % of the sample)"));
    }
    if (!params.empty()) {
        out.line("");
        out.line("params:                                         # change them here, or per run: --set min_score=60");
        for (const auto& param : params) out.line("{}", param);
    }

    out.line("");
    out.line("fields:                                         # the columns the rules use, typed");
    std::set<const ColumnGuess*> used;
    for (const auto& [name, column] : fields) {
        used.insert(column);
        out.line("  {}: {}", name, field_value(*column));
        if (!column->unread.empty()) out.line("{}", unread_comment(*column, "    "));
    }
    std::vector<std::string> others;
    for (const ColumnGuess& column : guess.columns) {
        if (used.count(&column) || &column == choice.id || &column == choice.label) continue;
        if (column.type == GuessedType::Empty) {
            others.push_back(fmt::format("  #   {} is empty in the sample", quoted(column.column)));
            continue;
        }
        others.push_back(fmt::format("  # {}: {}", identifier_for(column.column, taken), field_value(column)));
        if (!column.unread.empty()) others.push_back(unread_comment(column, "  #   "));
    }
    if (!others.empty()) {
        out.line("  # Not used yet -- uncomment to use one in an expression:");
        for (const auto& line : others) out.line("{}", line);
    }

    if (!derived.empty()) {
        out.line("");
        out.line("derived:                                        # computed per customer, in this order");
        for (const auto& [name, expression] : derived)
            out.line("{}", with_comment(fmt::format("  {}: {}", name, expression),
                                        name == "potential" ? "what the customer buys elsewhere" : "against last year"));
    }
    if (!strategic.empty()) {
        out.line("");
        out.line("strategic:                                      # funnel step 1: qualitative criteria");
        for (const auto& [id, when] : strategic)
            out.line("  - {{ id: {}, label: {}, when: {} }}", id,
                     id == "lighthouse" ? "Reference or industry leader" : "Complex relationship", when);
    }
    if (!metrics.empty()) {
        out.line("");
        out.line("metrics:                                        # funnel step 2: each scaled to 0..100 points, weighted");
        for (const auto& metric : metrics) {
            out.line("  - {{ id: {}, label: {}, value: {}, weight: {}, scale: {} }}", metric.id, quoted(metric.label),
                     metric.value, metric.weight, metric.scale);
            if (!metric.comment.empty()) out.line("    # {}", metric.comment);
        }
    }

    out.line("");
    out.line("tiers:                                          # first match wins; the last has no condition");
    std::vector<std::string> key_account;
    if (!metrics.empty()) key_account.push_back("score >= min_score");
    if (!strategic.empty()) key_account.push_back("strategic >= 1");
    if (choice.agreement) key_account.push_back("agreement");
    if (metrics.empty()) {
        // A capacity keeps the best by score; without a metric every score is the same and
        // the seats would go by customer id, so the analyst has to add a metric first.
        out.line("  # No number column to rank by was found, so there is no score yet: add a metric under");
        out.line("  # 'metrics:', e.g. - {{ id: revenue, value: revenue, weight: 1, scale: percentile }},");
        out.line("  # before you give the key-account tier a capacity ('max: 25', the best 25 by score).");
    }
    if (!key_account.empty()) {
        out.line("  - id: key_account");
        out.line("    label: Key Account");
        out.line("{}", with_comment(fmt::format("    when: {}", joined(key_account, " and ")),
                                    choice.agreement ? "step 3: the customer wants the partnership" : ""));
        if (!metrics.empty()) out.line("{}", with_comment("    max: 25", "capacity: the best 25 by score"));
    } else {
        out.line("  # - {{ id: key_account, label: Key Account, when: score >= 70, max: 25 }}   # once there are metrics");
    }
    std::vector<std::string> large;
    if (big_revenue > 0) large.push_back("revenue >= big_revenue");
    if (!metrics.empty()) large.push_back("score >= min_score");
    if (!large.empty()) out.line("  - {{ id: large_customer, label: Großkunde, when: {} }}", joined(large, " or "));
    out.line("  - {{ id: standard, label: Standardkunde }}");
    return out.text;
}

}  // namespace kamscore
