#include "run/previous_results.hpp"

#include <fmt/format.h>

#include "kamscore/classify/stickiness.hpp"
#include "kamscore/error.hpp"
#include "kamscore/io/result_file.hpp"
#include "run/read_inputs.hpp"

namespace kamscore {

PreviousMatch read_previous_results(const InputSource& source, TextEncoding encoding, ScoringPlan& plan, Frame& frame,
                           const std::function<void(const std::string&)>& warn) {
    ResultFile previous;
    try {
        previous = read_result_file(open_side_file(source, encoding), source.name,
                                    {{plan.rules->input.id_column, true}, {"tier", true}});
    } catch (const InvalidTextError& invalid) {
        // Text not valid in its encoding, found before the CSV reader (which names the line)
        // or by the JSON reader: an error like any other, not an uncaught exception.
        throw Error(ExitCode::BadData, invalid.message, {source.name});
    }
    PreviousMatch match = fill_previous_tiers(plan, frame, previous);
    if (match.unknown_tier > 0)
        warn(fmt::format("{}warning: {}: {} customer{} had tier '{}', which {} does not define: no stickiness "
                         "for them, and their change is empty",
                         program_prefix, source.name, match.unknown_tier, match.unknown_tier == 1 ? "" : "s",
                         match.first_unknown_tier, plan.rules->path));
    return match;
}

}  // namespace kamscore
