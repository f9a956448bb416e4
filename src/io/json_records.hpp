#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kamscore/io/byte_source.hpp"

namespace kamscore {

/// One key of a JSON object, nested keys joined with '.'; value nullopt for null. Numbers keep
/// the text they were written with, true/false become "true"/"false", arrays are left out.
struct JsonField {
    std::string key;
    std::optional<std::string> value;
};

struct JsonRecord {
    std::vector<JsonField> fields;
    std::uint64_t line = 0;   ///< 1-based line where the object starts
};

/// Reads the objects of a JSON array of objects (`[{...}, {...}]`) or of JSON Lines (objects
/// one after the other) one at a time, through a buffer: memory stays bounded by one object.
/// Malformed input throws Error(BadData) "name:line: ..." saying what was expected.
class JsonRecordReader {
public:
    JsonRecordReader(std::unique_ptr<ByteSource> source, std::string display_name);
    ~JsonRecordReader();
    JsonRecordReader(const JsonRecordReader&) = delete;
    JsonRecordReader& operator=(const JsonRecordReader&) = delete;

    /// The next object; false at the end of input.
    bool next(JsonRecord& record);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kamscore
