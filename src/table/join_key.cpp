#include "kamscore/table/join_key.hpp"

#include <regex>

#include "kamscore/table/column_name.hpp"

namespace kamscore {

struct KeyNormalizer::Pattern {
    std::regex regex;
};

KeyNormalizer::KeyNormalizer(KeyNormalization normalization) : normalization_(std::move(normalization)) {
    if (!normalization_.pattern.empty())
        pattern_ = std::make_unique<Pattern>(Pattern{std::regex(normalization_.pattern, std::regex::ECMAScript)});
    if (!normalization_.match_pattern.empty())
        match_pattern_ =
            std::make_unique<Pattern>(Pattern{std::regex(normalization_.match_pattern, std::regex::ECMAScript)});
}

KeyNormalizer::~KeyNormalizer() = default;
KeyNormalizer::KeyNormalizer(KeyNormalizer&&) noexcept = default;
KeyNormalizer& KeyNormalizer::operator=(KeyNormalizer&&) noexcept = default;

std::optional<std::string_view> KeyNormalizer::normalize(std::string_view raw, std::string& scratch,
                                                         bool with_pattern) const {
    std::string_view key = trim_spaces_and_tabs(raw);
    if (key.empty()) return std::nullopt;
    if (Pattern* pattern = with_pattern ? pattern_.get() : match_pattern_.get()) {
        // One per thread (customers' keys are also normalised on the reading thread, see
        // FoundKeys), reused: no allocation per key.
        thread_local std::match_results<std::string_view::const_iterator> match;
        if (!std::regex_match(key.begin(), key.end(), match, pattern->regex) || match.size() < 2)
            return std::nullopt;
        const auto& group = match[1];
        if (!group.matched || group.length() == 0) return std::nullopt;
        key = std::string_view(&*group.first, static_cast<std::size_t>(group.length()));
    }
    if (normalization_.strip_zeros) {
        // Padding may have spaces in it ("00 4711"): they go with the zeros, else the key
        // " 4711" left behind would normalise again to "4711", and a key written out by one
        // run would not meet itself in the next. The last character always stays ("000" is 0).
        const std::size_t first = key.find_first_not_of("0 \t");
        key.remove_prefix(first == std::string_view::npos ? key.size() - 1 : first);
    }
    if (normalization_.letter_case == KeyNormalization::LetterCase::Keep) return key;
    // ASCII only: the case of a key's Umlaut is not worth a locale.
    scratch.assign(key);
    const bool lower = normalization_.letter_case == KeyNormalization::LetterCase::Lower;
    for (char& c : scratch) {
        if (lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        else if (!lower && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return std::string_view(scratch);
}

std::string check_key_pattern(const std::string& pattern) {
    try {
        std::regex regex(pattern, std::regex::ECMAScript);
        if (regex.mark_count() < 1) return "it has no group: put the key's part in parentheses, e.g. ^0*(\\d+)$";
    } catch (const std::regex_error& error) {
        return std::string("it is not a valid regular expression (") + error.what() + ")";
    }
    return "";
}

}  // namespace kamscore
