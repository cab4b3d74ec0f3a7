package main

import (
	"fmt"
	"sort"
	"sync"
)

type account struct {
	mu      sync.Mutex
	balance int
}

// Many goroutines move money between accounts under per-account mutexes
// (locked in id order) and a global RWMutex-protected log; the totals must balance.
func main() {
	const accounts = 16
	const workers = 32
	const transfers = 2000
	accs := make([]*account, accounts)
	for i := range accs {
		accs[i] = &account{balance: 1000}
	}
	var logMu sync.RWMutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	tasks := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for t := range tasks {
				from, to := t%accounts, (t*7+3)%accounts
				if from == to {
					continue
				}
				a, b := accs[from], accs[to]
				if from > to {
					a, b = b, a
				}
				a.mu.Lock()
				b.mu.Lock()
				amount := t % 13
				if accs[from].balance >= amount {
					accs[from].balance -= amount
					accs[to].balance += amount
				}
				b.mu.Unlock()
				a.mu.Unlock()
				logMu.Lock()
				counts[from]++
				logMu.Unlock()
				logMu.RLock()
				_ = counts[to]
				logMu.RUnlock()
			}
		}(w)
	}
	for t := 0; t < transfers; t++ {
		tasks <- t
	}
	close(tasks)
	wg.Wait()
	total := 0
	for _, a := range accs {
		total += a.balance
	}
	keys := make([]int, 0, len(counts))
	n := 0
	for k, v := range counts {
		keys = append(keys, k)
		n += v
	}
	sort.Ints(keys)
	fmt.Println("total", total, "transfers", n, "senders", len(keys))
	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("once") })
	}
	cond := sync.NewCond(&sync.Mutex{})
	ready := 0
	for i := 0; i < 4; i++ {
		go func() {
			cond.L.Lock()
			ready++
			cond.L.Unlock()
			cond.Broadcast()
		}()
	}
	cond.L.Lock()
	for ready < 4 {
		cond.Wait()
	}
	cond.L.Unlock()
	fmt.Println("ready", ready)
}
