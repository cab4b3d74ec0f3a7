// std::this_thread::sleep_for / sleep_until, timed condition waits, std::timed_mutex.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

int main() {
    using namespace std::chrono;
    auto t0 = steady_clock::now();
    std::this_thread::sleep_for(milliseconds(30));
    auto slept = duration_cast<milliseconds>(steady_clock::now() - t0).count();
    std::printf("slept at least 30ms: %d\n", slept >= 30);

    std::mutex m;
    std::condition_variable cv;
    std::unique_lock<std::mutex> lk(m);
    bool timed_out = cv.wait_for(lk, milliseconds(20)) == std::cv_status::timeout;
    std::printf("wait_for timed out: %d\n", timed_out);
    lk.unlock();

    std::timed_mutex tm;
    tm.lock();
    bool got = true;
    std::thread t([&] { got = tm.try_lock_for(milliseconds(15)); });
    t.join();
    std::printf("try_lock_for while held: %d\n", got);
    tm.unlock();

    bool flag = false;
    std::thread setter([&] {
        std::this_thread::sleep_until(steady_clock::now() + milliseconds(10));
        std::lock_guard<std::mutex> g(m);
        flag = true;
        cv.notify_one();
    });
    lk.lock();
    bool ok = cv.wait_for(lk, seconds(5), [&] { return flag; });
    lk.unlock();
    setter.join();
    std::printf("woken before the timeout: %d\n", ok);
    return 0;
}
