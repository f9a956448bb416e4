// SHA-256 of the files a run read, for its provenance record (README "Provenance").
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "kamscore/io/byte_source.hpp"

namespace kamscore {

/// An incremental SHA-256 (libcrypto's, which uses the CPU's SHA instructions where it has them).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* bytes, std::size_t count);
    /// The digest as 64 lower-case hex digits; the hash cannot be updated afterwards.
    std::string hex_digest();

private:
    struct State;
    std::unique_ptr<State> state_;
};

/// The SHA-256 of `bytes`, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

/// The SHA-256 and size of a whole file. Throws Error(IoFailure) naming it when it cannot be read.
struct FileDigest {
    std::string sha256;
    std::uint64_t bytes = 0;
};
FileDigest sha256_of_file(const std::string& path);

/// A ByteSource that hashes every byte passing through it, so that standard input (which
/// cannot be read twice) and a file being rewritten while kamscore runs are hashed exactly as
/// they were scored.
class HashingByteSource final : public ByteSource {
public:
    explicit HashingByteSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)) {}
    std::size_t read(char* buffer, std::size_t capacity) override;
    std::optional<std::uint64_t> size() const override { return inner_->size(); }
    /// Reads whatever the consumer left unread (so that the digest covers the whole input) and
    /// returns the digest and the byte count. Call once.
    FileDigest finish();

private:
    std::unique_ptr<ByteSource> inner_;
    Sha256 hash_;
    std::uint64_t bytes_ = 0;
};

}  // namespace kamscore
