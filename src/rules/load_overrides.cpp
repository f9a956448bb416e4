// Overrides files: the sales board's word for named customers, as CSV or YAML.

#include "kamscore/rules/load_overrides.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <cctype>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/table/parse_value.hpp"
#include "rules/rule_reader.hpp"
#include "rules/source_text.hpp"
#include "rules/yaml_tree.hpp"

namespace kamscore {
namespace {

constexpr std::string_view date_hint = "a date like 2026-01-31 or 31.01.2026";

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

std::string lower(std::string_view text) {
    std::string lowered(trim(text));
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lowered;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && lower(text.substr(text.size() - suffix.size())) == suffix;
}

std::vector<Override> load_yaml(std::string_view text, const std::string& display_name) {
    SourceText source(text, display_name);
    YamlDocument document = parse_yaml(source);
    std::vector<Diagnostic> diagnostics = std::move(document.diagnostics);
    RuleReader reader(source);
    std::vector<Override> overrides;
    const YamlNode* list = document.root ? &*document.root : nullptr;
    if (list && list->is_map()) {
        KeyedEntries top = reader.entries(*list, {"overrides"});
        list = top.value("overrides");
    }
    if (list && !list->is_null() && !list->is_sequence()) {
        reader.expected(*list, "a list of { id: ..., tier: ..., reason: ... }", "the overrides");
        list = nullptr;
    }
    if (list && diagnostics.empty()) {
        reader.find_duplicate_keys(*list);
        for (std::size_t i = 0; i < list->items.size(); ++i) {
            const YamlNode& item = list->items[i];
            const std::string what = fmt::format("override #{}", i + 1);
            if (!item.is_map()) {
                reader.expected(item, "a map like { id: C123, tier: key_account, reason: ... }", what);
                continue;
            }
            KeyedEntries keys = reader.entries(item, {"id", "tier", "reason", "owner", "expires", "name", "comment"});
            Override entry;
            entry.file = display_name;
            entry.line = static_cast<std::uint64_t>(item.line);
            bool ok = true;
            for (auto [key, target] : {std::pair{"id", &entry.id}, std::pair{"tier", &entry.tier},
                                       std::pair{"reason", &entry.reason}, std::pair{"owner", &entry.owner}}) {
                const YamlNode* value = keys.value(key);
                if (!value) continue;
                if (auto scalar = reader.text(*value, fmt::format("'{}'", key))) *target = std::string(trim(*scalar));
                else ok = false;
            }
            for (auto [key, target] : {std::pair{"id", &entry.id}, std::pair{"tier", &entry.tier}}) {
                const YamlNode* value = keys.value(key);
                if (!value) {
                    reader.error(item, fmt::format("{} needs '{}'", what, key));
                    ok = false;
                } else if (value->is_scalar() && target->empty()) {
                    reader.error(*value, fmt::format("{}: '{}' is empty", what, key));
                    ok = false;
                }
            }
            if (const YamlNode* expires = keys.value("expires"); expires && !expires->is_null()) {
                auto days = expires->is_scalar() ? parse_date(trim(expires->text)) : std::nullopt;
                if (days) {
                    entry.expires = *days;
                } else {
                    reader.expected(*expires, date_hint, "'expires'");
                    ok = false;
                }
            }
            if (ok) overrides.push_back(std::move(entry));
        }
    }
    for (Diagnostic& diagnostic : reader.take_diagnostics()) diagnostics.push_back(std::move(diagnostic));
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
    });
    if (!diagnostics.empty()) throw Error(ExitCode::BadData, "", {}, format_diagnostics(diagnostics, display_name));
    return overrides;
}

/// A header name as the overrides file matches it: lower case (ASCII and the German umlauts),
/// letters and digits only: "Gültig bis", "gültig_bis" and "GÜLTIG BIS" are one name.
std::string header_key(std::string_view name) {
    std::string key;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto byte = static_cast<unsigned char>(name[i]);
        if (byte == 0xC3 && i + 1 < name.size()) {
            const auto next = static_cast<unsigned char>(name[i + 1]);
            // Ä Ö Ü (C3 84, C3 96, C3 9C) are ä ö ü plus 0x20 in their second byte.
            key += name[i];
            key += static_cast<char>(next == 0x84 || next == 0x96 || next == 0x9C ? next + 0x20 : next);
            ++i;
        } else if (byte >= 0x80 || std::isalnum(byte)) {
            key += static_cast<char>(std::tolower(byte));
        }
    }
    return key;
}

