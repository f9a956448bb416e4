#include "run/row_spill.hpp"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>

#include <fmt/format.h>

#include "kamscore/error.hpp"
#include "kamscore/io/write_in_pieces.hpp"

namespace kamscore {
namespace {

constexpr std::uint32_t missing_text = 0xFFFFFFFF;

/// How a batch of a number column is kept. Most numbers of an export are whole or in cents:
/// as hundredths they fit 2 or 4 bytes and come back bit for bit, since k / 100.0 is the
/// double nearest to the decimal, as parsing it gave. The rest (a ratio, a difference of
/// cents, -0) stay 8-byte doubles. The temporary file is written to and read from fresh
/// memory, so each byte left out saves time twice.
enum class NumberCoding : std::uint8_t { Doubles = 0, Hundredths16 = 1, Hundredths32 = 2 };

template <class Int>
constexpr Int missing_hundredths = std::numeric_limits<Int>::min();

bool is_missing_bits(double value) {
    return std::bit_cast<std::uint64_t>(value) == std::bit_cast<std::uint64_t>(missing_number);
}

/// `value` in hundredths, rounded half away from zero; for |value · 100| < 2^31. Any rounding
/// would do: coding_for() keeps only values that come back exactly from it.
std::int64_t rounded_hundredths(double value) {
    const double scaled = value * 100.0;
    return static_cast<std::int64_t>(scaled + (scaled < 0 ? -0.5 : 0.5));
}

/// The narrowest coding that gives every value back; the first value that fits none ends the
/// look (a column of ratios costs one value).
NumberCoding coding_for(const double* values, std::size_t count) {
    double widest = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const double value = values[i];
        if (is_missing_bits(value)) continue;
        if (!(std::fabs(value * 100.0) < 2147483647.0)) return NumberCoding::Doubles;   // also NaN and infinities
        const std::int64_t hundredths = rounded_hundredths(value);
        if (std::bit_cast<std::uint64_t>(static_cast<double>(hundredths) / 100.0) != std::bit_cast<std::uint64_t>(value))
            return NumberCoding::Doubles;
        widest = std::max(widest, std::fabs(static_cast<double>(hundredths)));
    }
    return widest <= 32767 ? NumberCoding::Hundredths16 : NumberCoding::Hundredths32;
}

/// The stream's buffer is what it hands to one write(2): no larger than most_bytes_per_write
/// (its comment says why). 256 KiB writes made the reference job's 32 MB file cost about
/// 0.1 s of system time on the benchmark VM.
constexpr std::size_t buffer_bytes = most_bytes_per_write;

}  // namespace

RowSpill::RowSpill(const std::string& directory) : directory_(directory.empty() ? "/tmp" : directory) {
    std::string path = directory_ + "/kamscore-spill-XXXXXX";
    const int fd = mkstemp(path.data());
    if (fd < 0) fail("create a temporary file");
    unlink(path.c_str());   // nothing to clean up after a crash or a kill
    file_ = fdopen(fd, "w+b");
    if (!file_) {
        close(fd);
        fail("open its temporary file");
    }
    std::setvbuf(file_, nullptr, _IOFBF, buffer_bytes);
}

RowSpill::~RowSpill() {
    if (file_) std::fclose(file_);
}

void RowSpill::fail(const char* doing) const {
    throw Error(ExitCode::IoFailure,
                fmt::format("cannot {} in '{}': {}. kamscore keeps the rows of large inputs there between its "
                            "two passes: set TMPDIR to a directory with room, or KAMSCORE_TWO_PASS=0 to hold "
                            "everything in memory",
                            doing, directory_, std::strerror(errno)));
}

void RowSpill::put(const void* data, std::size_t size) {
    if (!write_in_pieces(file_, data, size)) fail("write kamscore's temporary file");
    bytes_ += size;
}

void RowSpill::get(void* data, std::size_t size) {
    if (size > 0 && std::fread(data, 1, size, file_) != size) {
        if (std::feof(file_)) errno = EIO;   // shorter than written: the file was changed
        fail("read kamscore's temporary file");
    }
}

