// Overrides files: the sales board's word for named customers, as CSV or YAML.

#include "kamscore/rules/load_overrides.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

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

std::vector<Override> load_csv(std::string_view text, const std::string& display_name, const std::string& id_column) {
    CsvReader reader(string_byte_source(std::string(text)), display_name);
    const auto& header = reader.header();
    auto find = [&](std::initializer_list<std::string> names) {
        for (std::size_t i = 0; i < header.size(); ++i)
            for (const auto& name : names)
                if (lower(header[i]) == name) return static_cast<int>(i);
        return -1;
    };
    const int id = find({"id", lower(id_column)});
    const int tier = find({"tier"});
    const int reason = find({"reason"});
    const int owner = find({"owner"});
    const int expires = find({"expires"});
    if (id < 0 || tier < 0)
        throw Error(ExitCode::BadData,
                    fmt::format("{} needs the columns 'id' and 'tier' (also 'reason', 'owner', "
                                "'expires'); its header has '{}'",
                                display_name, fmt::join(header, "', '")));

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
                                     const std::string& id_column) {
    if (ends_with_ignoring_case(display_name, ".yaml") || ends_with_ignoring_case(display_name, ".yml"))
        return load_yaml(text, display_name);
    return load_csv(text, display_name, id_column);
}

}  // namespace kamscore
