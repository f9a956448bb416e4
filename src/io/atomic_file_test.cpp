#include "kamscore/io/atomic_file.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kamscore/error.hpp"

using namespace kamscore;
namespace fs = std::filesystem;

namespace {

/// A fresh directory under /tmp, removed with everything in it at the end of the test.
class ScratchDirectory {
public:
    ScratchDirectory() {
        char pattern[] = "/tmp/kamscore-atomic-XXXXXX";
        REQUIRE(::mkdtemp(pattern) != nullptr);
        path_ = pattern;
    }
    ~ScratchDirectory() { fs::remove_all(path_); }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;

    std::string file(const std::string& name) const { return path_ + "/" + name; }
    std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(path_), fs::directory_iterator()));
    }

private:
    std::string path_;
};

std::string content_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

std::string write_error(const std::string& path) {
    try {
        AtomicFile file(path);
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::IoFailure);
        return located_message(error);
    }
    return "(no error)";
}

}  // namespace

TEST_SUITE("io") {
TEST_CASE("a committed file replaces the target and leaves no temporary file") {
    ScratchDirectory directory;
    const std::string target = directory.file("out.csv");
    write_file(target, "old\n");
    {
        AtomicFile file(target);
        std::fputs("new\n", file.stream());
        CHECK(content_of(target) == "old\n");
        CHECK(directory.entries() == 2);
        file.commit();
    }
    CHECK(content_of(target) == "new\n");
    CHECK(directory.entries() == 1);
}

TEST_CASE("an uncommitted file leaves no file and the old target untouched") {
    ScratchDirectory directory;
    {
        AtomicFile file(directory.file("new.csv"));
        std::fputs("partial", file.stream());
    }
    CHECK(directory.entries() == 0);

    const std::string target = directory.file("out.csv");
    write_file(target, "old\n");
    {
        AtomicFile file(target);
        std::fputs("partial", file.stream());
    }
    CHECK(content_of(target) == "old\n");
    CHECK(directory.entries() == 1);
}

TEST_CASE("a new file gets the umask's mode and a replaced file keeps its mode") {
    ScratchDirectory directory;
    const mode_t old_mask = ::umask(022);
    {
        AtomicFile file(directory.file("new.csv"));
        file.commit();
    }
    struct stat status {};
    REQUIRE(::stat(directory.file("new.csv").c_str(), &status) == 0);
    CHECK((status.st_mode & 0777) == 0644);

    const std::string target = directory.file("private.csv");
    write_file(target, "old");
    ::chmod(target.c_str(), 0600);
    {
        AtomicFile file(target);
        file.commit();
    }
    REQUIRE(::stat(target.c_str(), &status) == 0);
    CHECK((status.st_mode & 0777) == 0600);
    ::umask(old_mask);
}

TEST_CASE("a target that cannot be written is an error naming it and the reason") {
    ScratchDirectory directory;
    const std::string missing = directory.file("missing/out.csv");
    CHECK(write_error(missing) == "cannot write '" + missing + "': No such file or directory");
    CHECK(write_error("/tmp") == "cannot write '/tmp': Is a directory");
}

TEST_CASE("a device is written directly rather than replaced") {
    AtomicFile file("/dev/null");
    std::fputs("discarded", file.stream());
    file.commit();
    struct stat status {};
    REQUIRE(::stat("/dev/null", &status) == 0);
    CHECK(S_ISCHR(status.st_mode));
}

TEST_CASE("a termination signal removes the temporary file and still ends the process") {
    ScratchDirectory directory;
    const std::string target = directory.file("out.csv");
    write_file(target, "old\n");
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::signal(SIGTERM, SIG_DFL);   // doctest's crash handler would report a failure
        AtomicFile file(target);
        std::fputs("partial", file.stream());
        std::fflush(file.stream());
        ::raise(SIGTERM);
        ::_exit(0);   // not reached: SIGTERM's default action ends the process
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(directory.entries() == 1);
    CHECK(content_of(target) == "old\n");
}
}
