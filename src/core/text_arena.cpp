#include "kamscore/text_arena.hpp"

#include <cstring>
#include <iterator>

namespace kamscore {

std::string_view TextArena::store(std::string_view text) {
    static constexpr char empty[1] = {0};
    if (text.empty()) return std::string_view(empty, 0);
    bytes_ += text.size();
    if (text.size() > chunk_size / 4) {
        // A big text gets a chunk of its own, inserted before the current one so that small
        // texts keep filling the current chunk.
        auto own = std::make_unique<char[]>(text.size());
        std::memcpy(own.get(), text.data(), text.size());
        std::string_view stored(own.get(), text.size());
        if (chunks_.empty()) last_is_ordinary_ = false;
        chunks_.insert(chunks_.empty() ? chunks_.end() : chunks_.end() - 1, std::move(own));
        return stored;
    }
    if (text.size() > chunk_size - used_in_last_) {
        chunks_.push_back(std::make_unique<char[]>(chunk_size));
        used_in_last_ = 0;
        last_is_ordinary_ = true;
    }
    char* destination = chunks_.back().get() + used_in_last_;
    std::memcpy(destination, text.data(), text.size());
    used_in_last_ += text.size();
    return std::string_view(destination, text.size());
}

void TextArena::clear() {
    std::unique_ptr<char[]> reused;
    if (!chunks_.empty() && last_is_ordinary_) reused = std::move(chunks_.back());
    chunks_.clear();
    bytes_ = 0;
    used_in_last_ = chunk_size;
    if (reused) {
        chunks_.push_back(std::move(reused));
        used_in_last_ = 0;
    }
}

}  // namespace kamscore
