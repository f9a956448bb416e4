#include "rules/yaml_tree.hpp"

#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace kamscore {

namespace {

/// Ends parsing from inside an event handler; yaml-cpp unwinds through it cleanly.
struct StopParsing {
    Diagnostic diagnostic;
};

/// A yaml-cpp mark's byte offset, clamped to the text (marks of nodes made in code are -1).
std::size_t offset_of(const SourceText& source, const YAML::Mark& mark) {
    if (mark.pos < 0) return source.text().size();
    return std::min(static_cast<std::size_t>(mark.pos), source.text().size());
}

constexpr std::string_view anchors_not_supported = "YAML aliases and anchors are not supported in rule files";

bool is_flow_indicator_or_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '[' || c == ']' || c == '{' ||
           c == '}';
}

/// Characters from `offset` up to the first blank or flow indicator: an anchor or alias name.
int word_length(std::string_view text, std::size_t offset) {
    std::size_t end = offset + 1;
    while (end < text.size() && !is_flow_indicator_or_space(text[end])) ++end;
    return count_characters(text.substr(offset, end - offset));
}

/// Characters of a quoted scalar up to its closing quote, or to the end of the line.
int quoted_length(std::string_view text, std::size_t offset) {
    char quote = text[offset];
    std::size_t i = offset + 1;
    while (i < text.size() && text[i] != '\n' && text[i] != '\r') {
        if (quote == '"' && text[i] == '\\') {
            i += 2;
            continue;
        }
        if (text[i] == quote) {
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                i += 2;
                continue;
            }
            return count_characters(text.substr(offset, i + 1 - offset));
        }
        ++i;
    }
    return count_characters(text.substr(offset, std::min(i, text.size()) - offset));
}

