#include "kamscore/table/kept_columns.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"
#include "kamscore/error.hpp"
#include "kamscore/table/column_name.hpp"

namespace kamscore {

KeptColumns::KeptColumns(Frame& frame, std::vector<std::string> names, bool keep_all,
                         std::vector<std::string> already_shown)
    : frame_(frame),
      arena_(&frame.arena),
      names_(std::move(names)),
      keep_all_(keep_all),
      already_shown_(std::move(already_shown)) {}

void KeptColumns::bind(const std::vector<std::string>& header, const std::string& display_name) {
    // Files scored together have the same header (read_inputs checks): bind once.
    if (is_bound_) return;
    std::vector<bool> wanted(header.size(), keep_all_);
    for (const std::string& name : names_) {
        const int index = find_column(header, name);
        if (index < 0)
            throw Error(ExitCode::BadData, fmt::format("--keep '{}': {} has no such column{}", name,
                                                       display_name, did_you_mean(name, header)));
        wanted[static_cast<std::size_t>(index)] = true;
    }
    for (const std::string& name : already_shown_) {
        const int index = name.empty() ? -1 : find_column(header, name);
        if (index >= 0) wanted[static_cast<std::size_t>(index)] = false;
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (!wanted[i]) continue;
        indices_.push_back(i);
        kept_.push_back({header[i], frame_.add_column(fmt::format("keep:{}", header[i]), Type::Text)});
    }
    is_bound_ = true;
}

void KeptColumns::add(const std::vector<std::string_view>& fields) {
    for (std::size_t k = 0; k < kept_.size(); ++k) {
        const std::string_view cell = fields[indices_[k]];
        frame_.columns[static_cast<std::size_t>(kept_[k].slot)].texts.push_back(
            cell.empty() ? std::string_view() : arena_->store(cell));
    }
}

std::vector<int> KeptColumns::slots() const {
    std::vector<int> slots;
    for (const Kept& column : kept_) slots.push_back(column.slot);
    return slots;
}

}  // namespace kamscore
