#include "cli/overrides_option.hpp"

#include <cstdio>

#include "kamscore/io/byte_source.hpp"

namespace kamscore {
namespace {

std::string read_all(const std::string& path) {
    auto source = open_byte_source(path);
    std::string text;
    char buffer[1 << 16];
    while (std::size_t got = source->read(buffer, sizeof buffer)) text.append(buffer, got);
    return text;
}

}  // namespace

OverridesInEffect read_overrides_option(const std::string& path, ScoringPlan& plan, Frame& frame, double today,
                                        const CustomerRows& rows, bool quiet) {
    OverridesInEffect overrides;
    if (path.empty()) return overrides;
    overrides.entries = load_overrides(read_all(path), path, plan.rules->input.id_column);
    const GroupRollup* rollup = rows.rollup();
    overrides.applied = apply_overrides(overrides.entries, plan, frame, today, rollup ? &rollup->group_of_member : nullptr);
    if (!quiet)
        for (const auto& warning : overrides.applied.warnings) std::fprintf(stderr, "%s\n", warning.c_str());

    plan.override_slot = frame.add_column("override", Type::Text);
    if (!plan.final_scope.find("override")) plan.final_scope.add_slot("override", Type::Text, plan.override_slot);
    auto& reasons = frame.columns[static_cast<std::size_t>(plan.override_slot)].texts;
    for (std::size_t row = 0; row < frame.rows; ++row) {
        const std::int32_t entry = overrides.applied.entry[row];
        if (entry < 0) continue;
        const std::string& reason = overrides.entries[static_cast<std::size_t>(entry)].reason;
        // A row with an override always shows something, so that a filter on the column finds it.
        reasons[row] = frame.arena.store(reason.empty() ? std::string_view("(no reason given)") : std::string_view(reason));
    }
    return overrides;
}

}  // namespace kamscore
