#include <cstdio>
#include <stdexcept>
#include <string>
#include <memory>

struct Tracker {
    std::string name;
    explicit Tracker(std::string n) : name(std::move(n)) {}
    ~Tracker() { std::printf("unwind %s\n", name.c_str()); }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string& m, int c) : std::runtime_error(m), code(c) {}
};

__attribute__((noinline)) int level3(int x) {
    Tracker t("level3");
    if (x > 2) throw MyError("too deep", x);
    return x;
}
__attribute__((noinline)) int level2(int x) { Tracker t("level2"); auto p = std::make_unique<int>(x); return level3(*p + 1) + 1; }
__attribute__((noinline)) int level1(int x) { Tracker t("level1"); return level2(x + 1) + 1; }

int main() {
    try {
        level1(0);
        std::puts("no throw");
    } catch (const MyError& e) {
        std::printf("caught MyError '%s' code %d\n", e.what(), e.code);
    }
    try {
        try {
            level1(5);
        } catch (const std::runtime_error& e) {
            std::printf("rethrowing %s\n", e.what());
            throw;
        }
    } catch (const std::exception& e) {
        std::printf("caught again %s\n", e.what());
    }
    try {
        throw 42;
    } catch (int v) {
        std::printf("caught int %d\n", v);
    }
    try {
        std::string s("abc");
        (void)s.at(10);
    } catch (const std::out_of_range& e) {
        std::puts("caught out_of_range");
    }
    std::printf("level1(-5) = %d\n", level1(-5));
    return 0;
}