/// Characters from `offset` to the end of its line, trailing blanks dropped.
int rest_of_line_length(std::string_view text, std::size_t offset) {
    std::size_t end = std::min(text.find('\n', offset), text.size());
    while (end > offset && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
    return count_characters(text.substr(offset, end - offset));
}

/// Where a scalar's value stands verbatim in the source, if it does. The checks on quotes
/// and backslashes make a coincidental match impossible: without them in the value, a match
/// means the source has no escapes either.
std::optional<std::size_t> find_verbatim(std::string_view source, std::size_t offset, const std::string& value,
                                         bool quoted) {
    if (offset >= source.size() || value.find('\n') != std::string::npos) return std::nullopt;
    if (!quoted) {
        if (source.substr(offset, value.size()) == value) return offset;
        return std::nullopt;
    }
    char quote = source[offset];
    if (quote != '"' && quote != '\'') return std::nullopt;
    if (value.find(quote == '"' ? '\\' : '\'') != std::string::npos) return std::nullopt;
    std::size_t start = offset + 1;
    if (source.substr(start, value.size()) != value) return std::nullopt;
    if (start + value.size() >= source.size() || source[start + value.size()] != quote) return std::nullopt;
    return start;
}

/// Builds YamlNodes from parser events: open collections wait on a stack until their end.
class TreeBuilder final : public YAML::EventHandler {
public:
    TreeBuilder(const SourceText& source, const YamlLimits& limits) : source_(source), limits_(limits) {}

    std::optional<YamlNode> take_root() { return std::move(root_); }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        YamlNode node = make_node(YamlKind::Null, mark, anchor);
        std::string_view rest = source_.text().substr(node.offset);
        bool is_null_word = (rest.starts_with("null") || rest.starts_with("Null") || rest.starts_with("NULL")) &&
                            (rest.size() == 4 || is_flow_indicator_or_space(rest[4]) || rest[4] == '#');
        if (is_null_word) {
            node.length = 4;
        } else if (!rest.starts_with("~") && !stack_.empty() && stack_.back().pending_key) {
            // An empty value ("weight:") carries the mark of whatever token follows, often on
            // a later line: "found nothing" reads best under the key that lacks its value.
            const YamlNode& key = *stack_.back().pending_key;
            node.offset = key.offset;
            node.line = key.line;
            node.column = key.column;
            node.length = key.length;
        }
        add(std::move(node));
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        std::size_t offset = offset_of(mark);
        throw StopParsing{source_.diagnostic_at(offset, word_length(source_.text(), offset),
                                                std::string(anchors_not_supported))};
    }

    void OnAnchor(const YAML::Mark& mark, const std::string&) override {
        // The node's mark is where its properties start; find the '&' among them.
        std::size_t offset = offset_of(mark);
        std::size_t ampersand = source_.text().find('&', offset);
        if (ampersand != std::string_view::npos) offset = ampersand;
        throw StopParsing{source_.diagnostic_at(offset, word_length(source_.text(), offset),
                                                std::string(anchors_not_supported))};
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        YamlNode node = make_node(YamlKind::Scalar, mark, anchor);
        // yaml-cpp tags a plain scalar "?" and a quoted or block scalar "!"; anything else
        // was written with an explicit tag, which is not plain either.
        node.quoted = tag != "?";
        node.text = value;
        node.verbatim_offset = find_verbatim(source_.text(), node.offset, node.text, node.quoted);
        std::string_view text = source_.text();
        if (node.verbatim_offset) {
            node.length = count_characters(node.text) + (node.quoted ? 2 : 0);
        } else if (node.offset < text.size() && (text[node.offset] == '"' || text[node.offset] == '\'')) {
            node.length = quoted_length(text, node.offset);
        } else if (!node.quoted && node.offset < text.size()) {
            node.length = std::max(1, rest_of_line_length(text, node.offset));
        }
        add(std::move(node));
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(make_node(YamlKind::Sequence, mark, anchor));
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(make_node(YamlKind::Map, mark, anchor));
    }
    void OnMapEnd() override { close(); }

private:
    struct OpenCollection {
        YamlNode node;
        std::optional<YamlNode> pending_key;
    };

    std::size_t offset_of(const YAML::Mark& mark) const { return kamscore::offset_of(source_, mark); }

    YamlNode make_node(YamlKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        YamlNode node;
        node.kind = kind;
        node.offset = offset_of(mark);
        // OnAnchor comes first and stops parsing; this guards against a yaml-cpp that skips it.
        if (anchor != YAML::NullAnchor) {
            throw StopParsing{source_.diagnostic_at(node.offset, 1, std::string(anchors_not_supported))};
        }
        if (++node_count_ > limits_.max_nodes) {
            throw StopParsing{source_.diagnostic_at(
                node.offset, 1,
                fmt::format("rule file too large: more than {} YAML nodes", limits_.max_nodes))};
        }
        node.line = source_.line_at(node.offset);
        node.column = source_.column_at(node.offset);
        return node;
    }

    void open(YamlNode node) {
        if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
            throw StopParsing{source_.diagnostic_at(
                node.offset, 1,
                fmt::format("YAML nested more than {} levels deep: a rule file needs far fewer", limits_.max_depth))};
        }
        stack_.push_back(OpenCollection{std::move(node), std::nullopt});
    }

    void close() {
        YamlNode node = std::move(stack_.back().node);
        stack_.pop_back();
        add(std::move(node));
    }

    void add(YamlNode node) {
        if (stack_.empty()) {
            root_ = std::move(node);
            return;
        }
        OpenCollection& parent = stack_.back();
        if (parent.node.kind == YamlKind::Sequence) {
            parent.node.items.push_back(std::move(node));
        } else if (!parent.pending_key) {
            parent.pending_key = std::move(node);
        } else {
            parent.node.entries.push_back(YamlEntry{std::move(*parent.pending_key), std::move(node)});
            parent.pending_key.reset();
        }
    }

    const SourceText& source_;
    const YamlLimits& limits_;
    std::vector<OpenCollection> stack_;
    std::optional<YamlNode> root_;
    std::size_t node_count_ = 0;
};

