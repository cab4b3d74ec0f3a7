#include <cstdio>
#include <future>
#include <vector>
#include <numeric>
#include <stdexcept>

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main() {
    std::vector<std::future<long>> fs;
    for (int i = 15; i < 22; i++) fs.push_back(std::async(std::launch::async, fib, i));
    for (auto& f : fs) std::printf("%ld ", f.get());
    std::printf("\n");
    auto deferred = std::async(std::launch::deferred, [] { return 7 * 6; });
    std::printf("deferred %d\n", deferred.get());
    auto failing = std::async(std::launch::async, []() -> int { throw std::runtime_error("from async"); });
    try {
        failing.get();
    } catch (const std::exception& e) {
        std::printf("caught %s\n", e.what());
    }
    std::promise<std::vector<int>> p;
    auto fut = p.get_future();
    std::thread t([&p] { std::vector<int> v(10); std::iota(v.begin(), v.end(), 1); p.set_value(v); });
    auto v = fut.get();
    t.join();
    std::printf("promise sum %d\n", std::accumulate(v.begin(), v.end(), 0));
    std::packaged_task<int(int)> task([](int x) { return x * x; });
    auto tf = task.get_future();
    std::thread(std::move(task), 9).join();
    std::printf("packaged %d\n", tf.get());
    return 0;
}
