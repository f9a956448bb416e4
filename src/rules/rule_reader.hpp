#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "kamscore/diagnostic.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "rules/source_text.hpp"
#include "rules/yaml_tree.hpp"

namespace kamscore {

/// A map's entries by key, once unknown, repeated and non-text keys have been reported.
class KeyedEntries {
public:
    void add(const YamlEntry& entry) { entries_.push_back(&entry); }
    const YamlEntry* find(std::string_view key) const;
    /// The value under `key`, or nullptr.
    const YamlNode* value(std::string_view key) const;
    std::size_t size() const { return entries_.size(); }
    const YamlEntry& operator[](std::size_t i) const { return *entries_[i]; }
    // Iterable itself, so that `for (auto* e : reader.entries(...))` keeps the temporary alive.
    auto begin() const { return entries_.begin(); }
    auto end() const { return entries_.end(); }

private:
    std::vector<const YamlEntry*> entries_;
};

/// Reads rule-file sections from the YAML tree. Every problem becomes a Diagnostic and
/// reading goes on, so one run of `kamscore check` shows them all.
class RuleReader {
public:
    explicit RuleReader(const SourceText& source) : source_(source) {}

    const SourceText& source() const { return source_; }
    std::vector<Diagnostic> take_diagnostics() { return std::move(diagnostics_); }

    SourceLocation location(const YamlNode& node) const;
    void error(const YamlNode& node, std::string message);

    /// Reports every repeated key in every map of the tree, and remembers the repeats so
    /// that entries() leaves them out: one message per mistake, not one per section rule.
    void find_duplicate_keys(const YamlNode& node);

    /// The entries of `map` whose keys are in `known` (any text key when `known` is empty).
    /// Keys that are not text, and unknown keys (with the closest known one as suggestion),
    /// are reported; repeated keys are left out.
    KeyedEntries entries(const YamlNode& map, const std::vector<std::string>& known);

    /// "expected {expected} for {what}, found ..." at `node`.
    void expected(const YamlNode& node, std::string_view expected, std::string_view what);

    /// A scalar's text; anything else is reported.
    std::optional<std::string> text(const YamlNode& node, std::string_view what);
    /// A plain scalar that std::from_chars reads whole as a finite number.
    std::optional<double> number(const YamlNode& node, std::string_view what);
    /// A scalar holding an expression, with where its text stands for carets.
    std::optional<ExpressionText> expression(const YamlNode& node, std::string_view what);

    /// Checks that `node` is a scalar holding an identifier; `reserved` also refuses the
    /// words of the expression language. `what` is e.g. "a field name".
    bool identifier(const YamlNode& node, std::string_view what, bool reserved);

    /// Fields, derived values and params share one namespace: records `node`'s text as a
    /// `kind` ("field", "derived value", "param"), reporting a clash with an earlier name.
    bool define_name(const YamlNode& node, std::string_view kind);
    /// The kind define_name() recorded for `name` ("field", "param", ...), also for a
    /// definition that then failed to load; "" for a name never defined.
    std::string kind_of(std::string_view name) const;

private:
    struct Definition {
        std::string kind;
        int line = 0;
    };

    const SourceText& source_;
    std::vector<Diagnostic> diagnostics_;
    std::unordered_set<const YamlEntry*> repeated_;
    std::map<std::string, Definition, std::less<>> names_;
};

/// Ids of strategic criteria, metrics or tiers: unique within their list.
class IdRegistry {
public:
    explicit IdRegistry(std::string kind) : kind_(std::move(kind)) {}
    /// Records the id in `node`; reports "duplicate {kind} id" and returns false on a repeat.
    bool add(RuleReader& reader, const YamlNode& node);

private:
    std::string kind_;
    std::map<std::string, int, std::less<>> lines_;
};

/// A plain scalar read as a number: std::from_chars on the whole text, finite only. Never
/// yaml-cpp's as<double>(), which depends on the global locale.
std::optional<double> parse_plain_number(std::string_view text);

/// [A-Za-z_][A-Za-z0-9_]*, where bytes of non-ASCII letters (Umlaute) count as letters.
bool is_identifier(std::string_view text);

/// Words of the expression language that cannot name a field, param or derived value.
bool is_reserved_word(std::string_view text);

}  // namespace kamscore