void RowSpill::put_numbers(const double* values, std::size_t count) {
    const NumberCoding coding = coding_for(values, count);
    put(&coding, sizeof coding);
    const auto put_as = [&](auto& hundredths) {
        using Int = typename std::remove_reference_t<decltype(hundredths)>::value_type;
        hundredths.resize(count);
        for (std::size_t i = 0; i < count; ++i)
            hundredths[i] = is_missing_bits(values[i]) ? missing_hundredths<Int>
                                                       : static_cast<Int>(rounded_hundredths(values[i]));
        put(hundredths.data(), count * sizeof(Int));
    };
    switch (coding) {
    case NumberCoding::Doubles: put(values, count * sizeof(double)); break;
    case NumberCoding::Hundredths16: put_as(hundredths16_); break;
    case NumberCoding::Hundredths32: put_as(hundredths32_); break;
    }
}

void RowSpill::get_numbers(double* values, std::size_t count) {
    NumberCoding coding{};
    get(&coding, sizeof coding);
    const auto get_as = [&](auto& hundredths) {
        using Int = typename std::remove_reference_t<decltype(hundredths)>::value_type;
        hundredths.resize(count);
        get(hundredths.data(), count * sizeof(Int));
        for (std::size_t i = 0; i < count; ++i)
            values[i] = hundredths[i] == missing_hundredths<Int> ? missing_number
                                                                 : static_cast<double>(hundredths[i]) / 100.0;
    };
    switch (coding) {
    case NumberCoding::Doubles: get(values, count * sizeof(double)); break;
    case NumberCoding::Hundredths16: get_as(hundredths16_); break;
    case NumberCoding::Hundredths32: get_as(hundredths32_); break;
    default: errno = EIO; fail("read kamscore's temporary file");   // not what was written
    }
}

void RowSpill::write(const Frame& frame, const std::vector<int>& slots, std::size_t first, std::size_t rows) {
    const std::uint64_t count = rows;
    put(&count, sizeof count);
    for (int slot : slots) {
        const Column& column = frame.columns[static_cast<std::size_t>(slot)];
        switch (column.type) {
        case Type::Number:
        case Type::Date: put_numbers(column.numbers.data() + first, rows); break;
        case Type::Bool: put(column.bools.data() + first, rows * sizeof(Bool3)); break;
        case Type::Text: {
            lengths_.clear();
            text_.clear();
            for (std::size_t row = first; row < first + rows; ++row) {
                const std::string_view text = column.texts[row];
                lengths_.push_back(text.data() == nullptr ? missing_text : static_cast<std::uint32_t>(text.size()));
                text_.append(text);
            }
            const std::uint64_t text_bytes = text_.size();
            put(lengths_.data(), lengths_.size() * sizeof(std::uint32_t));
            put(&text_bytes, sizeof text_bytes);
            put(text_.data(), text_.size());
            break;
        }
        }
    }
}

void RowSpill::rewind() {
    if (std::fflush(file_) != 0) fail("write kamscore's temporary file");
    if (std::fseek(file_, 0, SEEK_SET) != 0) fail("read kamscore's temporary file");
}

std::size_t RowSpill::read(Frame& frame, const std::vector<int>& slots) {
    std::uint64_t count = 0;
    if (std::fread(&count, 1, sizeof count, file_) != sizeof count) {
        if (std::ferror(file_)) fail("read kamscore's temporary file");
        return 0;   // the end
    }
    const auto rows = static_cast<std::size_t>(count);
    for (int slot : slots) {
        Column& column = frame.columns[static_cast<std::size_t>(slot)];
        switch (column.type) {
        case Type::Number:
        case Type::Date: {
            const std::size_t before = column.numbers.size();
            column.numbers.resize(before + rows);
            get_numbers(column.numbers.data() + before, rows);
            break;
        }
        case Type::Bool: {
            const std::size_t before = column.bools.size();
            column.bools.resize(before + rows);
            get(column.bools.data() + before, rows * sizeof(Bool3));
            break;
        }
        case Type::Text: {
            lengths_.resize(rows);
            get(lengths_.data(), rows * sizeof(std::uint32_t));
            std::uint64_t text_bytes = 0;
            get(&text_bytes, sizeof text_bytes);
            text_.resize(static_cast<std::size_t>(text_bytes));
            get(text_.data(), text_.size());
            std::size_t at = 0;
            for (std::uint32_t length : lengths_) {
                if (length == missing_text) {
                    column.texts.emplace_back();
                    continue;
                }
                column.texts.push_back(frame.arena.store(std::string_view(text_).substr(at, length)));
                at += length;
            }
            break;
        }
        }
    }
    return rows;
}

}  // namespace kamscore
