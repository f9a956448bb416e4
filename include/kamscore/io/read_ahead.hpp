// Reading the records of an input on a thread of its own, while the caller converts the ones
// read before: the first of two ways kamscore uses both cores of a run (the other formats the
// output on two threads).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "kamscore/io/record.hpp"

namespace kamscore {

/// Work done on each record on the reading thread, in order, before the caller gets it
/// (converting its cells, for one): what it computes for a record is found again by the
/// record's place in the batches, which ReadAhead::next() reports.
///
/// The work is shared: while no full batch waits for the caller (so the caller waits, or soon
/// will, for the one being read), the reading thread leaves it undone (skipped()) and hands the
/// records over sooner, and the caller does it itself. So whichever thread has time does it,
/// and neither waits long for the other, whatever the machine and however much the caller does
/// with a record. (Leaving it only while the caller already waited kept the reading thread
/// busier than the caller: the reference job read 10 % slower.)
class RecordWork {
public:
    virtual ~RecordWork() = default;
    /// `batch` is one of the ReadAhead::batches_in_flight batches, `index` the record's place
    /// in it; a batch's results are overwritten only after the caller has moved past it.
    virtual void on_record(const CsvRecord& record, std::size_t batch, std::size_t index) = 0;
    /// The record at `index` of `batch` was handed over without on_record(): the caller does
    /// its work.
    virtual void skipped(std::size_t batch, std::size_t index) = 0;
};

/// Several works done on each record, in order (a ReadAhead takes one).
class RecordWorks final : public RecordWork {
public:
    explicit RecordWorks(std::vector<RecordWork*> works) : works_(std::move(works)) {}
    void on_record(const CsvRecord& record, std::size_t batch, std::size_t index) override {
        for (RecordWork* work : works_) work->on_record(record, batch, index);
    }
    void skipped(std::size_t batch, std::size_t index) override {
        for (RecordWork* work : works_) work->skipped(batch, index);
    }

private:
    std::vector<RecordWork*> works_;
};

/// Where a record handed out by ReadAhead was in its batches (see RecordWork).
struct RecordPlace {
    std::size_t batch = 0;
    std::size_t index = 0;
    std::size_t batch_size = 0;   ///< records in the batch (for looking ahead in it)
};

/// Hands out the records of `reader` as reader.next() would, in the same order, with the same
/// fields, lines, raw bytes and problems, while a second thread reads the next ones: splitting
/// and decoding the bytes (the CSV reader's work) runs beside whatever the caller does with a
/// record. Records travel in batches of up to `batch_records` (and about 256 KiB of bytes), of
/// which four exist; their memory is reused, not allocated per batch (about 2 MB for the
/// reference export).
///
/// An error the reader throws is thrown by next() where the reader threw it: after every record
/// before it has been handed out, never earlier. The reader must not be used by anyone else
/// while a ReadAhead on it exists; the destructor stops the thread (after the batch it is
/// reading) and waits for it, so the reader may be read or destroyed once the ReadAhead is gone.
/// Only for a reader whose reads end by themselves (a file, bytes in memory): the destructor
/// waits for a read in progress, which on a terminal or a pipe may wait for ever.
class ReadAhead {
public:
    /// One batch is the caller's while another is being read and two wait, full or empty: with
    /// only two, each thread waited for the other whenever a batch took one of them longer
    /// than usual (the reference job read 15 % faster with four; eight added 2 MB for nothing).
    static constexpr std::size_t batches_in_flight = 4;
    static constexpr std::size_t default_batch_records = 1024;

    /// `work`, when given, is done on every record on the reading thread.
    explicit ReadAhead(RecordReader& reader, RecordWork* work = nullptr,
                       std::size_t batch_records = default_batch_records);
    ~ReadAhead();
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    /// As RecordReader::next(): false at the end of input; the record's views are valid until
    /// the next call. Rethrows the reader's error at the record where it arose.
    /// `place`, when given, is set to where the record was (for RecordWork's results).
    bool next(CsvRecord& record, RecordPlace* place = nullptr);
    /// The reader's bytes_read() after the batch holding the last record handed out (for
    /// progress: at most a batch ahead of the records).
    std::uint64_t bytes_read() const;

private:
    struct Shared;
    std::unique_ptr<Shared> shared_;
};

}  // namespace kamscore
