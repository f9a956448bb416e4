#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/output/writer.hpp"

namespace kamscore {

class OutputBuffer;

/// JSON: an array of objects, one per line; or JSON Lines: one object per line, no array.
/// Columns nest by their json_path; all columns are written, in_flat_output or not.
class JsonWriter final : public Writer {
public:
    explicit JsonWriter(bool lines);
    ~JsonWriter() override;
    void write(const OutputTable& table, std::FILE* out) override;
    bool writes_in_batches() const override { return true; }
    void begin(const std::vector<OutputColumn>& columns, std::FILE* out) override;
    void write_rows(const std::vector<OutputColumn>& columns, std::span<const std::uint32_t> rows) override;
    void end() override;

    /// The text around the values of one object, worked out once from the column list:
    /// steps[i].prefix precedes the value of column steps[i].column, `suffix` closes the
    /// object. Columns sharing a path prefix share one nested object wherever they stand.
    struct Plan {
        struct Step {
            std::string prefix;   ///< e.g. `,"metrics":{"revenue":{"raw":`
            std::size_t column;   ///< index into OutputTable::columns
        };
        std::vector<Step> steps;
        std::string suffix;       ///< e.g. `}}}`
    };
    static Plan make_plan(const std::vector<OutputColumn>& columns);

private:
    bool lines_;
    // Between begin() and end():
    Plan plan_;
    std::unique_ptr<OutputBuffer> buffer_;
    bool wrote_a_row_ = false;
};

/// Appends `text` as a JSON string literal, quotes included: `"` `\` and control characters
/// escaped, everything else (UTF-8 included) as is.
void append_json_string(std::string& out, std::string_view text);
void write_json_string(OutputBuffer& buffer, std::string_view text);

}  // namespace kamscore
