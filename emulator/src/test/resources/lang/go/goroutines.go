package main

import (
	"fmt"
	"sync"
	"time"
)

// Results travel over channels; the output is sorted by worker id, never by arrival order.
func main() {
	const workers = 8
	jobs := make(chan int, 100)
	results := make(chan [2]int, 100)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for j := range jobs {
				time.Sleep(time.Millisecond)
				results <- [2]int{j, j * j}
			}
		}(w)
	}
	for i := 0; i < 50; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(results)
	squares := make([]int, 50)
	for r := range results {
		squares[r[0]] = r[1]
	}
	sum := 0
	for _, s := range squares {
		sum += s
	}
	fmt.Println("squares[7] =", squares[7], "sum =", sum)

	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("slept at least 20ms:", time.Since(start) >= 20*time.Millisecond)

	done := make(chan string)
	timer := time.NewTimer(10 * time.Millisecond)
	go func() { <-timer.C; done <- "timer fired" }()
	select {
	case s := <-done:
		fmt.Println(s)
	case <-time.After(5 * time.Second):
		fmt.Println("timeout")
	}
	unbuffered := make(chan int)
	go func() {
		for i := 1; i <= 3; i++ {
			unbuffered <- i
		}
		close(unbuffered)
	}()
	for v := range unbuffered {
		fmt.Println("got", v)
	}
}
