// The small parts of an .xlsx workbook that say how to read its sheets: the sheet list
// (xl/workbook.xml and its relationships), the shared strings and the cell styles.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/excel_values.hpp"

namespace kamscore {

class ZipEntry;

struct SheetEntry {
    std::string name;
    std::string relationship_id;   ///< r:id, resolved through xl/_rels/workbook.xml.rels
    bool is_hidden = false;
    std::string part;              ///< the zip entry, e.g. "xl/worksheets/sheet1.xml"
};

struct WorkbookInfo {
    std::vector<SheetEntry> sheets;   ///< in tab order
    bool date1904 = false;
};

/// Parses xl/workbook.xml and resolves each sheet's part from the relationships file ("" when
/// the workbook has none: then no sheet has a part).
/// Throws XmlError for malformed XML.
WorkbookInfo parse_workbook(std::string_view workbook_xml, std::string_view relationships_xml);

/// Per index of cellXfs (the `s` of a cell): what its number format makes of a number.
std::vector<NumberStyle> parse_cell_styles(std::string_view styles_xml);

/// The shared strings table, read from its entry in chunks; rich-text runs are joined and
/// phonetic runs (<rPh>) left out.
std::vector<std::string> read_shared_strings(ZipEntry& entry, const std::string& part);

}  // namespace kamscore
