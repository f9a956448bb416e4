// The sections that describe the data: input (the CSV), params (constants), fields (typed
// columns) and derived (values computed from them). Field, derived and param names share
// one namespace, because expressions use them alike.

#include "rules/load_sections.hpp"
#include "rules/rule_keys.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"

namespace kamscore {
namespace {

std::string ascii_lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lowered;
}

/// A column name: text, and not empty (a header cell can be empty, but cannot be matched).
std::optional<std::string> read_column(RuleReader& reader, const YamlNode& node, std::string_view what) {
    if (!node.is_scalar()) {
        reader.expected(node, "a column name", what);
        return std::nullopt;
    }
    if (node.text.empty()) {
        reader.error(node, fmt::format("empty column name for {}", what));
        return std::nullopt;
    }
    return node.text;
}

}  // namespace

std::optional<char> read_delimiter(RuleReader& reader, const YamlNode& node) {
    auto text = reader.text(node, "'delimiter'");
    if (!text) return std::nullopt;
    std::string word = ascii_lower(*text);
    if (word == "auto") return char{0};
    // "\t" in double quotes is a real tab; people also write tab, or \t without quotes.
    if (word == "tab" || word == "\t" || word == "\\t") return '\t';
    if (word == "," || word == ";" || word == "|") return word.front();
    std::string_view source = reader.source().text();
    if (text->empty() && node.offset < source.size() && source[node.offset] == '|') {
        reader.error(node, "a bare '|' starts a YAML block scalar: write the delimiter in quotes, delimiter: \"|\"");
    } else {
        reader.error(node, fmt::format("unknown delimiter '{}': expected auto, ',', ';', tab or '|'", *text));
    }
    return std::nullopt;
}

std::optional<std::string> read_encoding(RuleReader& reader, const YamlNode& node) {
    auto text = reader.text(node, "'encoding'");
    if (!text) return std::nullopt;
    std::string name = ascii_lower(*text);
    if (name == "utf-8" || name == "utf8") return "utf-8";
    if (name == "windows-1252" || name == "cp1252") return "windows-1252";
    if (name == "latin-1" || name == "latin1" || name == "iso-8859-1" || name == "iso8859-1") return "iso-8859-1";
    reader.error(node, fmt::format("unknown encoding '{}': expected utf-8, windows-1252 or latin-1", *text));
    return std::nullopt;
}

namespace {

/// `missing_words:` of the input or of a field: words that mean "no value", compared with
/// the trimmed cell ignoring ASCII case. `[]` is allowed: a field's empty list turns the
/// input's words off for it.
std::optional<std::vector<std::string>> read_missing_words(RuleReader& reader, const YamlNode& node) {
    constexpr std::string_view what = "'missing_words'";
    if (!node.is_sequence()) {
        reader.expected(node, "a list of words like [\"k.A.\", \"n/a\", \"-\"]", what);
        return std::nullopt;
    }
    std::vector<std::string> words;
    bool ok = true;
    for (const YamlNode& item : node.items) {
        if (!item.is_scalar()) {
            reader.expected(item, "a word (in quotes when it is - or ?)", what);
            ok = false;
            continue;
        }
        const std::size_t first = item.text.find_first_not_of(" \t");
        if (first == std::string::npos) {
            reader.error(item, "an empty word in 'missing_words': blank cells are missing values already");
            ok = false;
            continue;
        }
        const std::size_t last = item.text.find_last_not_of(" \t");
        words.push_back(item.text.substr(first, last - first + 1));   // cells are trimmed too
    }
    if (!ok) return std::nullopt;
    return words;
}

}  // namespace

