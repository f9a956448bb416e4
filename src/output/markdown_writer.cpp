#include "output/markdown_writer.hpp"

#include <string>
#include <vector>

#include "kamscore/output/cell_format.hpp"
#include "output/output_buffer.hpp"
#include "output/table_check.hpp"
#include "output/utf8_text.hpp"

namespace kamscore {

namespace {

// Appends one cell's text so that it stays one cell of one table row. A backslash right
// before a pipe is doubled too: otherwise `a\|b` would turn into `a\\|b`, where the pipe
// splits the cell.
void append_cell(OutputBuffer& buffer, std::string_view text, std::string& scratch) {
    scratch.clear();
    append_valid_utf8(scratch, text);
    for (std::size_t i = 0; i < scratch.size(); ++i) {
        const char c = scratch[i];
        switch (c) {
        case '|': buffer.append("\\|"); break;
        case '\\':
            buffer.append(i + 1 < scratch.size() && scratch[i + 1] == '|' ? "\\\\" : "\\");
            break;
        case '\r':
            if (i + 1 < scratch.size() && scratch[i + 1] == '\n') ++i;
            buffer.append("<br>");
            break;
        case '\n': buffer.append("<br>"); break;
        default:
            buffer.put(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c);
            break;
        }
    }
}

}  // namespace

void MarkdownWriter::write(const OutputTable& table, std::FILE* out) {
    check_output_table(table);
    std::vector<const OutputColumn*> columns;
    for (const OutputColumn& column : table.columns)
        if (column.in_flat_output) columns.push_back(&column);

    OutputBuffer buffer(out);
    std::string scratch;
    buffer.put('|');
    for (const OutputColumn* column : columns) {
        buffer.put(' ');
        append_cell(buffer, column->name, scratch);
        buffer.append(" |");
    }
    buffer.append("\n|");
    for (const OutputColumn* column : columns)
        buffer.append(column->column->type == Type::Number ? " ---: |" : " --- |");
    buffer.put('\n');

    char cell[max_cell_chars];
    for (const std::uint32_t row : table.rows) {
        buffer.put('|');
        for (const OutputColumn* column : columns) {
            buffer.put(' ');
            append_cell(buffer, cell_text(*column, row, cell), scratch);
            buffer.append(" |");
        }
        buffer.put('\n');
    }
    buffer.finish();
}

}  // namespace kamscore
