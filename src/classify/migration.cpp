#include "kamscore/classify/migration.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "kamscore/error.hpp"
#include "kamscore/table/id_index.hpp"
#include "kamscore/value.hpp"

namespace kamscore {
namespace {

double number_of(std::string_view cell) {
    double value = missing_number;
    if (!cell.data()) return value;
    auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (error != std::errc() || end != cell.data() + cell.size()) return missing_number;
    return value;
}

/// Row of each id; a repeated id is an error. An open-addressing index of row numbers, not a
/// node per id (std::unordered_map's nodes made a million-row diff miss the cache on every id).
IdIndex index_ids(const ResultFile& file) {
    IdIndex rows;
    rows.reserve(file.rows);
    const auto& ids = file.columns[result_id];
    for (std::size_t row = 0; row < file.rows; ++row) {
        if (!ids[row].data())
            throw Error(ExitCode::BadData, fmt::format("the id ('{}') is empty", file.names[result_id]),
                        ErrorLocation{file.display_name, file.lines[row]});
        if (const auto first = rows.find_or_add(ids[row], static_cast<std::uint32_t>(row), ids))
            throw Error(ExitCode::BadData, fmt::format("duplicate id '{}' (first on line {})", ids[row], file.lines[*first]),
                        ErrorLocation{file.display_name, file.lines[row]});
    }
    return rows;
}

/// The given order, then the other tiers by mean score (best first), then by name.
std::vector<std::string> complete_tier_order(std::vector<std::string> order, const ResultFile& a, const ResultFile& b) {
    struct Mean {
        double sum = 0;
        std::size_t count = 0;
        double value() const { return count ? sum / static_cast<double>(count) : -1.0; }
    };
    std::map<std::string, Mean, std::less<>> means;
    for (const ResultFile* file : {&a, &b}) {
        for (std::size_t row = 0; row < file->rows; ++row) {
            std::string_view tier = file->columns[result_tier][row];
            if (!tier.data() || std::find(order.begin(), order.end(), tier) != order.end()) continue;
            auto it = means.try_emplace(std::string(tier)).first;
            double score = file->columns.size() > result_score ? number_of(file->columns[result_score][row]) : missing_number;
            if (!is_missing(score)) {
                it->second.sum += score;
                ++it->second.count;
            }
        }
    }
    std::vector<std::pair<std::string, double>> rest;
    for (const auto& [tier, mean] : means) rest.emplace_back(tier, mean.value());
    std::stable_sort(rest.begin(), rest.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    for (auto& [tier, mean] : rest) order.push_back(std::move(tier));
    return order;
}

}  // namespace

std::string_view movement_name(Movement movement) {
    switch (movement) {
    case Movement::Up: return "up";
    case Movement::Down: return "down";
    case Movement::Appeared: return "appeared";
    case Movement::Disappeared: return "disappeared";
    case Movement::Same: return "same";
    }
    return "same";
}

MigrationReport compare_results(const ResultFile& old_results, const ResultFile& new_results,
                                std::vector<std::string> tier_order, bool include_same) {
    MigrationReport report;
    auto old_rows = index_ids(old_results);
    auto new_rows = index_ids(new_results);
    report.tier_order = complete_tier_order(std::move(tier_order), old_results, new_results);
    std::map<std::string_view, std::size_t> rank;
    for (std::size_t i = 0; i < report.tier_order.size(); ++i) rank.emplace(report.tier_order[i], i);
    auto rank_of = [&](std::string_view tier) {
        auto it = rank.find(tier);
        return it == rank.end() ? report.tier_order.size() : it->second;   // a missing tier ranks last
    };
    auto cell = [](const ResultFile& file, ResultColumn column, std::size_t row) {
        return column < file.columns.size() ? file.columns[column][row] : std::string_view();
    };

    auto has_column = [&](ResultColumn column) {
        return column < new_results.names.size() && !new_results.names[column].empty();
    };
    report.knows_stay = has_column(result_change);
    report.knows_overrides = has_column(result_override);
    for (std::size_t row = 0; row < new_results.rows; ++row) {
        Migration migration;
        migration.id = cell(new_results, result_id, row);
        migration.label = cell(new_results, result_label, row);
        migration.new_tier = cell(new_results, result_tier, row);
        migration.new_score = number_of(cell(new_results, result_score, row));
        migration.old_score = missing_number;
        const auto found = old_rows.find(migration.id, old_results.columns[result_id]);
        if (!found) {
            migration.movement = Movement::Appeared;
        } else {
            migration.old_tier = cell(old_results, result_tier, *found);
            migration.old_score = number_of(cell(old_results, result_score, *found));
            std::size_t before = rank_of(migration.old_tier), now = rank_of(migration.new_tier);
            migration.movement = now < before ? Movement::Up : now > before ? Movement::Down : Movement::Same;
        }
        if (cell(new_results, result_override, row).data()) {   // an override wins over stay
            migration.held_by = "override";
            ++report.held_by_override;
        } else if (cell(new_results, result_change, row) == "kept") {
            migration.held_by = "stay";
            ++report.held_by_stay;
        }
        ++report.counts[static_cast<std::size_t>(migration.movement)];
        if (migration.movement != Movement::Same || include_same || migration.held_by.data())
            report.rows.push_back(migration);
    }
    for (std::size_t row = 0; row < old_results.rows; ++row) {
        std::string_view id = cell(old_results, result_id, row);
        if (new_rows.find(id, new_results.columns[result_id])) continue;
        Migration migration;
        migration.movement = Movement::Disappeared;
        migration.id = id;
        migration.label = cell(old_results, result_label, row);
        migration.old_tier = cell(old_results, result_tier, row);
        migration.old_score = number_of(cell(old_results, result_score, row));
        migration.new_score = missing_number;
        ++report.counts[static_cast<std::size_t>(Movement::Disappeared)];
        report.rows.push_back(migration);
    }

    std::stable_sort(report.rows.begin(), report.rows.end(), [&](const Migration& a, const Migration& b) {
        if (a.movement != b.movement) return a.movement < b.movement;
        std::size_t ra = rank_of(a.movement == Movement::Disappeared ? a.old_tier : a.new_tier);
        std::size_t rb = rank_of(b.movement == Movement::Disappeared ? b.old_tier : b.new_tier);
        if (ra != rb) return ra < rb;
        return a.id < b.id;
    });
    return report;
}

}  // namespace kamscore
