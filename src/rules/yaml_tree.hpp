#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/diagnostic.hpp"
#include "rules/source_text.hpp"

namespace kamscore {

enum class YamlKind { Null, Scalar, Sequence, Map };

struct YamlEntry;

/// A node of a YAML document as the rule loader needs it: every node knows where it
/// stands, scalars stay text (never typed by YAML), and maps keep all their entries in file
/// order, so duplicate keys stay visible.
struct YamlNode {
    YamlKind kind = YamlKind::Null;
    std::size_t offset = 0;   ///< byte offset of the node's first character (quote, bracket, tag)
    int line = 0;             ///< 1-based
    int column = 0;           ///< 1-based, in characters
    int length = 1;           ///< characters to underline in a diagnostic
    std::string text;         ///< a scalar's value, after unquoting and folding
    bool quoted = false;      ///< a scalar written in quotes, as a block scalar or with a tag
    /// Byte offset where `text` stands verbatim in the source (a one-line plain scalar, or a
    /// quoted one without escapes: then one past the quote); nullopt otherwise.
    std::optional<std::size_t> verbatim_offset;
    std::vector<YamlNode> items;      ///< a sequence's items
    std::vector<YamlEntry> entries;   ///< a map's entries

    bool is_scalar() const { return kind == YamlKind::Scalar; }
    bool is_null() const { return kind == YamlKind::Null; }
    bool is_sequence() const { return kind == YamlKind::Sequence; }
    bool is_map() const { return kind == YamlKind::Map; }
};

struct YamlEntry {
    YamlNode key;
    YamlNode value;
};

/// Bounds that keep hostile files cheap: a rule file has a few hundred nodes and nests about
/// six levels deep.
struct YamlLimits {
    std::size_t max_nodes = 100'000;
    int max_depth = 64;   ///< maps and sequences inside each other
};

struct YamlDocument {
    std::optional<YamlNode> root;        ///< nullopt for an empty file or when parsing failed
    std::vector<Diagnostic> diagnostics; ///< at most one or two: parsing stops at the first problem
};

/// Parses the first YAML document of `source` with yaml-cpp's event parser. Invalid UTF-8,
/// anchors and aliases, syntax errors, too many nodes or too deep nesting end parsing with a
/// diagnostic and no root. A second document is reported, but the first is still returned.
YamlDocument parse_yaml(const SourceText& source, const YamlLimits& limits = {});

/// "a list", "a map", "nothing" or the scalar quoted ('abc'): for "expected ..., found ...".
std::string describe(const YamlNode& node);

}  // namespace kamscore
