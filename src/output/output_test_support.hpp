#pragma once
// Helpers for the output tests only: a table built column by column, and a writer's output
// captured as a string.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/output/writer.hpp"
#include "kamscore/text_arena.hpp"

namespace kamscore::test {

/// Owns the columns an OutputTable points at; rows default to all, in order.
class TableBuilder {
public:
    TableBuilder& number(std::string name, std::vector<double> values, int decimals = -1,
                         std::vector<std::string> json_path = {}) {
        Column& column = add(std::move(name), Type::Number, decimals, std::move(json_path));
        column.numbers = std::move(values);
        return track(column.size());
    }
    TableBuilder& date(std::string name, std::vector<double> days) {
        Column& column = add(std::move(name), Type::Date, -1, {});
        column.numbers = std::move(days);
        return track(column.size());
    }
    TableBuilder& boolean(std::string name, std::vector<Bool3> values) {
        Column& column = add(std::move(name), Type::Bool, -1, {});
        column.bools = std::move(values);
        return track(column.size());
    }
    /// nullopt is a missing text.
    TableBuilder& text(std::string name, std::vector<std::optional<std::string_view>> values,
                       std::vector<std::string> json_path = {}) {
        Column& column = add(std::move(name), Type::Text, -1, std::move(json_path));
        for (const auto& value : values) column.texts.push_back(value ? arena_.store(*value) : std::string_view());
        return track(column.size());
    }
    /// The last added column shows only in JSON.
    TableBuilder& json_only() {
        table_.columns.back().in_flat_output = false;
        return *this;
    }
    TableBuilder& rows(std::vector<std::uint32_t> rows) {
        table_.rows = std::move(rows);
        explicit_rows_ = true;
        return *this;
    }
    const OutputTable& table() {
        if (!explicit_rows_) {
            table_.rows.clear();
            for (std::uint32_t r = 0; r < rows_; ++r) table_.rows.push_back(r);
        }
        return table_;
    }

private:
    Column& add(std::string name, Type type, int decimals, std::vector<std::string> json_path) {
        Column& column = columns_.emplace_back(type);
        OutputColumn spec;
        spec.name = std::move(name);
        spec.json_path = std::move(json_path);
        spec.column = &column;
        spec.decimals = decimals;
        table_.columns.push_back(std::move(spec));
        return column;
    }
    TableBuilder& track(std::size_t rows) {
        rows_ = std::max(rows_, static_cast<std::uint32_t>(rows));
        return *this;
    }

    std::deque<Column> columns_;  // a deque keeps the addresses OutputColumn holds
    TextArena arena_;
    OutputTable table_;
    std::uint32_t rows_ = 0;
    bool explicit_rows_ = false;
};

/// Everything `format` writes for `table`.
inline std::string write_to_string(Format format, const OutputTable& table, const WriteOptions& options = {}) {
    char* data = nullptr;
    std::size_t size = 0;
    std::FILE* stream = open_memstream(&data, &size);
    try {
        make_writer(format, options)->write(table, stream);
    } catch (...) {
        std::fclose(stream);
        std::free(data);
        throw;
    }
    std::fclose(stream);
    std::string text(data, size);
    std::free(data);
    return text;
}

}  // namespace kamscore::test