void load_input(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& node = section.value;
    if (!node.is_map()) {
        reader.expected(node, "a map like { id: customer_id }", "'input'");
        return;
    }
    KeyedEntries keys = reader.entries(node, rule_keys::input);
    InputSpec& input = rules.input;
    if (const YamlNode* id = keys.value("id")) {
        if (auto column = read_column(reader, *id, "'id'")) {
            input.id_column = *column;
            input.location = reader.location(*id);
        }
    } else {
        reader.error(node, "'input' needs 'id' (the column holding the customer id)");
    }
    if (const YamlNode* label = keys.value("label")) {
        if (auto column = read_column(reader, *label, "'label'")) {
            input.label_column = *column;
            input.label_location = reader.location(*label);
        }
    }
    if (const YamlNode* delimiter = keys.value("delimiter")) {
        if (auto character = read_delimiter(reader, *delimiter)) input.delimiter = *character;
    }
    if (const YamlNode* decimal = keys.value("decimal")) {
        if (auto text = reader.text(*decimal, "'decimal'")) {
            if (*text == "." || *text == ",") {
                input.decimal = text->front();
            } else {
                reader.error(*decimal, fmt::format("unknown decimal separator '{}': expected '.' or ','", *text));
            }
        }
    }
    if (const YamlNode* encoding = keys.value("encoding")) {
        if (auto name = read_encoding(reader, *encoding)) input.encoding = *name;
    }
    if (const YamlNode* group = keys.value("group")) {
        if (auto column = read_column(reader, *group, "'group'")) {
            input.group_column = *column;
            input.group_location = reader.location(*group);
        }
    }
    if (const YamlNode* words = keys.value("missing_words")) {
        if (auto read = read_missing_words(reader, *words)) input.missing_words = std::move(*read);
    }
    // For workbook inputs (.xlsx): which sheet, and which of its rows holds the header.
    if (const YamlNode* sheet = keys.value("sheet")) {
        if (auto name = reader.text(*sheet, "'sheet'")) {
            if (name->empty()) reader.error(*sheet, "'sheet' is empty: name a sheet of the workbook, or leave it out "
                                                    "to read the first one");
            else input.sheet = *name;
        }
    }
    if (const YamlNode* row = keys.value("header_row")) {
        if (auto number = reader.number(*row, "'header_row'")) {
            if (*number >= 1 && *number <= 1048576 && *number == static_cast<double>(static_cast<std::uint64_t>(*number)))
                input.header_row = static_cast<std::uint64_t>(*number);
            else
                reader.error(*row, "'header_row' is the sheet row holding the header: a whole number from 1 to 1048576");
        }
    }
}

void load_params(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& node = section.value;
    if (node.is_null()) return;
    if (!node.is_map()) {
        reader.expected(node, "a map of name: value", "'params'");
        return;
    }
    for (const YamlEntry* entry : reader.entries(node, {})) {
        bool is_new_name = reader.identifier(entry->key, "param name", true) && reader.define_name(entry->key, "param");
        const YamlNode& value = entry->value;
        std::string what = fmt::format("param '{}'", entry->key.text);
        if (!value.is_scalar()) {
            reader.expected(value, "a number, true, false or text", what);
            continue;
        }
        if (!is_new_name) continue;
        ParamSpec param{entry->key.text, Value::of_text(value.text), reader.location(entry->key)};
        // Only unquoted scalars are typed: "70" in quotes stays the text it was written as.
        if (!value.quoted) {
            if (auto number = parse_plain_number(value.text)) {
                param.value = Value::of_number(*number);
            } else if (value.text == "true" || value.text == "True" || value.text == "TRUE") {
                param.value = Value::of_bool(true);
            } else if (value.text == "false" || value.text == "False" || value.text == "FALSE") {
                param.value = Value::of_bool(false);
            }
        }
        rules.params.push_back(std::move(param));
    }
}

std::optional<Type> read_type(RuleReader& reader, const YamlNode& node) {
    auto text = reader.text(node, "'type'");
    if (!text) return std::nullopt;
    if (*text == "number") return Type::Number;
    if (*text == "bool") return Type::Bool;
    if (*text == "text") return Type::Text;
    if (*text == "date") return Type::Date;
    std::string hint = did_you_mean(*text, rule_keys::field_types);
    if (hint.empty()) hint = ": expected number, bool, text or date";
    reader.error(node, fmt::format("unknown field type '{}'{}", *text, hint));
    return std::nullopt;
}

