#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/output/writer.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

enum class SortOrder { Input, Score, Tier };

/// Which rows to show and how.
struct ResultSelection {
    SortOrder sort = SortOrder::Input;
    std::optional<std::size_t> top;
    std::string where;            ///< an expression over the final names; "" = all rows
    bool breakdown = false;
    /// --select: only these of kamscore's columns, in this order (the breakdown's too, without
    /// --breakdown); empty = the usual ones. --keep's columns still follow them.
    std::vector<std::string> columns;
};

/// The output columns in the order README "Output" documents, which scripts, spreadsheets and
/// database loads rely on: id, label, tier, tier_label, score, strategic_met, one
/// <metric>_score per metric, one column per segment, override and members (when their slots
/// are set); with breakdown <metric>_raw and <metric>_points per metric and strategic_<id>
/// per criterion (JSON always has them, nested); then one column per `output:` value of the
/// rules (JSON: nested under "values").
/// `--columns NAME[:DECIMALS],...`: the output values of one run. Without `+` the list
/// replaces the rule file's `output:` (an empty list writes none); names written `+NAME` are
/// added after it. Checked against the rules by the run (exit 2 for a name that cannot be one).
struct ColumnsChoice {
    std::vector<OutputValueSpec> values;
    bool add = false;
};

/// Reads the arguments of --columns (each NAME,NAME,...). Throws Error(BadCommandLine) for a
/// bad decimals count, an empty name among others, or `+` on some names and not on others.
ColumnsChoice parse_columns_option(const std::vector<std::string>& arguments);

/// `rules.output` as `choice` makes it; throws Error(BadCommandLine) for a name that is no
/// field or derived value, takes a fixed column's name, or is there twice.
std::vector<OutputValueSpec> output_values_chosen(const RuleSet& rules, const ColumnsChoice& choice);

/// The frame slot of a field or derived value named in `output:`.
int output_value_slot(const ScoringPlan& plan, std::string_view name);

std::vector<OutputColumn> result_columns(const ScoringPlan& plan, const Frame& frame, bool breakdown);

/// The result_columns() that `format` writes: JSON and JSON Lines all of them (breakdown
/// nested), the other formats only the in_flat_output ones; the terminal table leaves out
/// previous_tier and change while change is empty in every row (no --previous).
std::vector<OutputColumn> written_columns(const ScoringPlan& plan, const Frame& frame, bool breakdown, Format format);
/// The columns `selection` writes in `format`: written_columns() with its breakdown, or the
/// result_columns() it names in selection.columns, in that order and in every format. Throws
/// Error(BadCommandLine) for a name that is no result column (with the closest one and the
/// list) or is named twice.
std::vector<OutputColumn> written_columns(const ScoringPlan& plan, const Frame& frame, const ResultSelection& selection,
                                          Format format);
/// The frame slots that writing `selection` in `format` reads: its written_columns() and the
/// slots the --where expression reads. A --where that does not compile reads nothing here;
/// select_rows() reports it.
std::vector<int> slots_read_by_output(const ScoringPlan& plan, const Frame& frame, const ResultSelection& selection,
                                      Format format, const expr::CompileOptions& options);
/// The rows to write, filtered by `where` (compiled against plan.final_scope; errors throw
/// Error(BadCommandLine) with a caret under the expression), sorted, cut to `top`.
std::vector<std::uint32_t> select_rows(const ScoringPlan& plan, Frame& frame, const ResultSelection& selection,
                                       const expr::CompileOptions& options);

}  // namespace kamscore
