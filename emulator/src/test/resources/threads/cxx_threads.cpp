// std::thread, std::mutex, std::condition_variable, std::async/std::future, std::atomic, thread_local.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <numeric>
#include <queue>
#include <thread>
#include <vector>

static thread_local int tl = 7;

static long sum_range(long from, long to) {
    long s = 0;
    for (long i = from; i < to; i++) s += i * i % 1009;
    tl += 1;
    return s + tl;
}

int main() {
    std::mutex m;
    std::condition_variable cv;
    std::queue<int> q;
    bool done = false;
    long consumed = 0;
    std::thread consumer([&] {
        std::unique_lock<std::mutex> lk(m);
        for (;;) {
            cv.wait(lk, [&] { return !q.empty() || done; });
            while (!q.empty()) { consumed += q.front(); q.pop(); }
            if (done) break;
        }
    });
    std::vector<std::thread> producers;
    for (int p = 0; p < 4; p++) {
        producers.emplace_back([&, p] {
            for (int i = 1; i <= 500; i++) {
                std::lock_guard<std::mutex> g(m);
                q.push(p * 1000 + i);
                cv.notify_one();
            }
        });
    }
    for (auto &t : producers) t.join();
    {
        std::lock_guard<std::mutex> g(m);
        done = true;
    }
    cv.notify_all();
    consumer.join();
    std::printf("consumed %ld\n", consumed);

    std::vector<std::future<long>> parts;
    for (int i = 0; i < 4; i++) parts.push_back(std::async(std::launch::async, sum_range, i * 25000L, (i + 1) * 25000L));
    long total = 0;
    for (auto &f : parts) total += f.get();
    auto deferred = std::async(std::launch::deferred, [] { return 41 + 1; });
    std::printf("async total %ld deferred %d main tl %d\n", total, deferred.get(), tl);

    std::atomic<long> hits{0};
    std::vector<std::thread> ts;
    for (int i = 0; i < 8; i++) ts.emplace_back([&] { for (int k = 0; k < 10000; k++) hits.fetch_add(1, std::memory_order_relaxed); });
    for (auto &t : ts) t.join();
    std::printf("atomic hits %ld, hardware_concurrency>0: %d\n", hits.load(), std::thread::hardware_concurrency() > 0);
    return 0;
}
