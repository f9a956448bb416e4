#include "run/guards.hpp"

#include <cmath>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "kamscore/error.hpp"

namespace kamscore {
namespace {

std::string customers(std::uint64_t count) { return fmt::format("{} customer{}", count, count == 1 ? "" : "s"); }

/// A share in percent as people write it: "70 %", "12.5 %", "0.1 %" (one decimal at most,
/// but never 0 for a share that is not zero).
std::string percent(double share) {
    double shown = std::round(share * 10) / 10;
    if (shown == 0 && share > 0) shown = 0.1;
    return fmt::format("{:g} %", shown);
}

std::string file_names(const InputCounts& counts) {
    std::string names;
    for (const FileCounts& file : counts.files) names += (names.empty() ? "" : ", ") + file.name;
    return names;
}

/// "bad rows", "report footer lines or blank lines", ...: what the unscored records were.
std::string kinds_of_unscored(const InputCounts& counts) {
    std::vector<std::string_view> kinds;
    if (counts.rejected > 0 || (counts.footer_lines == 0 && counts.blank_lines == 0)) kinds.push_back("bad rows");
    if (counts.footer_lines > 0) kinds.push_back("report footer lines");
    if (counts.blank_lines > 0) kinds.push_back("blank lines");
    std::string text;
    for (std::size_t i = 0; i < kinds.size(); ++i)
        text += fmt::format("{}{}", i == 0 ? "" : i + 1 == kinds.size() ? " or " : ", ", kinds[i]);
    return text;
}

}  // namespace

Guards guards_in_effect(const GuardsSpec& command_line, const GuardsSpec& rules) {
    Guards guards;
    guards.allow_empty = command_line.allow_empty.value_or(rules.allow_empty.value_or(false));
    guards.min_rows = command_line.min_rows.value_or(rules.min_rows.value_or(0));
    guards.max_disappeared =
        command_line.max_disappeared.value_or(rules.max_disappeared.value_or(default_max_disappeared));
    guards.max_new = command_line.max_new ? command_line.max_new : rules.max_new;
    guards.require_final_newline =
        command_line.require_final_newline.value_or(rules.require_final_newline.value_or(false));
    return guards;
}

void check_final_line_breaks(const InputCounts& counts, bool required,
                             const std::function<void(const std::string&)>& warn) {
    for (const FileCounts& file : counts.files) {
        if (!file.unterminated_line) continue;
        if (required)
            throw Error(ExitCode::BadData,
                        "the file ends without a line break after its last record, and one is required "
                        "(--require-final-newline or guards: require_final_newline): was it cut off in transfer? "
                        "Check the export and fetch it again",
                        ErrorLocation{file.name, *file.unterminated_line});
        warn(fmt::format("{}warning: {}:{}: the file ends without a line break after its last record: if it was "
                         "cut off in transfer, the last value is cut short too (--require-final-newline makes "
                         "this an error)",
                         program_prefix, file.name, *file.unterminated_line));
    }
}

void check_row_count(const Guards& guards, const InputCounts& counts, std::uint64_t scored) {
    if (scored == 0 && !guards.allow_empty) {
        const std::string why =
            counts.records == 0
                ? fmt::format("{} {} a header but no records", file_names(counts),
                              counts.files.size() == 1 ? "has" : "have")
                : counts.records == 1
                ? fmt::format("the only record read was {}", counts.rejected == 1       ? "a bad row"
                                                             : counts.footer_lines == 1 ? "a report footer line"
                                                                                        : "a blank line")
                : fmt::format("all {} records read were {}", counts.records, kinds_of_unscored(counts));
        throw Error(ExitCode::BadData,
                    fmt::format("no customers scored: {}. An empty result would replace a good one; if no customers "
                                "is right, pass --allow-empty (or guards: allow_empty: true in the rule file)",
                                why));
    }
    if (scored < guards.min_rows)
        throw Error(ExitCode::BadData,
                    fmt::format("only {} scored, fewer than the {} required (--min-rows or guards: min_rows): "
                                "is the export cut off? Check it, or lower the minimum",
                                customers(scored), guards.min_rows));
}

void check_previous(const Guards& guards, const ScoredRun::PreviousCounts& previous, const std::string& previous_name,
                    std::uint64_t scored, const std::function<void(const std::string&)>& warn) {
    if (previous.customers == 0 && scored > 0) {
        warn(fmt::format("{}warning: {}: the previous results have no customers, this run has {}: every customer "
                         "counts as new and none keeps its tier by 'stay:'",
                         program_prefix, previous_name, scored));
        return;   // no share of nothing: the limits below do not apply
    }
    if (previous.customers == 0) return;
    if (previous.customers * 2 < scored)
        warn(fmt::format("{}warning: {}: the previous results have {}, fewer than half of the {} of this run: is "
                         "the previous file cut off? Customers missing from it count as new and keep no tier by "
                         "'stay:'",
                         program_prefix, previous_name, customers(previous.customers), scored));

    const double base = static_cast<double>(previous.customers);
    const double disappeared = 100.0 * static_cast<double>(previous.disappeared) / base;
    if (disappeared > guards.max_disappeared)
        throw Error(ExitCode::BadData,
                    fmt::format("{} of the {} in the previous results ({}) are not in this run: {} disappeared, "
                                "more than the {} allowed ({} scored). Is the export cut off? If they did leave, "
                                "raise the limit with --max-disappeared PCT (or guards: max_disappeared); 100 turns "
                                "the check off",
                                previous.disappeared, customers(previous.customers), previous_name, percent(disappeared),
                                percent(guards.max_disappeared), customers(scored)));
    if (!guards.max_new) return;
    const double added = 100.0 * static_cast<double>(previous.added) / base;
    if (added > *guards.max_new)
        throw Error(ExitCode::BadData,
                    fmt::format("{} of this run {} not in the previous results ({}, {}): {} of their count, more "
                                "than the {} allowed: is it the right previous file? If so many are new, raise "
                                "--max-new PCT (or guards: max_new)",
                                customers(previous.added), previous.added == 1 ? "is" : "are", previous_name,
                                customers(previous.customers),
                                percent(added), percent(*guards.max_new)));
}

}  // namespace kamscore
