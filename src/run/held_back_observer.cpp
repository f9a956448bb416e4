#include "run/held_back_observer.hpp"

namespace kamscore {

void HeldBackObserver::warning(const std::string& line) {
    held_.push_back([line](RunObserver& observer) { observer.warning(line); });
}

void HeldBackObserver::row_rejected(const RejectedRow& row) {
    held_.push_back([row](RunObserver& observer) { observer.row_rejected(row); });
}

void HeldBackObserver::stage_done(const std::string& what) {
    held_.push_back([what](RunObserver& observer) { observer.stage_done(what); });
}

void HeldBackObserver::file_read(const FileCounts& counts) {
    held_.push_back([counts](RunObserver& observer) { observer.file_read(counts); });
}

ReadCounter* HeldBackObserver::reading(const std::string& name, std::optional<std::uint64_t> bytes) {
    return observer_ && with_progress_ ? observer_->reading(name, bytes) : nullptr;
}

void HeldBackObserver::replay() {
    if (observer_)
        for (const auto& tell : held_) tell(*observer_);
    held_.clear();
}

}  // namespace kamscore
