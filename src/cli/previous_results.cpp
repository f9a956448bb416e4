#include "cli/previous_results.hpp"

#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "kamscore/classify/stickiness.hpp"
#include "kamscore/io/result_file.hpp"

namespace kamscore {

void read_previous_results(const std::string& path, ScoringPlan& plan, Frame& frame, bool quiet) {
    const std::string name = path == "-" ? "<stdin>" : path;
    ResultFile previous = read_result_file(open_byte_source(path), name,
                                           {{plan.rules->input.id_column, true}, {"tier", true}});
    PreviousMatch match = fill_previous_tiers(plan, frame, previous);
    if (match.unknown_tier > 0 && !quiet)
        std::fprintf(stderr,
                     "kamscore: warning: %s: %zu customer%s had tier '%s', which %s does not define: no stickiness "
                     "for them, and their change is empty\n",
                     name.c_str(), match.unknown_tier, match.unknown_tier == 1 ? "" : "s",
                     match.first_unknown_tier.c_str(), plan.rules->path.c_str());
}

void finish_previous_results(const ScoringPlan& plan, Frame& frame, bool verbose) {
    if (plan.change_slot < 0) return;
    fill_changes(plan, frame);
    if (!verbose) return;
    std::map<std::string_view, std::size_t> counts;
    for (std::string_view change : frame.columns[plan.change_slot].texts) ++counts[change.data() ? change : "unknown"];
    std::string line;
    for (std::string_view kind : {"same", "up", "down", "new", "unknown"})
        if (counts[kind] > 0 || kind != "unknown") line += fmt::format("{}{} {}", line.empty() ? "" : ", ", counts[kind], kind);
    std::fprintf(stderr, "kamscore: against the previous results: %s\n", line.c_str());
}

}  // namespace kamscore
