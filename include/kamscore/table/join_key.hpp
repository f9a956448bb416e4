// Keys that join a secondary source (ERP lines, survey answers) onto the customer list:
// the same customer is "0004711" in the ERP and "4711" in the CRM, " k-12 " in one export and
// "K-12" in another. Both sides of a join go through the same normalisation.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kamscore {

/// How a key is normalised, in this order: surrounding spaces trimmed (always), then a
/// pattern's first group taken (`pattern` for the source's keys, `match_pattern` for the
/// customers': each says how its side writes the customer's key, as "0000000123" in the ERP
/// and "C0000123" in the CRM), then leading zeros stripped, then the letter case changed.
struct KeyNormalization {
    enum class LetterCase { Keep, Lower, Upper };
    LetterCase letter_case = LetterCase::Keep;
    bool strip_zeros = false;   ///< "000123" -> "123"; "000" -> "0"
    std::string pattern;        ///< ECMAScript regex matched against the whole key; "" = none
    std::string match_pattern;  ///< the same for the customers' keys; "" = none

    bool operator==(const KeyNormalization&) const = default;
};

/// Applies a KeyNormalization. Cheap to call per row: the pattern is compiled once.
class KeyNormalizer {
public:
    /// Throws std::regex_error for a pattern that does not compile; the rule loader checks
    /// patterns (check_key_pattern), so a run never sees one.
    explicit KeyNormalizer(KeyNormalization normalization);
    ~KeyNormalizer();
    KeyNormalizer(KeyNormalizer&&) noexcept;
    KeyNormalizer& operator=(KeyNormalizer&&) noexcept;

    /// The normalised key, or nullopt when there is none: the key is blank, or the pattern
    /// does not match it (or its first group is empty). The result views `raw` or `scratch`.
    /// `with_pattern` false: the key of a customer, which match_pattern (not pattern) applies to.
    /// Safe to call from several threads at once (each with its own `scratch`).
    std::optional<std::string_view> normalize(std::string_view raw, std::string& scratch,
                                              bool with_pattern = true) const;

    const KeyNormalization& normalization() const { return normalization_; }

private:
    KeyNormalization normalization_;
    struct Pattern;
    std::unique_ptr<Pattern> pattern_;         ///< the source's keys
    std::unique_ptr<Pattern> match_pattern_;   ///< the customers' keys
};

/// "" when `pattern` is a usable key pattern (it compiles and has a group), else why not.
std::string check_key_pattern(const std::string& pattern);

}  // namespace kamscore