namespace {

/// The patterns parse_date understands: %Y, %m and %d once each, %% and literal characters.
std::optional<std::string> read_date_format(RuleReader& reader, const YamlNode& node) {
    auto format = reader.text(node, "'format'");
    if (!format) return std::nullopt;
    int year = 0, month = 0, day = 0;
    for (std::size_t i = 0; i < format->size(); ++i) {
        if ((*format)[i] != '%') continue;
        char conversion = i + 1 < format->size() ? (*format)[++i] : '\0';
        switch (conversion) {
        case 'Y': ++year; break;
        case 'm': ++month; break;
        case 'd': ++day; break;
        case '%': break;
        default:
            reader.error(node, fmt::format("'%{}' is not supported in a date format: use %Y, %m and %d",
                                           std::string_view(&conversion, conversion ? 1 : 0)));
            return std::nullopt;
        }
    }
    if (year != 1 || month != 1 || day != 1) {
        reader.error(node, fmt::format("a date format needs %Y, %m and %d once each, found '{}'", *format));
        return std::nullopt;
    }
    return format;
}

/// A list of words for `true:` or `false:` of a bool field.
std::optional<std::vector<std::string>> read_words(RuleReader& reader, const YamlNode& node, std::string_view what) {
    if (!node.is_sequence()) {
        reader.expected(node, "a list of words like [yes, ja, x]", what);
        return std::nullopt;
    }
    if (node.items.empty()) {
        reader.error(node, fmt::format("{} needs at least one word", what));
        return std::nullopt;
    }
    std::vector<std::string> words;
    bool ok = true;
    for (const YamlNode& item : node.items) {
        if (!item.is_scalar()) {
            reader.expected(item, "a word", what);
            ok = false;
        } else if (item.text.find_first_not_of(" \t") == std::string::npos) {
            reader.error(item, "an empty word never matches: blank cells are missing values (use coalesce)");
            ok = false;
        } else {
            words.push_back(ascii_lower(item.text));
        }
    }
    if (!ok) return std::nullopt;
    return words;
}

/// A word may not mean both true and false; `conflicting` is the other list in effect.
bool check_word_overlap(RuleReader& reader, const YamlNode& node, const std::vector<std::string>& words,
                        const std::vector<std::string>& conflicting, std::string_view meaning,
                        bool conflicting_given) {
    bool ok = true;
    for (std::size_t i = 0; i < words.size(); ++i) {
        auto is_same = [&](const std::string& other) { return ascii_lower(other) == words[i]; };
        if (std::none_of(conflicting.begin(), conflicting.end(), is_same)) continue;
        const YamlNode& item = node.items[i];
        ok = false;
        if (conflicting_given) {
            reader.error(item, fmt::format("'{}' is among both the true and the false words", item.text));
        } else {
            reader.error(item, fmt::format("'{}' cannot mean {}: it is one of the default {} words (set '{}' too)",
                                           item.text, meaning, meaning == "true" ? "false" : "true",
                                           meaning == "true" ? "false" : "true"));
        }
    }
    return ok;
}

bool read_bool_words(RuleReader& reader, const KeyedEntries& keys, FieldSpec& field) {
    const YamlNode* true_node = keys.value("true");
    const YamlNode* false_node = keys.value("false");
    std::optional<std::vector<std::string>> true_words, false_words;
    if (true_node) true_words = read_words(reader, *true_node, "'true'");
    if (false_node) false_words = read_words(reader, *false_node, "'false'");
    if (true_words) field.bool_words.true_words = *true_words;
    if (false_words) field.bool_words.false_words = *false_words;
    bool ok = (!true_node || true_words) && (!false_node || false_words);
    if (true_words) {
        ok = check_word_overlap(reader, *true_node, *true_words, field.bool_words.false_words, "true",
                                false_words.has_value()) && ok;
    } else if (false_words && !true_node) {
        ok = check_word_overlap(reader, *false_node, *false_words, field.bool_words.true_words, "false", false) && ok;
    }
    return ok;
}

std::optional<InvalidPolicy> read_invalid(RuleReader& reader, const YamlNode& node) {
    auto text = reader.text(node, "'invalid'");
    if (!text) return std::nullopt;
    // The words are rule_keys::invalid_policies, which the JSON Schema lists too.
    if (*text == "reject") return InvalidPolicy::Reject;
    if (*text == "missing") return InvalidPolicy::Missing;
    if (*text == "error") return InvalidPolicy::Error;
    reader.error(node, fmt::format("unknown value '{}' for 'invalid': expected reject (the default: a bad row), "
                                   "missing (the value is missing, the row is scored) or error (the run stops)",
                                   *text));
    return std::nullopt;
}

/// `pivot: { column: year, values: [2024, 2025] }`: one field per value, named
/// <field>_<value>, each reading only the rows whose `column` cell is that value.
bool read_pivot(RuleReader& reader, const YamlNode& node, FieldSpec& field, std::vector<std::string>& values) {
    if (!node.is_map()) {
        reader.expected(node, "a map like { column: year, values: [2024, 2025] }", "'pivot'");
        return false;
    }
    KeyedEntries keys = reader.entries(node, rule_keys::pivot);
    bool ok = true;
    if (const YamlNode* column = keys.value("column")) {
        auto name = read_column(reader, *column, "'pivot' 'column'");
        if (name) field.pivot_column = *name;
        ok = name.has_value();
    } else {
        reader.error(node, "'pivot' needs 'column' (the source's column whose values make the fields)");
        ok = false;
    }
    const YamlNode* list = keys.value("values");
    if (!list || !list->is_sequence() || list->items.empty()) {
        reader.expected(list ? *list : node, "a list of values like [2024, 2025]", "'pivot' 'values'");
        return false;
    }
    for (const YamlNode& item : list->items) {
        if (!item.is_scalar() || item.text.empty()) {
            reader.expected(item, "a value", "'pivot' 'values'");
            ok = false;
            continue;
        }
        if (!is_identifier(field.name + "_" + item.text)) {
            reader.error(item, fmt::format("'{}_{}' is not a usable field name: pivot values make names from letters, "
                                           "digits and _",
                                           field.name, item.text));
            ok = false;
            continue;
        }
        values.push_back(item.text);
    }
    return ok;
}

/// The long form { column, type, format, true, false, aggregate, missing_words, invalid }.
bool read_long_field(RuleReader& reader, const YamlNode& node, FieldSpec& field, const std::string& what,
                     std::vector<std::string>& pivot_values) {
    KeyedEntries keys = reader.entries(node, rule_keys::field);
    bool ok = true;
    const bool is_sourced = keys.find("source") != nullptr;
    if (const YamlNode* column = keys.value("column")) {
        auto name = read_column(reader, *column, "'column'");
        if (name) {
            field.column = *name;
            field.column_location = reader.location(*column);
        }
        ok = ok && name;
    } else if (!is_sourced) {
        reader.error(node, fmt::format("{} needs 'column' (the CSV header it is read from)", what));
        ok = false;
    }
    bool type_known = true;
    if (const YamlNode* type = keys.value("type")) {
        auto read = read_type(reader, *type);
        if (read) field.type = *read;
        type_known = read.has_value();
    }
    if (const YamlEntry* format = keys.find("format")) {
        if (type_known && field.type != Type::Date) {
            reader.error(format->key, fmt::format("'format' is for date fields, but {} is a {} field", what,
                                                  type_name(field.type)));
            ok = false;
        } else if (auto pattern = read_date_format(reader, format->value)) {
            field.date_format = *pattern;
        } else {
            ok = false;
        }
    }
    for (std::string_view word_key : {"true", "false"}) {
        const YamlEntry* words = keys.find(word_key);
        if (words && type_known && field.type != Type::Bool) {
            reader.error(words->key, fmt::format("'{}' is for bool fields, but {} is a {} field", word_key, what,
                                                 type_name(field.type)));
            ok = false;
        }
    }
    if (type_known && field.type == Type::Bool) ok = read_bool_words(reader, keys, field) && ok;
    if (is_sourced) {
        ok = read_source_keys(reader, keys, field, what) && ok;
        if (const YamlNode* pivot = keys.value("pivot")) ok = read_pivot(reader, *pivot, field, pivot_values) && ok;
    } else {
        for (std::string_view source_key : {"where", "count_if", "share_if", "by", "pivot"})
            if (const YamlEntry* entry = keys.find(source_key)) {
                reader.error(entry->key, fmt::format("'{}' is for fields that read a secondary source: add 'source: "
                                                     "NAME' (a source under 'sources:')",
                                                     source_key));
                ok = false;
            }
    }
    if (const YamlNode* aggregate = keys.value("aggregate"); aggregate && type_known && !is_sourced) {
        auto read = read_aggregate(reader, *aggregate, field.type, what);
        if (read) field.aggregate = *read;
        field.aggregate_location = reader.location(*aggregate);
        ok = ok && read;
    }
    if (const YamlNode* words = keys.value("missing_words")) {
        auto read = read_missing_words(reader, *words);
        if (read) field.missing_words = std::move(*read);
        ok = ok && read;
    }
    if (const YamlEntry* invalid = keys.find("invalid")) {
        if (type_known && field.type == Type::Text) {
            // Every cell is a text: there is nothing invalid to decide about.
            reader.error(invalid->key, fmt::format("'invalid' is for number, date and bool fields, but {} is a text "
                                                   "field, which reads every cell",
                                                   what));
            ok = false;
        } else if (auto read = read_invalid(reader, invalid->value)) {
            field.invalid = *read;
        } else {
            ok = false;
        }
    }
    return ok && type_known;
}

}  // namespace

