#include "kamscore/output/json_writer.hpp"

#include <array>
#include <cmath>
#include <string>

#include "kamscore/output/cell_format.hpp"
#include "output/output_buffer.hpp"
#include "output/table_check.hpp"

namespace kamscore {

namespace {

// The escape for each byte that needs one, empty for bytes that go out as they are.
struct EscapeTable {
    std::array<std::array<char, 7>, 32> control{};
    EscapeTable() {
        constexpr char hex[] = "0123456789abcdef";
        for (int c = 0; c < 32; ++c) control[c] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
        control['\b'] = {'\\', 'b'};
        control['\f'] = {'\\', 'f'};
        control['\n'] = {'\\', 'n'};
        control['\r'] = {'\\', 'r'};
        control['\t'] = {'\\', 't'};
    }
    std::string_view escape(unsigned char byte) const {
        if (byte == '"') return "\\\"";
        if (byte == '\\') return "\\\\";
        if (byte < 32) return std::string_view(control[byte].data());
        return {};
    }
};
const EscapeTable escape_table;

// Appends text escaped, to a std::string (plan building) or an OutputBuffer (rows).
template <typename Sink>
void append_escaped(Sink& sink, std::string_view text) {
    std::size_t run_start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::string_view escape = escape_table.escape(static_cast<unsigned char>(text[i]));
        if (escape.empty()) continue;
        sink.append(text.substr(run_start, i - run_start));
        sink.append(escape);
        run_start = i + 1;
    }
    sink.append(text.substr(run_start));
}

// Keys form a tree: an object node holds its members in order of first appearance.
struct KeyNode {
    static constexpr std::size_t no_column = static_cast<std::size_t>(-1);
    std::string key;                 ///< as written
    std::string path_component;      ///< as asked for; differs from key after a clash
    std::size_t column = no_column;  ///< a leaf's column; objects have none
    std::vector<KeyNode> members;

    bool is_object() const { return column == no_column; }
    bool has_key(std::string_view name) const {
        for (const KeyNode& member : members)
            if (member.key == name) return true;
        return false;
    }
    KeyNode* find_object(std::string_view component) {
        for (KeyNode& member : members)
            if (member.is_object() && member.path_component == component) return &member;
        return nullptr;
    }
    // A duplicate key would make the JSON ambiguous (a --keep column named like a computed
    // one, or a leaf that another path uses as an object): the later one becomes `key_2`.
    std::string unused_key(const std::string& name) const {
        if (!has_key(name)) return name;
        for (int n = 2;; ++n) {
            std::string candidate = name + "_" + std::to_string(n);
            if (!has_key(candidate)) return candidate;
        }
    }
    KeyNode& add_member(const std::string& component, std::size_t member_column) {
        members.push_back(KeyNode{unused_key(component), component, member_column, {}});
        return members.back();
    }
};

void add_column(KeyNode& root, const std::vector<std::string>& path, std::size_t column) {
    KeyNode* node = &root;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        KeyNode* object = node->find_object(path[i]);
        node = object != nullptr ? object : &node->add_member(path[i], KeyNode::no_column);
    }
    node->add_member(path.back(), column);
}

void emit_object(const KeyNode& object, std::string& pending, JsonWriter::Plan& plan) {
    pending += '{';
    bool first = true;
    for (const KeyNode& member : object.members) {
        if (!first) pending += ',';
        first = false;
        append_json_string(pending, member.key);
        pending += ':';
        if (member.is_object()) {
            emit_object(member, pending, plan);
        } else {
            plan.steps.push_back({std::move(pending), member.column});
            pending.clear();
        }
    }
    pending += '}';
}

void write_value(OutputBuffer& buffer, const OutputColumn& column, std::size_t row) {
    const Column& cells = *column.column;
    switch (cells.type) {
    case Type::Number: {
        const double value = cells.numbers[row];
        if (!std::isfinite(value)) return buffer.append("null");
        return buffer.commit(format_number(buffer.reserve(max_cell_chars), value, column.decimals));
    }
    case Type::Date: {
        const double days = cells.numbers[row];
        char* start = buffer.reserve(max_cell_chars + 2);
        char* end = format_date_cell(start + 1, days);
        if (end == start + 1) return buffer.append("null");
        *start = '"';
        *end++ = '"';
        return buffer.commit(end);
    }
    case Type::Bool:
        if (cells.bools[row] == bool_missing) return buffer.append("null");
        return buffer.append(cells.bools[row] == bool_true ? "true" : "false");
    case Type::Text: {
        const std::string_view text = cells.texts[row];
        if (text.data() == nullptr) return buffer.append("null");
        return write_json_string(buffer, text);
    }
    }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    append_escaped(out, text);
    out += '"';
}

void write_json_string(OutputBuffer& buffer, std::string_view text) {
    buffer.put('"');
    append_escaped(buffer, text);
    buffer.put('"');
}

JsonWriter::Plan JsonWriter::make_plan(const std::vector<OutputColumn>& columns) {
    KeyNode root;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const OutputColumn& column = columns[i];
        if (column.json_path.empty())
            add_column(root, {column.name}, i);
        else
            add_column(root, column.json_path, i);
    }
    Plan plan;
    std::string pending;
    emit_object(root, pending, plan);
    plan.suffix = std::move(pending);
    return plan;
}

JsonWriter::JsonWriter(bool lines) : lines_(lines) {}
JsonWriter::~JsonWriter() = default;

void JsonWriter::write(const OutputTable& table, std::FILE* out) {
    check_output_table(table);
    begin(table.columns, out);
    write_rows(table.columns, table.rows);
    end();
}

void JsonWriter::begin(const std::vector<OutputColumn>& columns, std::FILE* out) {
    plan_ = make_plan(columns);
    buffer_ = std::make_unique<OutputBuffer>(out);
    wrote_a_row_ = false;
}

void JsonWriter::write_rows(const std::vector<OutputColumn>& columns, std::span<const std::uint32_t> rows) {
    check_output_rows(columns, rows);
    OutputBuffer& buffer = *buffer_;
    for (const std::uint32_t row : rows) {
        if (!lines_) buffer.append(wrote_a_row_ ? ",\n" : "[\n");
        wrote_a_row_ = true;
        for (const Plan::Step& step : plan_.steps) {
            buffer.append(step.prefix);
            write_value(buffer, columns[step.column], row);
        }
        buffer.append(plan_.suffix);
        if (lines_) buffer.put('\n');
    }
}

void JsonWriter::end() {
    if (!lines_) buffer_->append(wrote_a_row_ ? "\n]\n" : "[]\n");
    buffer_->finish();
    buffer_.reset();
}

}  // namespace kamscore
