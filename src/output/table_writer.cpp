#include "output/table_writer.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kamscore/output/cell_format.hpp"
#include "kamscore/output/display_width.hpp"
#include "output/output_buffer.hpp"
#include "output/table_check.hpp"

namespace kamscore {

namespace {

constexpr std::string_view column_gap = "  ";
constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // …, one column wide
constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// Tiers are few; the palette cycles by value in order of first appearance, so the first
// tier in the output gets bold green whatever the rule file calls it.
constexpr std::string_view palette[] = {"\x1b[1;32m", "\x1b[33m", "\x1b[36m", "\x1b[35m", "\x1b[34m"};
constexpr std::size_t palette_size = std::size(palette);
constexpr std::string_view colour_reset = "\x1b[0m";
constexpr std::uint8_t no_colour = 0xFF;

struct ShownColumn {
    const OutputColumn* spec;
    std::size_t width;
    bool right_aligned;
};

void append_repeated(OutputBuffer& buffer, char c, std::size_t count) {
    char* out = buffer.reserve(count);
    std::fill_n(out, count, c);
    buffer.commit(out + count);
}

void append_spaces(OutputBuffer& buffer, std::size_t count) {
    constexpr std::size_t chunk = 256;
    for (; count > chunk; count -= chunk) append_repeated(buffer, ' ', chunk);
    append_repeated(buffer, ' ', count);
}

// A cell may hold line breaks, tabs or escape sequences (CRM notes, hostile input): on a
// terminal they would break the layout or drive the terminal, so they show as a space.
void append_printable(OutputBuffer& buffer, std::string_view text) {
    for (std::size_t offset = 0; offset < text.size();) {
        const unsigned char byte = static_cast<unsigned char>(text[offset]);
        if (byte < 0x80) {
            buffer.put(byte < 0x20 || byte == 0x7F ? ' ' : static_cast<char>(byte));
            ++offset;
            continue;
        }
        const CodePoint cp = decode_utf8(text, offset);
        if (cp.value < 0xA0)
            buffer.put(' ');  // C1 controls, U+0080..U+009F
        else if (cp.value == 0xFFFD)
            buffer.append(replacement_character);  // also stands for bytes that are not UTF-8
        else
            buffer.append(text.substr(offset, cp.length));
        offset += cp.length;
    }
}

void write_cell(OutputBuffer& buffer, std::string_view text, const ShownColumn& column, bool is_last,
                std::uint8_t colour) {
    std::size_t used = display_width(text);
    bool is_cut = false;
    if (used > column.width) {
        text = column.width > 0 ? prefix_within_width(text, column.width - 1) : std::string_view();
        is_cut = column.width > 0;
        used = display_width(text) + (is_cut ? 1 : 0);
    }
    const std::size_t padding = column.width - used;
    if (column.right_aligned) append_spaces(buffer, padding);
    if (colour != no_colour) buffer.append(palette[colour]);
    append_printable(buffer, text);
    if (is_cut) buffer.append(ellipsis);
    if (colour != no_colour) buffer.append(colour_reset);
    // No trailing blanks after the last cell: they would only wrap on a narrow terminal.
    if (!column.right_aligned && !is_last) append_spaces(buffer, padding);
}

}  // namespace

void TableWriter::write(const OutputTable& table, std::FILE* out) {
    check_output_table(table);
    std::vector<ShownColumn> columns;
    std::size_t coloured_column = static_cast<std::size_t>(-1);
    for (const OutputColumn& column : table.columns) {
        if (!column.in_flat_output) continue;
        if (options_.color && !options_.tier_column.empty() && column.name == options_.tier_column)
            coloured_column = columns.size();
        columns.push_back({&column, std::min(display_width(column.name), max_column_width),
                           column.column->type == Type::Number});
    }

    // First pass: widths from all rows, and each row's tier colour.
    char scratch[max_cell_chars];
    std::vector<std::uint8_t> row_colours;
    std::unordered_map<std::string, std::uint8_t> value_colours;
    std::string value_key;
    for (const std::string& value : options_.color_order)
        value_colours.try_emplace(value, static_cast<std::uint8_t>(value_colours.size() % palette_size));
    if (coloured_column < columns.size()) row_colours.assign(table.rows.size(), no_colour);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::string_view text = cell_text(*columns[c].spec, table.rows[r], scratch);
            columns[c].width = std::max(columns[c].width, std::min(display_width(text), max_column_width));
            if (c == coloured_column && !text.empty()) {
                value_key.assign(text);
                const auto next = static_cast<std::uint8_t>(value_colours.size() % palette_size);
                row_colours[r] = value_colours.try_emplace(value_key, next).first->second;
            }
        }
    }

    std::size_t shown = columns.size();
    if (options_.terminal_width > 0 && !columns.empty()) {
        const auto limit = static_cast<std::size_t>(options_.terminal_width);
        std::size_t used = 0;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::size_t needed = (c > 0 ? column_gap.size() : 0) + columns[c].width;
            if (used + needed <= limit) {
                used += needed;
                continue;
            }
            // Always show the first column (the id), cut to the terminal if need be.
            if (c == 0) {
                columns[0].width = limit;
                shown = 1;
            } else {
                shown = c;
            }
            break;
        }
    }

    OutputBuffer buffer(out);
    for (std::size_t c = 0; c < shown; ++c) {
        if (c > 0) buffer.append(column_gap);
        write_cell(buffer, columns[c].spec->name, columns[c], c + 1 == shown, no_colour);
    }
    buffer.put('\n');
    for (std::size_t c = 0; c < shown; ++c) {
        if (c > 0) buffer.append(column_gap);
        append_repeated(buffer, '-', columns[c].width);
    }
    buffer.put('\n');
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        for (std::size_t c = 0; c < shown; ++c) {
            if (c > 0) buffer.append(column_gap);
            const std::string_view text = cell_text(*columns[c].spec, table.rows[r], scratch);
            const std::uint8_t colour = c == coloured_column ? row_colours[r] : no_colour;
            write_cell(buffer, text, columns[c], c + 1 == shown, colour);
        }
        buffer.put('\n');
    }
    if (shown < columns.size()) {
        const std::size_t hidden = columns.size() - shown;
        buffer.append("(");
        buffer.append(std::to_string(hidden));
        buffer.append(hidden == 1 ? " more column" : " more columns");
        buffer.append(": use -f csv to see all)\n");
    }
    buffer.finish();
}

}  // namespace kamscore
