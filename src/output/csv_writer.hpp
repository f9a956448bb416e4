#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "kamscore/output/writer.hpp"

namespace kamscore {

class OutputBuffer;

/// How a CsvWriter spells its file.
struct CsvStyle {
    char separator = ',';
    bool raw = false;               ///< keep text cells that a spreadsheet would run as a formula
    bool byte_order_mark = false;   ///< start with the UTF-8 byte-order mark (EF BB BF)
    bool crlf = false;              ///< end lines with CR LF instead of LF
    char decimal_mark = '.';        ///< the point of numbers; dates and text are left as they are
    bool one_thread = false;        ///< format and write every row on the calling thread
};

/// RFC 4180 CSV, or TSV with a tab separator: a header line, then one line per row, `\n`
/// line ends. Unless `raw`, text cells that a spreadsheet would run as a formula get a `'`.
/// A CsvStyle adds what Excel needs: a byte-order mark, CRLF, decimal commas.
class CsvWriter final : public Writer {
public:
    CsvWriter(char separator, bool raw);
    explicit CsvWriter(const CsvStyle& style);
    ~CsvWriter() override;
    void write(const OutputTable& table, std::FILE* out) override;
    bool writes_in_batches() const override { return true; }
    void begin(const std::vector<OutputColumn>& columns, std::FILE* out) override;
    void write_rows(const std::vector<OutputColumn>& columns, std::span<const std::uint32_t> rows) override;
    void end() override;

private:
    /// The byte-order mark (when asked for) and the header line of `columns`.
    void write_header(OutputBuffer& buffer, const std::vector<const OutputColumn*>& columns) const;
    /// Tables with fewer rows are formatted on one thread.
    static constexpr std::size_t parallel_min_rows = 65536;
    void write_rows(OutputBuffer& buffer, const std::vector<const OutputColumn*>& columns,
                    std::span<const std::uint32_t> rows) const;
    /// The same, with every other chunk formatted on a second thread for many rows.
    void write_rows_in_parallel(OutputBuffer& buffer, const std::vector<const OutputColumn*>& columns,
                                std::span<const std::uint32_t> rows) const;
    void write_text(OutputBuffer& buffer, std::string_view text) const;
    bool needs_quotes(std::string_view text) const;

    void end_line(OutputBuffer& buffer) const;

    char separator_;
    bool raw_;
    bool byte_order_mark_;
    bool crlf_;
    char decimal_mark_;
    bool one_thread_;
    std::array<bool, 256> forces_quotes_{};  ///< bytes that make a cell need quotes
    // Between begin() and end():
    std::vector<const OutputColumn*> batch_columns_;   ///< the flat ones of the current batch
    std::unique_ptr<OutputBuffer> batch_buffer_;
};

}  // namespace kamscore
