#include "kamscore/output/writer.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "kamscore/error.hpp"
#include "output/output_test_support.hpp"

using namespace kamscore;
using kamscore::test::TableBuilder;

TEST_SUITE("output") {
TEST_CASE("formats are found by name") {
    CHECK(format_from_name("table") == Format::Table);
    CHECK(format_from_name("csv") == Format::Csv);
    CHECK(format_from_name("TSV") == Format::Tsv);
    CHECK(format_from_name("json") == Format::Json);
    CHECK(format_from_name("jsonl") == Format::Jsonl);
    CHECK(format_from_name("markdown") == Format::Markdown);
    CHECK(format_from_name("md") == Format::Markdown);
    CHECK(format_from_name("xlsx") == Format::Xlsx);
    CHECK(!format_from_name(""));
    CHECK(!format_from_name("csvx"));
    CHECK(format_name(Format::Markdown) == "markdown");
    for (Format format : {Format::Table, Format::Csv, Format::Tsv, Format::Json, Format::Jsonl, Format::Markdown,
                          Format::Xlsx})
        CHECK(format_from_name(format_name(format)) == format);
}

TEST_CASE("formats are found by a path's extension") {
    CHECK(format_from_path("out.csv") == Format::Csv);
    CHECK(format_from_path("/tmp/run.2024/out.CSV") == Format::Csv);
    CHECK(format_from_path("out.tsv") == Format::Tsv);
    CHECK(format_from_path("out.tab") == Format::Tsv);
    CHECK(format_from_path("out.json") == Format::Json);
    CHECK(format_from_path("out.jsonl") == Format::Jsonl);
    CHECK(format_from_path("out.ndjson") == Format::Jsonl);
    CHECK(format_from_path("out.md") == Format::Markdown);
    CHECK(format_from_path("out.markdown") == Format::Markdown);
    CHECK(format_from_path("kam.XLSX") == Format::Xlsx);
    CHECK(!format_from_path("out.xls"));
    CHECK(!format_from_path("out.txt"));
    CHECK(!format_from_path("out.csv.gz"));
    CHECK(!format_from_path("results"));
    CHECK(!format_from_path("run.d/results"));
    CHECK(!format_from_path(".csv"));
    CHECK(!format_from_path("out."));
    CHECK(!format_from_path(""));
}

TEST_CASE("a write that fails is an I/O error naming the cause") {
    std::FILE* full = std::fopen("/dev/full", "w");
    REQUIRE(full != nullptr);
    TableBuilder builder;
    builder.text("id", {"A"}).number("score", {1});
    for (Format format : {Format::Table, Format::Csv, Format::Tsv, Format::Json, Format::Jsonl, Format::Markdown}) {
        CAPTURE(format_name(format));
        try {
            make_writer(format, {})->write(builder.table(), full);
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == ExitCode::IoFailure);
            CHECK(located_message(error) == "cannot write output: No space left on device");
        }
        std::clearerr(full);
    }
    std::fclose(full);
}

TEST_CASE("a failing write of more than the buffer is an I/O error too") {
    std::FILE* full = std::fopen("/dev/full", "w");
    REQUIRE(full != nullptr);
    std::vector<double> numbers(300000, 123456.5);
    TableBuilder builder;
    builder.number("n", numbers);
    CHECK_THROWS_WITH_AS(make_writer(Format::Csv, {})->write(builder.table(), full),
                         "cannot write output: No space left on device", Error);
    std::fclose(full);
}

TEST_CASE("xlsx is available exactly when the build has libxlsxwriter") {
    CHECK(format_supported(Format::Csv));
    CHECK(format_supported(Format::Xlsx) == static_cast<bool>(KAMSCORE_HAVE_XLSX));
    if (!format_supported(Format::Xlsx))
        CHECK_THROWS_WITH_AS(make_writer(Format::Xlsx, {}),
                             doctest::Contains("built without xlsx support"), Error);
}
}

namespace {

/// What `format` writes when the rows come in batches of `batch` (begin, write_rows..., end).
std::string write_in_batches(Format format, const OutputTable& table, std::size_t batch, const WriteOptions& options) {
    char* data = nullptr;
    std::size_t size = 0;
    std::FILE* stream = open_memstream(&data, &size);
    auto writer = make_writer(format, options);
    REQUIRE(writer->writes_in_batches());
    writer->begin(table.columns, stream);
    const std::span<const std::uint32_t> rows(table.rows);
    for (std::size_t first = 0; first < rows.size(); first += batch)
        writer->write_rows(table.columns, rows.subspan(first, std::min(batch, rows.size() - first)));
    writer->end();
    std::fclose(stream);
    std::string text(data, size);
    std::free(data);
    return text;
}

}  // namespace

TEST_SUITE("output") {
TEST_CASE("csv, tsv, json and jsonl write the same bytes in batches as at once; the others are not written in batches") {
    TableBuilder builder;
    builder.text("id", {"a", "b,c", std::nullopt, "=1+1", "e"})
        .number("score", {1.5, 2, 3.25, -1, 0}, 2)
        .number("points", {1, 2, 3, 4, 5}, 2, {"metrics", "points"})
        .json_only();
    WriteOptions excel;
    excel.excel = true;
    excel.decimal_mark = ',';
    for (Format format : {Format::Csv, Format::Tsv, Format::Json, Format::Jsonl})
        for (const WriteOptions& options : {WriteOptions{}, excel})
            for (std::size_t batch : {1, 2, 5}) {
                CAPTURE(format_name(format));
                CAPTURE(batch);
                CHECK(write_in_batches(format, builder.table(), batch, options) ==
                      kamscore::test::write_to_string(format, builder.table(), options));
            }
    // No rows at all: the header alone, or an empty JSON array.
    OutputTable empty = builder.table();
    empty.rows.clear();
    CHECK(write_in_batches(Format::Json, empty, 4, {}) == "[]\n");
    CHECK(write_in_batches(Format::Csv, empty, 4, {}) == "id,score\n");
    for (Format format : {Format::Table, Format::Markdown}) CHECK_FALSE(make_writer(format, {})->writes_in_batches());
}
}
