#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kamscore {

/// Finds the bytes a CSV scanner has to stop at (the delimiter, '"', CR and LF) in
/// [start, stop). It classifies 64 bytes at a time into a bit mask and then hands out one set
/// bit per call, so a record of short fields costs a few instructions per field rather than
/// a loop per byte. Positions asked for must never decrease.
/// It reads up to 63 bytes past `stop`: the buffer needs `padding` readable bytes after it.
class SpecialByteScanner {
public:
    static constexpr std::size_t padding = 64;

    SpecialByteScanner(char delimiter, const char* start, const char* stop)
        : delimiter_(delimiter), stop_(stop), block_(start), mask_(block_mask(start)) {}

    /// The first special byte at or after `from`, or `stop` when there is none.
    const char* next(const char* from) {
        if (from >= stop_) return stop_;
        const std::size_t skip = static_cast<std::size_t>(from - block_);
        if (skip >= 64) {
            block_ = from;
            mask_ = block_mask(from);
        } else {
            mask_ &= ~std::uint64_t{0} << skip;
        }
        while (mask_ == 0) {
            block_ += 64;
            if (block_ >= stop_) return stop_;
            mask_ = block_mask(block_);
        }
        return block_ + __builtin_ctzll(mask_);
    }

private:
    std::uint64_t block_mask(const char* at) const {
        std::uint64_t mask = 0;
#if defined(__SSE2__)
        const __m128i delimiter = _mm_set1_epi8(delimiter_);
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i cr = _mm_set1_epi8('\r');
        const __m128i lf = _mm_set1_epi8('\n');
        for (int part = 0; part < 4; ++part) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 16 * part));
            const __m128i hits = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiter), _mm_cmpeq_epi8(bytes, quote)),
                _mm_or_si128(_mm_cmpeq_epi8(bytes, cr), _mm_cmpeq_epi8(bytes, lf)));
            mask |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(hits)))
                    << (16 * part);
        }
#else
        for (int i = 0; i < 64; ++i) {
            const char c = at[i];
            if (c == delimiter_ || c == '"' || c == '\r' || c == '\n') mask |= std::uint64_t{1} << i;
        }
#endif
        const std::ptrdiff_t left = stop_ - at;
        if (left < 64) mask &= (std::uint64_t{1} << left) - 1;
        return mask;
    }

    char delimiter_;
    const char* stop_;
    const char* block_;
    std::uint64_t mask_;
};

}  // namespace kamscore
