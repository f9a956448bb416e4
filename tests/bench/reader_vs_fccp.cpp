// reader_vs_fccp: kamscore's CSV reader against fast-cpp-csv-parser (Debian libfccp-dev).
//
//     reader_vs_fccp kamscore|kamscore-ahead|fccp FILE
//
// Reads every field of every record of FILE (a gen_crm.py file without line breaks inside
// fields, which fast-cpp-csv-parser cannot read) and prints
//     <reader> records=<n> fields=<n> checksum=<n>
// The checksum adds, per field, its unescaped length and its first byte, so both readers must
// look at (and unescape) every field, and equal checksums show that they read the same data.
// Timing is done from outside (run_bench.sh --reader), one process per measurement.
// kamscore-ahead reads through kamscore's ReadAhead: the records are split on a second thread
// and handed over in batches, with no work done on them, which times the hand-over itself
// (run_bench.sh also runs it pinned to one CPU, where no cache line changes cores).
//
// Built by run_bench.sh:
//     g++ -O2 -std=c++20 -I include -DFCCP_HEADER='"/usr/include/libfccp/csv.h"' \
//         reader_vs_fccp.cpp BUILD/libkamscore_io.a BUILD/libkamscore_core.a -lfmt -pthread
// With -DCSV_IO_NO_THREAD fast-cpp-csv-parser reads synchronously (by default it reads the
// next 16 MiB block in a second thread while the first parses).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include FCCP_HEADER

#include "kamscore/io/byte_source.hpp"
#include "kamscore/io/csv_reader.hpp"
#include "kamscore/io/read_ahead.hpp"

namespace {

struct Totals {
    std::uint64_t records = 0;
    std::uint64_t fields = 0;
    std::uint64_t checksum = 0;

    void add(std::string_view field) {
        ++fields;
        checksum += field.size();
        if (!field.empty()) checksum += static_cast<unsigned char>(field.front());
    }
};

Totals read_kamscore(const std::string& path, bool ahead) {
    kamscore::CsvReader reader(kamscore::open_byte_source(path), path, kamscore::CsvDialect{','});
    Totals totals;
    kamscore::CsvRecord record;
    const auto count = [&] {
        ++totals.records;
        for (std::string_view field : record.fields) totals.add(field);
    };
    if (ahead) {
        kamscore::ReadAhead read_ahead(reader);
        while (read_ahead.next(record)) count();
    } else {
        while (reader.next(record)) count();
    }
    return totals;
}

// gen_crm.py's 19 columns, in file order.
constexpr unsigned column_count = 19;

Totals read_fccp(const std::string& path) {
    // No trimming (kamscore does not trim either), RFC 4180 quotes with "" escapes.
    io::CSVReader<column_count, io::trim_chars<>, io::double_quote_escape<',', '"'>> reader(path);
    reader.read_header(io::ignore_no_column, "customer_id", "name", "country", "industry",
                       "revenue_2023", "revenue_2024", "revenue_2025", "wallet_size",
                       "contribution_margin_pct", "countries", "sites", "reference_customer",
                       "industry_leader", "complexity", "nps", "contract_years", "kam_agreement",
                       "last_order_date", "notes");
    Totals totals;
    char* f[column_count];
    while (reader.read_row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10],
                           f[11], f[12], f[13], f[14], f[15], f[16], f[17], f[18])) {
        ++totals.records;
        for (char* field : f) totals.add(std::string_view(field, std::strlen(field)));
    }
    return totals;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string reader = argc == 3 ? argv[1] : "";
    if (reader != "kamscore" && reader != "kamscore-ahead" && reader != "fccp") {
        std::fprintf(stderr, "usage: %s kamscore|kamscore-ahead|fccp FILE\n", argv[0]);
        return 2;
    }
    try {
        const Totals t = reader == "fccp" ? read_fccp(argv[2]) : read_kamscore(argv[2], reader == "kamscore-ahead");
        std::printf("%s records=%llu fields=%llu checksum=%llu\n", argv[1],
                    static_cast<unsigned long long>(t.records), static_cast<unsigned long long>(t.fields),
                    static_cast<unsigned long long>(t.checksum));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", argv[1], e.what());
        return 1;
    }
    return 0;
}
