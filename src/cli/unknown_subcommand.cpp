#include "cli/unknown_subcommand.hpp"

#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "kamscore/closest_ids.hpp"

namespace kamscore {
namespace {

std::string listed(const std::vector<std::string_view>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
        text += names[i];
    }
    return text;
}

}  // namespace

std::optional<std::string> unknown_subcommand_message(const CLI::App& app, int argc, const char* const* argv) {
    if (!app.get_subcommands().empty()) return std::nullopt;
    // kamscore's own options (--help, --version) take no value, so the first word that is not
    // an option is where the subcommand was meant to be.
    std::string_view word;
    for (int i = 1; i < argc && word.empty(); ++i)
        if (argv[i][0] != '-') word = argv[i];
    if (word.empty()) return std::nullopt;

    std::vector<std::string> names;
    for (const CLI::App* subcommand : app.get_subcommands({})) names.push_back(subcommand->get_name());
    // A known one that CLI11 did not get to (an error before it) is not the problem.
    for (const std::string& name : names)
        if (name == word) return std::nullopt;
    const std::vector<std::string_view> views(names.begin(), names.end());
    std::vector<std::string> suggestions = closest_ids(word, views, 1);
    // A prefix ("sum", "expl") is as clear a hint as a typo, when only one name starts so.
    if (suggestions.empty()) {
        for (const std::string& name : names)
            if (name.starts_with(word)) suggestions.push_back(name);
        if (suggestions.size() > 1) suggestions.clear();
    }
    if (!suggestions.empty())
        return fmt::format("unknown subcommand '{}': did you mean '{}'?", word, suggestions.front());
    return fmt::format("unknown subcommand '{}': expected {}", word, listed(views));
}

}  // namespace kamscore
