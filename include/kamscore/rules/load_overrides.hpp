#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kamscore {

/// One entry of an overrides file: the sales board's decision for one customer, which beats
/// the formula (README "Overrides: the sales board's word").
struct Override {
    std::string id;
    std::string tier;                ///< a tier id of the rules (checked when applied)
    std::string reason;
    std::string owner;
    std::optional<double> expires;   ///< days since 1970-01-01; the override holds through that day
    std::string file;                ///< where it was written, for messages
    std::uint64_t line = 0;
};

/// Reads an overrides file: CSV (a header with id, tier, reason, owner, expires in any order,
/// matched ignoring case, spaces and punctuation; the id column may also be named like the
/// rules' id column; German names are read too: Stufe or Einstufung for tier, Begründung or
/// Grund for reason, Verantwortlich for owner, gültig bis for expires. A name, comment,
/// Kommentar, Bemerkung, Notiz or label column stays for people; any other column is not
/// read and gets a warning in `warnings`, naming it and the columns read) or YAML (a list of maps with those keys, also under a
/// top-level `overrides:`; `name` and `comment` keys are allowed and ignored). YAML when the
/// name ends in .yaml or .yml. `id` and `tier` are required; `expires` is a date (2026-01-31
/// or 31.01.2026). Throws Error(BadData) listing every problem with file:line.
std::vector<Override> load_overrides(std::string_view text, const std::string& display_name,
                                     const std::string& id_column, const std::string& label_column,
                                     std::vector<std::string>& warnings);

}  // namespace kamscore
