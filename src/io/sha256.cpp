#include "kamscore/io/sha256.hpp"

#include <array>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>

namespace kamscore {

struct Sha256::State {
    EVP_MD_CTX* context = nullptr;
    ~State() { EVP_MD_CTX_free(context); }
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
    state_->context = EVP_MD_CTX_new();
    // Only out of memory makes these fail: no input can.
    if (state_->context == nullptr || EVP_DigestInit_ex(state_->context, EVP_sha256(), nullptr) != 1)
        throw std::bad_alloc();
}

Sha256::~Sha256() = default;

void Sha256::update(const void* bytes, std::size_t count) {
    if (count > 0 && EVP_DigestUpdate(state_->context, bytes, count) != 1) throw std::runtime_error("sha256: update failed");
}

std::string Sha256::hex_digest() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(state_->context, digest.data(), &length) != 1) throw std::runtime_error("sha256: final failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    text.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        text.push_back(hex[digest[i] >> 4]);
        text.push_back(hex[digest[i] & 15]);
    }
    return text;
}

std::string sha256_hex(std::string_view bytes) {
    Sha256 hash;
    hash.update(bytes.data(), bytes.size());
    return hash.hex_digest();
}

FileDigest sha256_of_file(const std::string& path) {
    HashingByteSource source(open_byte_source(path));
    return source.finish();
}

std::size_t HashingByteSource::read(char* buffer, std::size_t capacity) {
    const std::size_t got = inner_->read(buffer, capacity);
    hash_.update(buffer, got);
    bytes_ += got;
    return got;
}

FileDigest HashingByteSource::finish() {
    std::vector<char> rest(1 << 20);
    while (read(rest.data(), rest.size()) > 0) {
    }
    return {hash_.hex_digest(), bytes_};
}

}  // namespace kamscore
