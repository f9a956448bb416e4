#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/io/byte_source.hpp"
#include "kamscore/text_arena.hpp"

namespace kamscore {

/// A column wanted from a result file: by header name (exactly, then ignoring case and
/// surrounding spaces), or by position when `name` is empty (0: the first column).
struct ResultColumnRequest {
    std::string name;
    bool required = true;    ///< false: an absent column gives missing cells instead of an error
    std::size_t position = 0;
};

/// Some columns of a result file, the output of an earlier `kamscore score` (or anything
/// shaped like it): CSV or TSV with a header, a JSON array of objects, or JSON Lines.
/// Nested JSON objects are flattened with dots ("metrics.revenue.score").
struct ResultFile {
    std::string display_name;
    std::vector<std::string> header;     ///< every column: the CSV header, or the keys of the first JSON object
    std::vector<std::string> names;      ///< per request: the name found ("" for an absent optional column)
    std::vector<std::vector<std::string_view>> columns;   ///< per request, one cell per row; a null
                                                          ///< view (data() == nullptr) is empty or null
    std::vector<std::uint64_t> lines;    ///< line where each row starts
    std::size_t rows = 0;
    TextArena arena;                     ///< owns the bytes of the cells
};

/// Reads a result file. The format is found from the content: '[' starts a JSON array, '{' JSON
/// Lines, a zip is kamscore's own -f xlsx (the sheet Customers, else the first; its header is
/// the first row, or the second when the first holds labels and not the wanted columns),
/// anything else is CSV with the delimiter detected from the header (so TSV too). A CSV
/// cell that the score command neutralised for spreadsheets ('=..., '+..., '-..., '@...) is read
/// without the added quote. Throws Error(BadData) for malformed content or a missing required
/// column (naming the file, the line and what was expected), Error(IoFailure) when unreadable.
ResultFile read_result_file(std::unique_ptr<ByteSource> source, std::string display_name,
                            const std::vector<ResultColumnRequest>& wanted);

/// The first index in `header` named `name`: exactly, then ignoring ASCII case and surrounding
/// spaces; -1 when none.
int find_result_column(const std::vector<std::string>& header, std::string_view name);

}  // namespace kamscore
