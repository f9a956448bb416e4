#include "kamscore/table/kept_columns.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "kamscore/edit_distance.hpp"
#include "kamscore/error.hpp"

namespace kamscore {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// The rule as bind_columns applies it to fields, so that --keep finds what -r finds.
int find_in_header(const std::vector<std::string>& header, std::string_view wanted) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == wanted) return static_cast<int>(i);
    for (std::size_t i = 0; i < header.size(); ++i)
        if (same_ignoring_case(trim(header[i]), trim(wanted))) return static_cast<int>(i);
    return -1;
}

}  // namespace

KeptColumns::KeptColumns(Frame& frame, std::vector<std::string> names, bool keep_all,
                         std::vector<std::string> already_shown)
    : frame_(frame), names_(std::move(names)), keep_all_(keep_all), already_shown_(std::move(already_shown)) {}

void KeptColumns::bind(const std::vector<std::string>& header, const std::string& display_name) {
    // Files scored together have the same header (read_inputs checks): bind once.
    if (is_bound_) return;
    std::vector<bool> wanted(header.size(), keep_all_);
    for (const std::string& name : names_) {
        const int index = find_in_header(header, name);
        if (index < 0)
            throw Error(ExitCode::BadData, fmt::format("kamscore: error: --keep '{}': {} has no such column{}", name,
                                                       display_name, did_you_mean(name, header)));
        wanted[static_cast<std::size_t>(index)] = true;
    }
    for (const std::string& name : already_shown_) {
        const int index = name.empty() ? -1 : find_in_header(header, name);
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
            cell.empty() ? std::string_view() : frame_.arena.store(cell));
    }
}

}  // namespace kamscore
