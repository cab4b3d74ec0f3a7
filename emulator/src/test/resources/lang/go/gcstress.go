package main

import (
	"fmt"
	"runtime"
)

type obj struct {
	next *obj
	data [126]int64
}

// Allocates 1 GiB in total in 1 KiB objects (a small-object size class) while keeping a bounded live set,
// so the collector must run many times; the output is a checksum, not a timing.
func main() {
	const total = 1 << 30
	const size = 1024
	const live = 4096
	ring := make([]*obj, live)
	var sum int64
	for i := 0; i < total/size; i++ {
		o := &obj{}
		o.data[0] = int64(i)
		if p := ring[i%live]; p != nil {
			sum += p.data[0]
			o.next = nil
		}
		ring[i%live] = o
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("sum", sum)
	fmt.Println("allocated at least 1 GiB:", ms.TotalAlloc >= total)
	fmt.Println("collected:", ms.NumGC > 10)
	fmt.Println("heap bounded:", ms.HeapAlloc < 64<<20)
}
