#include "output/csv_writer.hpp"

#include <cmath>
#include <cstring>
#include <thread>
#include <vector>

#include "kamscore/output/cell_format.hpp"
#include "output/output_buffer.hpp"
#include "output/chunk_hand_over.hpp"
#include "output/table_check.hpp"

namespace kamscore {

CsvWriter::CsvWriter(char separator, bool raw) : CsvWriter(CsvStyle{separator, raw}) {}

CsvWriter::CsvWriter(const CsvStyle& style)
    : separator_(style.separator), raw_(style.raw), byte_order_mark_(style.byte_order_mark), crlf_(style.crlf),
      decimal_mark_(style.decimal_mark), one_thread_(style.one_thread) {
    for (char c : {separator_, '"', '\r', '\n'}) forces_quotes_[static_cast<unsigned char>(c)] = true;
}

CsvWriter::~CsvWriter() = default;

void CsvWriter::end_line(OutputBuffer& buffer) const {
    if (crlf_) buffer.put('\r');
    buffer.put('\n');
}

bool CsvWriter::needs_quotes(std::string_view text) const {
    if (text.empty()) return false;
    // Readers that trim fields (Excel's import, many CSV libraries) would lose edge spaces.
    if (text.front() == ' ' || text.back() == ' ') return true;
    for (char c : text)
        if (forces_quotes_[static_cast<unsigned char>(c)]) return true;
    return false;
}

void CsvWriter::write_text(OutputBuffer& buffer, std::string_view text) const {
    const bool neutralise = !raw_ && needs_neutralising(text);
    if (!needs_quotes(text)) {
        if (neutralise) buffer.put('\'');
        buffer.append(text);
        return;
    }
    buffer.put('"');
    if (neutralise) buffer.put('\'');
    while (true) {
        const void* quote = std::memchr(text.data(), '"', text.size());
        if (quote == nullptr) break;
        const auto length = static_cast<std::size_t>(static_cast<const char*>(quote) - text.data()) + 1;
        buffer.append(text.substr(0, length));
        buffer.put('"');
        text.remove_prefix(length);
    }
    buffer.append(text);
    buffer.put('"');
}

void CsvWriter::write_rows(OutputBuffer& buffer, const std::vector<const OutputColumn*>& columns,
                           std::span<const std::uint32_t> rows) const {
    // The hot loop: numbers, dates and booleans are formatted straight into the buffer and
    // never quoted or neutralised, so they skip write_text.
    for (const std::uint32_t row : rows) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i > 0) buffer.put(separator_);
            const OutputColumn& column = *columns[i];
            const Column& cells = *column.column;
            switch (cells.type) {
            case Type::Number: {
                const double value = cells.numbers[row];
                if (!std::isfinite(value)) break;
                char* const first = buffer.reserve(max_cell_chars);
                char* const last = format_number(first, value, column.decimals);
                if (decimal_mark_ != '.')
                    if (void* point = std::memchr(first, '.', static_cast<std::size_t>(last - first)))
                        *static_cast<char*>(point) = decimal_mark_;
                buffer.commit(last);
                break;
            }
            case Type::Date:
                buffer.commit(format_date_cell(buffer.reserve(max_cell_chars), cells.numbers[row]));
                break;
            case Type::Bool:
                if (cells.bools[row] != bool_missing) buffer.append(cells.bools[row] == bool_true ? "true" : "false");
                break;
            case Type::Text: write_text(buffer, cells.texts[row]); break;
            }
        }
        end_line(buffer);
    }
}

void CsvWriter::write_header(OutputBuffer& buffer, const std::vector<const OutputColumn*>& columns) const {
    if (byte_order_mark_) buffer.append("\xEF\xBB\xBF");
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i > 0) buffer.put(separator_);
        write_text(buffer, columns[i]->name);
    }
    end_line(buffer);
}

void CsvWriter::begin(const std::vector<OutputColumn>& columns, std::FILE* out) {
    batch_columns_.clear();
    for (const OutputColumn& column : columns)
        if (column.in_flat_output) batch_columns_.push_back(&column);
    batch_buffer_ = std::make_unique<OutputBuffer>(out, !one_thread_);
    write_header(*batch_buffer_, batch_columns_);
}

void CsvWriter::write_rows(const std::vector<OutputColumn>& columns, std::span<const std::uint32_t> rows) {
    check_output_rows(columns, rows);
    batch_columns_.clear();
    for (const OutputColumn& column : columns)
        if (column.in_flat_output) batch_columns_.push_back(&column);
    write_rows_in_parallel(*batch_buffer_, batch_columns_, rows);
}

void CsvWriter::end() {
    batch_buffer_->finish();
    batch_buffer_.reset();
}

void CsvWriter::write(const OutputTable& table, std::FILE* out) {
    check_output_table(table);
    std::vector<const OutputColumn*> columns;
    for (const OutputColumn& column : table.columns)
        if (column.in_flat_output) columns.push_back(&column);
    OutputBuffer buffer(out, !one_thread_);
    write_header(buffer, columns);
    write_rows_in_parallel(buffer, columns, table.rows);
    buffer.finish();
}

void CsvWriter::write_rows_in_parallel(OutputBuffer& buffer, const std::vector<const OutputColumn*>& columns,
                                       std::span<const std::uint32_t> rows) const {
    if (one_thread_ || rows.size() < parallel_min_rows) {
        write_rows(buffer, columns, rows);
    } else {
        // Formatting is half of writing a million rows: a second thread formats every other
        // chunk into memory while this one formats the rest and writes all in order.
        ChunkHandOver hand_over(rows.size());
        std::jthread helper([&](std::stop_token stop) {
            for (std::size_t chunk = 1; chunk < hand_over.chunks; chunk += 2) {
                std::string text;
                OutputBuffer memory(text);
                write_rows(memory, columns, hand_over.rows_of(rows, chunk));
                memory.finish();
                if (!hand_over.give(chunk, std::move(text), stop)) return;
            }
        });
        for (std::size_t chunk = 0; chunk < hand_over.chunks; ++chunk) {
            if (chunk % 2 == 0) write_rows(buffer, columns, hand_over.rows_of(rows, chunk));
            else buffer.append(hand_over.take(chunk));
        }
    }
}

}  // namespace kamscore
