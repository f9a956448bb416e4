// libFuzzer target: the CSV reader with each dialect option. The first byte picks the
// delimiter (or detection) and a record cap, from tiny to the default; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "kamscore/error.hpp"
#include "kamscore/io/byte_source.hpp"
#include "kamscore/io/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static constexpr char delimiters[] = {0, ',', ';', '\t', '|', '"', '\n', 'x'};
    static constexpr std::size_t caps[] = {1, 7, 64, 4096, std::size_t{64} << 20};
    kamscore::CsvDialect dialect;
    dialect.delimiter = delimiters[data[0] & 7];
    dialect.max_record_bytes = caps[(data[0] >> 3) % 5];
    std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        kamscore::CsvReader reader(kamscore::string_byte_source(bytes), "fuzz.csv", dialect);
        std::size_t total = 0;
        kamscore::CsvRecord record;
        while (reader.next(record)) {
            for (auto field : record.fields) total += field.size();
            // The views must point into live memory: touch every byte.
            for (auto field : record.fields)
                for (char c : field) total += static_cast<unsigned char>(c);
            for (char c : record.raw) total += static_cast<unsigned char>(c);
            if (record.end_line < record.line) __builtin_trap();
        }
        // Converted input (UTF-16 with a byte-order mark) may grow in UTF-8.
        if (!reader.is_converted() && reader.bytes_read() > bytes.size()) __builtin_trap();
        (void)total;
    } catch (const kamscore::Error&) {
    }
    return 0;
}
