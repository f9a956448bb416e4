#include "run/overrides_file.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include "kamscore/error.hpp"
#include "kamscore/rules/load_overrides.hpp"
#include "run/read_inputs.hpp"

namespace kamscore {
namespace {

std::string read_all(ByteSource& source) {
    std::string text;
    char buffer[1 << 16];
    while (std::size_t got = source.read(buffer, sizeof buffer)) text.append(buffer, got);
    return text;
}

std::string decoded_text(const InputSource& source, TextEncoding encoding) {
    std::unique_ptr<ByteSource> decoded = open_side_file(source, encoding);
    try {
        return read_all(*decoded);
    } catch (const InvalidTextError& invalid) {
        throw Error(ExitCode::BadData, invalid.message, {source.name});
    }
}

}  // namespace

OverridesInEffect read_overrides_file(const InputSource& source, TextEncoding encoding, ScoringPlan& plan,
                                      Frame& frame, double today, const CustomerRows& rows,
                                      const std::vector<RejectedRow>& rejects,
                                      const std::function<void(const std::string&)>& warn) {
    OverridesInEffect overrides;
    std::unordered_map<std::string_view, const RejectedRow*> rejected;
    for (const RejectedRow& row : rejects)
        if (!row.id.empty()) rejected.emplace(row.id, &row);
    // An override for a rejected row cannot apply; "no customer with this id" would mislead.
    std::vector<std::string> load_warnings;
    std::vector<Override> loaded = load_overrides(decoded_text(source, encoding), source.name,
                                                  plan.rules->input.id_column, plan.rules->input.label_column,
                                                  load_warnings);
    for (const auto& warning : load_warnings) warn(warning);
    for (Override& entry : loaded) {
        if (auto found = rejected.find(entry.id); found != rejected.end()) {
            const RejectedRow& row = *found->second;
            warn(fmt::format("{}warning: override for {}: its row was rejected ({}:{}: {}); ignored", program_prefix,
                             entry.id, row.file, row.line, row.message));
            continue;
        }
        overrides.entries.push_back(std::move(entry));
    }
    const GroupRollup* rollup = rows.rollup();
    overrides.applied = apply_overrides(overrides.entries, plan, frame, today, rollup ? &rollup->group_of_member : nullptr);
    for (const auto& warning : overrides.applied.warnings) warn(warning);
    // An entry may name its tier by label; from here on (explain) it names the tier's id.
    for (std::size_t row = 0; row < frame.rows; ++row)
        if (const std::int32_t entry = overrides.applied.entry[row]; entry >= 0)
            overrides.entries[static_cast<std::size_t>(entry)].tier =
                plan.rules->tiers[static_cast<std::size_t>(overrides.applied.forced[row])].id;

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
