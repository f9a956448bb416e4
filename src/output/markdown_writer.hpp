#pragma once

#include "kamscore/output/writer.hpp"

namespace kamscore {

/// A GitHub-flavoured Markdown pipe table: a header row, an alignment row (numbers
/// right-aligned), one row per customer. In cells `|` becomes `\|`, a line break `<br>`,
/// other control characters a space, bytes that are not UTF-8 U+FFFD. Only in_flat_output
/// columns, as in csv.
class MarkdownWriter final : public Writer {
public:
    void write(const OutputTable& table, std::FILE* out) override;
};

}  // namespace kamscore