/// The columns an overrides CSV reads, each by its English name or a German one (README
/// "Overrides: the sales board's word" documents the list).
struct ColumnNames {
    std::string_view role;
    std::array<std::string_view, 4> keys;   ///< header_key of each accepted name ("" = none)
};
constexpr ColumnNames read_columns[] = {
    {"tier", {"tier", "stufe", "einstufung", ""}},
    {"reason", {"reason", "begründung", "begruendung", "grund"}},
    {"owner", {"owner", "who", "verantwortlich", ""}},
    {"expires", {"expires", "validuntil", "gültigbis", "gueltigbis"}},
};
/// Columns kept in the file for the people who read it, not by kamscore.
constexpr std::string_view for_people[] = {"name", "comment", "kommentar", "bemerkung", "notiz"};

constexpr std::string_view accepted_columns =
    "id (or the rules' id column), tier, reason, owner, expires; in German Stufe, Begründung or Grund, "
    "Verantwortlich, gültig bis; name and comment columns are left for people";

std::vector<Override> load_csv(std::string_view text, const std::string& display_name, const std::string& id_column,
                               const std::string& label_column, std::vector<std::string>& warnings) {
    CsvReader reader(string_byte_source(std::string(text)), display_name);
    const auto& header = reader.header();
    std::vector<std::string> keys;
    for (const auto& name : header) keys.push_back(header_key(name));
    std::vector<bool> is_used(header.size(), false);
    auto find = [&](std::span<const std::string_view> names) {
        for (std::size_t i = 0; i < keys.size(); ++i)
            for (std::string_view name : names)
                if (!name.empty() && keys[i] == name && !is_used[i]) {
                    is_used[i] = true;
                    return static_cast<int>(i);
                }
        return -1;
    };
    const std::string id_key = header_key(id_column);
    const std::array<std::string_view, 2> id_names{"id", id_key};
    const int id = find(id_names);
    int found[std::size(read_columns)];
    for (std::size_t r = 0; r < std::size(read_columns); ++r) found[r] = find(read_columns[r].keys);
    const int tier = found[0], reason = found[1], owner = found[2], expires = found[3];
    if (id < 0 || tier < 0)
        throw Error(ExitCode::BadData,
                    fmt::format("{} needs the columns 'id' and 'tier' (also 'reason', 'owner', "
                                "'expires'); its header has '{}'",
                                display_name, fmt::join(header, "', '")));
    // A column kamscore does not read is named: a 'Bemerkung' meant as the reason would
    // otherwise vanish without a word.
    std::vector<std::string> known{"id", id_column, "tier", "reason", "owner", "expires", "Stufe", "Begründung",
                                   "Grund", "Verantwortlich", "gültig bis"};
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (is_used[i] || keys[i].empty()) continue;
        const bool is_for_people =
            std::find(std::begin(for_people), std::end(for_people), keys[i]) != std::end(for_people) ||
            (!label_column.empty() && keys[i] == header_key(label_column));
        if (is_for_people) continue;
        warnings.push_back(fmt::format("{}warning: {}: column '{}' is not read{}; the columns read are {}",
                                       program_prefix, display_name, header[i], did_you_mean(header[i], known),
                                       accepted_columns));
    }

    std::vector<Override> overrides;
    std::vector<std::string> problems;
    CsvRecord record;
    while (reader.next(record)) {
        auto cell = [&](int index) {
            return index >= 0 && static_cast<std::size_t>(index) < record.fields.size()
                       ? std::string(trim(record.fields[static_cast<std::size_t>(index)]))
                       : std::string();
        };
        auto problem = [&](std::string message) {
            problems.push_back(fmt::format("{}:{}: {}", display_name, record.line, message));
        };
        if (!record.problem.empty()) {
            problem(record.problem);
            continue;
        }
        Override entry{cell(id), cell(tier), cell(reason), cell(owner), std::nullopt, display_name, record.line};
        std::size_t before = problems.size();
        if (entry.id.empty()) problem("column \"id\": the id is empty");
        if (entry.tier.empty()) problem("column \"tier\": the tier is empty");
        if (std::string when = cell(expires); !when.empty()) {
            if (auto days = parse_date(when)) entry.expires = *days;
            else problem(fmt::format("column \"expires\": \"{}\" is not {}", when, date_hint));
        }
        if (problems.size() == before) overrides.push_back(std::move(entry));
    }
    if (!problems.empty())
        throw Error(ExitCode::BadData,
                    fmt::format("{} bad line{} in {}", problems.size(), problems.size() == 1 ? "" : "s", display_name), {},
                    fmt::format("{}\n", fmt::join(problems, "\n")));
    return overrides;
}

}  // namespace

std::vector<Override> load_overrides(std::string_view text, const std::string& display_name,
                                     const std::string& id_column, const std::string& label_column,
                                     std::vector<std::string>& warnings) {
    if (ends_with_ignoring_case(display_name, ".yaml") || ends_with_ignoring_case(display_name, ".yml"))
        return load_yaml(text, display_name);
    return load_csv(text, display_name, id_column, label_column, warnings);
}

}  // namespace kamscore
