package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var sink uint64

// spin loops without function calls: only asynchronous preemption (SIGURG from
// sysmon, whose handler rewrites the signal context) can take the CPU from it.
func spin(stop *int32) {
	x := uint64(1)
	for atomic.LoadInt32(stop) == 0 {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink = x
}

func main() {
	runtime.GOMAXPROCS(1)
	var stop int32
	go spin(&stop)
	time.Sleep(10 * time.Millisecond) // the spinner runs; main must be scheduled again
	atomic.StoreInt32(&stop, 1)
	fmt.Println("main ran again while a goroutine spun")

	runtime.GOMAXPROCS(4)
	var wg sync.WaitGroup
	var total int64
	results := make([]int64, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			var s int64
			for i := 0; i < 200000; i++ {
				s += int64(i % (id + 3))
				if i%50000 == 0 {
					runtime.Gosched()
				}
			}
			results[id] = s
			atomic.AddInt64(&total, s)
		}(g)
	}
	wg.Wait()
	fmt.Println("results", results)
	fmt.Println("total", atomic.LoadInt64(&total))
}
