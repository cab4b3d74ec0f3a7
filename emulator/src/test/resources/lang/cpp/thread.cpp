#include <cstdio>
#include <thread>
#include <mutex>
#include <condition_variable>
#include <vector>
#include <atomic>

int main() {
    std::mutex m;
    long total = 0;
    std::atomic<int> atom{0};
    std::vector<std::thread> ts;
    for (int i = 0; i < 8; i++) {
        ts.emplace_back([&, i] {
            for (int j = 0; j < 5000; j++) {
                std::lock_guard<std::mutex> g(m);
                total += i;
            }
            atom.fetch_add(i, std::memory_order_relaxed);
        });
    }
    for (auto& t : ts) t.join();
    std::printf("total %ld atom %d\n", total, atom.load());

    std::condition_variable cv;
    bool ready = false;
    int value = 0;
    std::thread producer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::lock_guard<std::mutex> g(m);
        value = 123;
        ready = true;
        cv.notify_one();
    });
    {
        std::unique_lock<std::mutex> lk(m);
        cv.wait(lk, [&] { return ready; });
    }
    producer.join();
    std::printf("value %d\n", value);
    thread_local int tl = 0;
    std::thread t2([] { tl = 5; std::printf("thread tl %d\n", tl); });
    t2.join();
    std::printf("main tl %d\n", tl);
    return 0;
}
