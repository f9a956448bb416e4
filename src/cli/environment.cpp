#include "cli/environment.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "kamscore/error.hpp"

namespace kamscore {
namespace {

std::optional<std::string_view> variable(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) return std::nullopt;
    return std::string_view(value);
}

template <typename Number>
std::optional<Number> whole_number(const char* name, std::string_view expected, Number least,
                                   Number most = std::numeric_limits<Number>::max()) {
    const auto text = variable(name);
    if (!text) return std::nullopt;
    Number number{};
    const auto [rest, error] = std::from_chars(text->data(), text->data() + text->size(), number);
    if (error != std::errc() || rest != text->data() + text->size() || number < least || number > most)
        throw Error(ExitCode::BadCommandLine,
                    fmt::format("environment variable {}='{}': expected {}; unset it for the default", name, *text,
                                expected));
    return number;
}

}  // namespace

Environment read_environment() {
    Environment environment;
    environment.row_batch_rows =
        whole_number<std::size_t>("KAMSCORE_ROW_BATCH", "a whole number of rows (0: no batches)", 0);
    if (const auto two_pass = variable("KAMSCORE_TWO_PASS")) {
        if (*two_pass == "0") environment.two_pass = TwoPass::Never;
        else if (*two_pass == "1") environment.two_pass = TwoPass::Always;
        else if (*two_pass != "auto")
            throw Error(ExitCode::BadCommandLine,
                        fmt::format("environment variable KAMSCORE_TWO_PASS='{}': expected 0, 1 or auto; unset it "
                                    "for the default (auto)",
                                    *two_pass));
    }
    // kamscore keeps at most two threads busy (reading ahead, formatting CSV; the thread that
    // writes CSV mostly waits in the kernel); more are taken as two.
    environment.threads =
        std::min(2u, whole_number<unsigned>("KAMSCORE_THREADS", "a whole number of threads, 1 or more", 1).value_or(2));
    if (const auto directory = variable("TMPDIR")) environment.temp_directory = std::string(*directory);
    environment.columns = whole_number<int>("COLUMNS", "a whole number of terminal columns", 1);
    environment.no_color = variable("NO_COLOR").has_value();
    // The reproducible-builds convention; the bound is 9999-12-31T23:59:59Z, the last time an
    // xlsx file can carry.
    environment.source_date_epoch = whole_number<std::int64_t>(
        "SOURCE_DATE_EPOCH", "seconds since 1970-01-01 UTC, e.g. 1735603200", 0, 253402300799);
    return environment;
}

}  // namespace kamscore
