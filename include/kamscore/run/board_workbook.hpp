// The board workbook (`score -f xlsx`, README "The board workbook"): what goes on its sheets
// besides the customers. The output stage writes sheets of cells; what they say is decided here.
#pragma once

#include <vector>

#include "kamscore/explain/summary.hpp"
#include "kamscore/output/writer.hpp"
#include "kamscore/rules/rule_set.hpp"
#include "kamscore/run/provenance.hpp"
#include "kamscore/run/run.hpp"
#include "kamscore/table/kept_columns.hpp"

namespace kamscore {

/// Gives the result columns the rule file's words as captions: the export's own header for
/// the id and label, the labels of metrics and criteria, and plain words for the rest
/// ("Tier", "Score"). Kept columns keep their input names.
void caption_result_columns(const RuleSet& rules, std::vector<OutputColumn>& columns);

/// Adds a number column to `frame` for each kept column whose every non-empty cell is a
/// number in the input's decimal mark (`decimal`: "394.530,53" with ','), and points the
/// output columns that show it there. A column with a leading zero ("01234", a postal code)
/// or a cell that is not a plain amount stays text. Call before taking any other pointer into
/// frame.columns: adding a column may move them (this function re-points `columns` itself).
void type_kept_columns(const KeptColumns& kept, char decimal, Frame& frame, std::vector<OutputColumn>& columns);

/// True when `text` is a plain amount worth a number cell: digits with at most a sign,
/// grouping and a decimal mark, no currency, percent or leading zero.
bool is_plain_amount(std::string_view text, char decimal);

/// Funnel, Summary, Rules (the provenance record) and Rejects, in that order.
std::vector<Sheet> board_sheets(const Summary& summary, const Provenance& provenance,
                                const std::vector<RejectedRow>& rejects);

}  // namespace kamscore
