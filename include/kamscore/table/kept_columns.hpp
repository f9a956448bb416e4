#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/table/column.hpp"

namespace kamscore {

/// Input columns passed through to the output as text (--keep COLS, --keep-all), in the
/// order of the input's header. Their cells are stored in the frame's arena; an empty cell
/// is missing. TableBuilder calls add() for every accepted row.
class KeptColumns {
public:
    /// `names` are matched like fields: exactly, then ignoring case and surrounding spaces.
    /// With `keep_all` every column is kept. Columns named in `already_shown` (the id and
    /// label columns, which the output has anyway) are never kept twice.
    KeptColumns(Frame& frame, std::vector<std::string> names, bool keep_all, std::vector<std::string> already_shown);

    /// True when nothing was asked for: TableBuilder need not call this at all.
    bool is_empty_request() const { return names_.empty() && !keep_all_; }

    /// Resolves the names against a file's header and, on the first call, adds one text
    /// column per kept column to the frame. An unknown name throws Error(BadData):
    ///   kamscore: error: --keep 'regoin': crm.csv has no such column (did you mean 'region'?)
    void bind(const std::vector<std::string>& header, const std::string& display_name);

    /// Appends the kept cells of an accepted record (its fields as the header orders them).
    void add(const std::vector<std::string_view>& fields);
    /// Stores the cells' bytes in `arena` instead of the frame's: a two-pass run's first pass
    /// moves the kept cells to its temporary file after every batch and clears the arena.
    void store_texts_in(TextArena& arena) { arena_ = &arena; }

    struct Kept {
        std::string name;   ///< as in the input's header
        int slot;           ///< frame column (text)
    };
    const std::vector<Kept>& columns() const { return kept_; }
    /// The frame slots of columns(), in their order.
    std::vector<int> slots() const;

private:
    Frame& frame_;
    TextArena* arena_;   ///< where the cells' bytes go: the frame's, unless store_texts_in()
    std::vector<std::string> names_;
    bool keep_all_;
    std::vector<std::string> already_shown_;
    std::vector<std::size_t> indices_;   ///< header positions, parallel to kept_
    std::vector<Kept> kept_;
    bool is_bound_ = false;
};

}  // namespace kamscore
