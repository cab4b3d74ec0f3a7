// expect-status: 134
// An exception nobody catches: std::terminate prints the type and what() and aborts (SIGABRT).
#include <cstdio>
#include <stdexcept>

struct Noisy {
    ~Noisy() { std::puts("never printed: terminate does not unwind"); }
};

[[noreturn]] __attribute__((noinline)) void fail(int depth) {
    if (depth == 0) throw std::runtime_error("nobody catches this");
    fail(depth - 1);
}

int main() {
    std::puts("before");
    std::fflush(stdout);
    Noisy n;
    fail(3);
}
