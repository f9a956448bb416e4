// libFuzzer target: the workbook reader on whole files (zip, then XML parts). Zip damage is
// found by libzip's checks early, so this goes shallow; fuzz_sheet_xml reaches the sheet parser.
#include <cstddef>
#include <cstdint>
#include <string>

#include "kamscore/error.hpp"
#include "kamscore/io/record_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    kamscore::CsvDialect dialect;
    dialect.max_record_bytes = 1 << 16;
    try {
        const auto reader = kamscore::open_record_reader({"", "fuzz.xlsx", &bytes, {}}, dialect);
        std::size_t total = 0;
        kamscore::CsvRecord record;
        for (int rows = 0; rows < 100000 && reader->next(record); ++rows) {
            // The views must point into live memory: touch every byte.
            for (auto field : record.fields)
                for (char c : field) total += static_cast<unsigned char>(c);
            for (char c : record.raw) total += static_cast<unsigned char>(c);
        }
        (void)total;
    } catch (const kamscore::Error&) {
    }
    return 0;
}
