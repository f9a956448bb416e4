#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "kamscore/output/writer.hpp"

namespace kamscore {

class OutputBuffer;

/// RFC 4180 CSV, or TSV with a tab separator: a header line, then one line per row, `\n`
/// line ends. Unless `raw`, text cells that a spreadsheet would run as a formula get a `'`.
class CsvWriter final : public Writer {
public:
    CsvWriter(char separator, bool raw);
    void write(const OutputTable& table, std::FILE* out) override;

private:
    /// Tables with fewer rows are formatted on one thread.
    static constexpr std::size_t parallel_min_rows = 65536;
    void write_rows(OutputBuffer& buffer, const std::vector<const OutputColumn*>& columns,
                    std::span<const std::uint32_t> rows) const;
    void write_text(OutputBuffer& buffer, std::string_view text) const;
    bool needs_quotes(std::string_view text) const;

    char separator_;
    bool raw_;
    std::array<bool, 256> forces_quotes_{};  ///< bytes that make a cell need quotes
};

}  // namespace kamscore
