// libFuzzer target: a worksheet's XML straight into the sheet parser, in chunks whose size the
// first byte picks (a row may end anywhere in a chunk, and the parse resumes there), with a
// few shared strings and styles, in either date system.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/sheet_parser.hpp"
#include "io/xml_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const std::vector<std::string> strings{"", "id", "M\xC3\xBCller", "x_x000D_y"};
    static const std::vector<kamscore::NumberStyle> styles{kamscore::NumberStyle::Number, kamscore::NumberStyle::Date,
                                                           kamscore::NumberStyle::Time};
    kamscore::SheetContext context;
    context.shared_strings = &strings;
    context.styles = &styles;
    context.date1904 = (data[0] & 0x80) != 0;
    context.max_row_bytes = 4096;
    const std::size_t chunk = std::size_t{1} + (data[0] & 0x3F);
    const std::string xml(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        kamscore::SheetParser parser(context, "sheet1.xml", (data[0] & 0x40) != 0);
        std::size_t at = 0;
        std::uint64_t cells = 0;
        while (true) {
            const std::size_t n = std::min(chunk, xml.size() - at);
            parser.feed(xml.data() + at, n, n == 0);
            while (parser.has_row()) {
                for (const auto& cell : parser.row().cells) {
                    if (cell.column > kamscore::max_sheet_column) __builtin_trap();
                    cells += cell.text.size();
                }
                parser.next();
            }
            if (n == 0) break;
            at += n;
        }
        (void)cells;
    } catch (const kamscore::SheetError&) {
    } catch (const kamscore::XmlError&) {
    }
    return 0;
}