void load_fields(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& node = section.value;
    if (node.is_null()) return;
    if (!node.is_map()) {
        reader.expected(node, "a map of name: column", "'fields'");
        return;
    }
    for (const YamlEntry* entry : reader.entries(node, {})) {
        bool is_new_name = reader.identifier(entry->key, "field name", true) && reader.define_name(entry->key, "field");
        std::string what = fmt::format("field '{}'", entry->key.text);
        FieldSpec field;
        std::vector<std::string> pivot_values;
        field.name = entry->key.text;
        field.location = reader.location(entry->key);
        const YamlNode& value = entry->value;
        bool ok = false;
        if (value.is_scalar()) {
            auto column = read_column(reader, value, what);
            if (column) {
                field.column = *column;
                field.column_location = reader.location(value);
            }
            ok = column.has_value();
        } else if (value.is_map()) {
            ok = read_long_field(reader, value, field, what, pivot_values);
        } else {
            reader.expected(value, "a column name or { column: ..., type: ... }", what);
        }
        if (!ok || !is_new_name) continue;
        if (field.pivot_column.empty()) {
            rules.fields.push_back(std::move(field));
            continue;
        }
        for (const std::string& pivot_value : pivot_values) {
            YamlNode name = entry->key;
            name.text = fmt::format("{}_{}", field.name, pivot_value);
            if (!reader.define_name(name, "field")) continue;
            FieldSpec one = field;
            one.name = name.text;
            one.pivot_value = pivot_value;
            rules.fields.push_back(std::move(one));
        }
    }
}

void load_derived(RuleReader& reader, const YamlEntry& section, RuleSet& rules) {
    const YamlNode& node = section.value;
    if (node.is_null()) return;
    if (!node.is_map()) {
        reader.expected(node, "a map of name: expression", "'derived'");
        return;
    }
    for (const YamlEntry* entry : reader.entries(node, {})) {
        bool is_new_name =
            reader.identifier(entry->key, "derived value name", true) && reader.define_name(entry->key, "derived value");
        auto expression = reader.expression(entry->value, fmt::format("derived value '{}'", entry->key.text));
        if (is_new_name && expression) {
            rules.derived.push_back(DerivedSpec{entry->key.text, std::move(*expression), reader.location(entry->key)});
        }
    }
}

}  // namespace kamscore