/// Stops at the start of a second document without reading it.
class SecondDocumentProbe final : public YAML::EventHandler {
public:
    explicit SecondDocumentProbe(const SourceText& source) : source_(source) {}
    void OnDocumentStart(const YAML::Mark& mark) override {
        std::size_t offset = offset_of(source_, mark);
        std::string_view rest = source_.text().substr(offset);
        throw StopParsing{source_.diagnostic_at(
            offset, rest.starts_with("---") ? 3 : 1,
            "a rule file holds one YAML document, but a second one starts here")};
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

private:
    const SourceText& source_;
};

Diagnostic invalid_utf8(const SourceText& source, std::size_t offset) {
    std::string_view text = source.text();
    auto byte = static_cast<unsigned char>(text[offset]);
    std::string message;
    if (offset == 0 && (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))) {
        message = "the rule file is UTF-16: save it as UTF-8";
    } else {
        message = fmt::format("invalid UTF-8 (byte 0x{:02X}): rule files must be saved as UTF-8, "
                              "not Windows-1252 or Latin-1",
                              byte);
    }
    Diagnostic diagnostic = source.diagnostic_at(offset, 1, std::move(message));
    diagnostic.source_line = replace_invalid_utf8(source.line(diagnostic.location.line));
    return diagnostic;
}

Diagnostic from_yaml_exception(const SourceText& source, const YAML::Exception& error, std::string message) {
    return source.diagnostic_at(offset_of(source, error.mark), 1, std::move(message));
}

/// At most 40 characters, cut at a character boundary, so a long expression does not swamp
/// a message about its shape.
std::string shortened(const std::string& text) {
    constexpr int limit = 40;
    if (count_characters(text) <= limit) return text;
    int characters = 0;
    std::size_t cut = 0;
    for (; cut < text.size(); ++cut) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) continue;
        if (characters == limit - 3) break;
        ++characters;
    }
    return text.substr(0, cut) + "...";
}

}  // namespace

YamlDocument parse_yaml(const SourceText& source, const YamlLimits& limits) {
    YamlDocument document;
    if (auto bad = find_invalid_utf8(source.text())) {
        document.diagnostics.push_back(invalid_utf8(source, *bad));
        return document;
    }
    std::istringstream stream{std::string(source.text())};
    try {
        YAML::Parser parser(stream);
        TreeBuilder builder(source, limits);
        if (!parser.HandleNextDocument(builder)) return document;
        document.root = builder.take_root();
        SecondDocumentProbe probe(source);
        parser.HandleNextDocument(probe);
    } catch (const StopParsing& stop) {
        document.diagnostics.push_back(stop.diagnostic);
    } catch (const YAML::DeepRecursion& error) {
        // Our own depth limit is lower, so this is a backstop; its message says "bad file".
        document.diagnostics.push_back(from_yaml_exception(source, error, "YAML nested too deeply"));
    } catch (const YAML::Exception& error) {
        // An alias is only announced once its anchor is known, so an alias of an unknown
        // anchor arrives as this exception: answer it as any other alias.
        if (error.msg.starts_with(YAML::ErrorMsg::UNKNOWN_ANCHOR)) {
            std::size_t offset = offset_of(source, error.mark);
            document.diagnostics.push_back(source.diagnostic_at(offset, word_length(source.text(), offset),
                                                                std::string(anchors_not_supported)));
        } else {
            // Raised in a second document, it leaves the first one in place: both get reported.
            document.diagnostics.push_back(from_yaml_exception(source, error, "invalid YAML: " + error.msg));
        }
    }
    return document;
}

std::string describe(const YamlNode& node) {
    switch (node.kind) {
    case YamlKind::Null: return "nothing";
    case YamlKind::Scalar: return fmt::format("'{}'", shortened(node.text));
    case YamlKind::Sequence: return "a list";
    case YamlKind::Map: return "a map";
    }
    return "?";
}

}  // namespace kamscore
