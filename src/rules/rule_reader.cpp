#include "rules/rule_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"

namespace kamscore {

const YamlEntry* KeyedEntries::find(std::string_view key) const {
    for (const YamlEntry* entry : entries_) {
        if (entry->key.text == key) return entry;
    }
    return nullptr;
}

const YamlNode* KeyedEntries::value(std::string_view key) const {
    const YamlEntry* entry = find(key);
    return entry ? &entry->value : nullptr;
}

SourceLocation RuleReader::location(const YamlNode& node) const {
    return SourceLocation{source_.display_name(), node.line, node.column, node.length};
}

void RuleReader::error(const YamlNode& node, std::string message) {
    diagnostics_.push_back(
        Diagnostic{Severity::Error, location(node), std::move(message), std::string(source_.line(node.line))});
}

void RuleReader::find_duplicate_keys(const YamlNode& node) {
    for (const YamlNode& item : node.items) find_duplicate_keys(item);
    std::map<std::string_view, const YamlNode*> first_keys;
    for (const YamlEntry& entry : node.entries) {
        find_duplicate_keys(entry.key);
        find_duplicate_keys(entry.value);
        if (!entry.key.is_scalar()) continue;
        auto [first, inserted] = first_keys.emplace(entry.key.text, &entry.key);
        if (inserted) continue;
        repeated_.insert(&entry);
        error(entry.key, fmt::format("duplicate key '{}' (first defined on line {})", entry.key.text, first->second->line));
    }
}

KeyedEntries RuleReader::entries(const YamlNode& map, const std::vector<std::string>& known) {
    KeyedEntries result;
    for (const YamlEntry& entry : map.entries) {
        if (repeated_.contains(&entry)) continue;
        if (!entry.key.is_scalar()) {
            expected(entry.key, "a name", "a key");
            continue;
        }
        bool is_known = known.empty() || std::find(known.begin(), known.end(), entry.key.text) != known.end();
        if (!is_known) {
            std::string suggestion = did_you_mean(entry.key.text, known);
            if (suggestion.empty()) suggestion = fmt::format(" (expected {})", fmt::join(known, ", "));
            error(entry.key, fmt::format("unknown key '{}'{}", entry.key.text, suggestion));
            continue;
        }
        result.add(entry);
    }
    return result;
}

void RuleReader::expected(const YamlNode& node, std::string_view expected, std::string_view what) {
    error(node, fmt::format("expected {} for {}, found {}", expected, what, describe(node)));
}

std::optional<std::string> RuleReader::text(const YamlNode& node, std::string_view what) {
    if (node.is_scalar()) return node.text;
    expected(node, "text", what);
    return std::nullopt;
}

std::optional<double> parse_plain_number(std::string_view text) {
    // from_chars takes no '+', which YAML and people write now and then.
    if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::optional<double> RuleReader::number(const YamlNode& node, std::string_view what) {
    if (node.is_scalar()) {
        auto value = parse_plain_number(node.text);
        if (value && !node.quoted) return value;
        if (value) {
            error(node, fmt::format("expected a number for {}, found the text \"{}\": write numbers without quotes",
                                    what, node.text));
            return std::nullopt;
        }
    }
    expected(node, "a number", what);
    return std::nullopt;
}

/// Where the expression text of a scalar that is not verbatim in the source begins: after
/// the quote, or on the first line of a block scalar's content.
static std::size_t expression_start(std::string_view source, const YamlNode& node) {
    if (node.offset >= source.size()) return node.offset;
    char first = source[node.offset];
    if (first == '"' || first == '\'') return node.offset + 1;
    if (first != '|' && first != '>') return node.offset;
    std::size_t line_end = source.find('\n', node.offset);
    while (line_end != std::string_view::npos) {
        std::size_t start = line_end + 1;
        std::size_t content = source.find_first_not_of(" \t", start);
        if (content == std::string_view::npos) break;
        if (source[content] != '\n' && source[content] != '\r') return content;
        line_end = source.find('\n', content);
    }
    return node.offset;
}

std::optional<ExpressionText> RuleReader::expression(const YamlNode& node, std::string_view what) {
    if (!node.is_scalar()) {
        expected(node, "an expression", what);
        return std::nullopt;
    }
    if (node.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        error(node, fmt::format("empty expression for {}", what));
        return std::nullopt;
    }
    ExpressionText expression;
    expression.text = node.text;
    if (node.verbatim_offset) {
        expression.origin = source_.location_at(*node.verbatim_offset, count_characters(node.text));
        expression.exact_positions = true;
    } else {
        // Folded or escaped text no longer matches the file byte for byte: errors inside it
        // point at its start. A block scalar's final line break is no part of the expression.
        while (!expression.text.empty() && (expression.text.back() == '\n' || expression.text.back() == ' '))
            expression.text.pop_back();
        std::size_t start = expression_start(source_.text(), node);
        int length = start == node.offset ? node.length : 1;
        if (start == node.offset + 1) length = std::max(1, node.length - 2);
        expression.origin = source_.location_at(start, length);
    }
    expression.source_line = std::string(source_.line(expression.origin.line));
    return expression;
}

bool is_identifier(std::string_view text) {
    auto is_letter = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
    };
    if (text.empty() || !is_letter(text.front())) return false;
    return std::all_of(text.begin(), text.end(), [&](char c) { return is_letter(c) || (c >= '0' && c <= '9'); });
}

bool is_reserved_word(std::string_view text) {
    static constexpr std::string_view reserved[] = {"score", "strategic", "metric", "segment", "tier",
                                                    "previous_tier", "missing", "true", "false",
                                                    "and", "or", "not", "in"};
    return std::find(std::begin(reserved), std::end(reserved), text) != std::end(reserved);
}

bool RuleReader::identifier(const YamlNode& node, std::string_view what, bool reserved) {
    if (!node.is_scalar()) {
        expected(node, "a name", what);
        return false;
    }
    if (!is_identifier(node.text)) {
        error(node, fmt::format("'{}' is not a valid {}: use letters, digits and '_', not starting with a digit",
                                node.text, what));
        return false;
    }
    if (reserved && is_reserved_word(node.text)) {
        error(node, fmt::format("'{}' is a reserved word of the expression language and cannot be a {}",
                                node.text, what));
        return false;
    }
    return true;
}

bool RuleReader::define_name(const YamlNode& node, std::string_view kind) {
    auto [existing, inserted] = names_.try_emplace(node.text, Definition{std::string(kind), node.line});
    if (inserted) return true;
    error(node, fmt::format("'{}' is already defined as a {} on line {}", node.text, existing->second.kind,
                            existing->second.line));
    return false;
}

std::string RuleReader::kind_of(std::string_view name) const {
    const auto found = names_.find(name);
    return found == names_.end() ? std::string() : found->second.kind;
}

bool IdRegistry::add(RuleReader& reader, const YamlNode& node) {
    auto [existing, inserted] = lines_.try_emplace(node.text, node.line);
    if (inserted) return true;
    reader.error(node, fmt::format("duplicate {} id '{}' (first defined on line {})", kind_, node.text, existing->second));
    return false;
}

}  // namespace kamscore
