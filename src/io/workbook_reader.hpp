// Reads one sheet of an .xlsx/.xlsm workbook as records, like CsvReader reads a CSV file.
#pragma once

#include <memory>
#include <string>

#include "kamscore/io/record_reader.hpp"

namespace kamscore {

class ZipArchive;

/// Opens the sheet `options.sheet` (else the first visible one) of the workbook. The header is
/// the row `options.header_row`, else the first row holding a value; rows above it are skipped.
/// Rows without any value are no records. Columns right of the header's last name are read only
/// where a row has a value there (then the row has more fields than the header, a bad row).
/// A header name merged across columns (<mergeCells>) names the covered columns "Name (2)",
/// "Name (3)", ... Throws Error(BadData) naming the file for a workbook it cannot read.
std::unique_ptr<RecordReader> open_workbook_reader(std::unique_ptr<ZipArchive> archive, const WorkbookOptions& options,
                                                   std::size_t max_record_bytes);

}  // namespace kamscore
