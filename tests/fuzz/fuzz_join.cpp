// libFuzzer target: key normalisation (src/table/join_key.cpp) and the join of a secondary
// source onto the customer list (src/run/source_join.cpp). The first byte picks the rule
// variant (normalisation, one or many rows per key, a `where`); the rest is
// "<customer list>\0<source>" as CSV. Checks that every source row is accounted for and
// that normalising a normalised key changes nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kamscore/error.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/run/run.hpp"
#include "kamscore/table/join_key.hpp"

namespace {

constexpr std::string_view variants[] = {
    "  s: { key: k, normalize: [strip_zeros, lower] }\n",
    "  s: { key: k, pattern: '^K-0*(\\d+)$', normalize: upper }\n",
    "  s: { key: k, rows: one, normalize: strip_zeros }\n",
    "  s: { key: k, where: v > 0, types: { v: number } }\n",
};

std::string rules_text(std::string_view source) {
    std::string text = "kamscore: 1\ninput: { id: id }\nsources:\n";
    text += source;
    text += "fields:\n"
            "  total: { source: s, column: v, aggregate: sum, invalid: missing }\n"
            "  rows: { source: s, aggregate: count }\n"
            "  high: { source: s, share_if: v >= 5 }\n"
            "  latest: { source: s, column: t, type: text, aggregate: last }\n";
    text += "metrics:\n  - { id: total, value: total, weight: 1, scale: percentile, missing: zero }\n"
            "tiers:\n  - { id: all }\n";
    return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0];
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t nul = rest.find('\0');
    const std::string_view customers = nul == std::string_view::npos ? rest : rest.substr(0, nul);
    const std::string_view source = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);

    // Normalisation alone: idempotent without a pattern.
    kamscore::KeyNormalization how;
    how.strip_zeros = mode & 1;
    how.letter_case = (mode & 2) ? kamscore::KeyNormalization::LetterCase::Lower : kamscore::KeyNormalization::LetterCase::Keep;
    kamscore::KeyNormalizer normalizer(how);
    std::string scratch, again_scratch;
    if (auto key = normalizer.normalize(customers.substr(0, 64), scratch)) {
        const std::string once(*key);
        auto again = normalizer.normalize(once, again_scratch);
        if (!again || *again != once) __builtin_trap();
    }

    // The join.
    const std::string_view variant = variants[(mode >> 2) % std::size(variants)];
    kamscore::LoadedRules loaded = kamscore::load_rules(rules_text(variant), "fuzz.yaml");
    if (loaded.has_errors()) __builtin_trap();   // the variants are valid rule files
    kamscore::RunRequest request;
    request.rules = std::make_shared<kamscore::RuleSet>(std::move(loaded.rules));
    request.inputs = {kamscore::InputSource::text("customers.csv", std::string(customers))};
    request.source_texts = {{"s", std::string(source)}};
    request.skip_bad_rows = true;
    request.apply_guards = false;
    try {
        auto run = kamscore::run_scoring(request);
        for (const kamscore::SourceCounts& counts : run->sources) {
            if (counts.records != counts.blank_lines + counts.rejected + counts.filtered + counts.used) __builtin_trap();
            if (counts.keys_matched > counts.keys || counts.rows_unmatched > counts.used) __builtin_trap();
        }
    } catch (const kamscore::Error&) {
    }
    return 0;
}
