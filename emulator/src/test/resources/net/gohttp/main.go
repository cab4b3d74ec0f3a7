// A net/http server for the emulator's network tests: GET /hello?name=N answers
// "hello N #count"; GET /sum?n=K sums 1..K in a goroutine per request.
package main

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
)

func main() {
	var count int64
	http.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		n := atomic.AddInt64(&count, 1)
		fmt.Fprintf(w, "hello %s #%d\n", r.URL.Query().Get("name"), n)
	})
	http.HandleFunc("/sum", func(w http.ResponseWriter, r *http.Request) {
		k, _ := strconv.Atoi(r.URL.Query().Get("n"))
		ch := make(chan int64)
		go func() {
			var s int64
			for i := 1; i <= k; i++ {
				s += int64(i)
			}
			ch <- s
		}()
		fmt.Fprintf(w, "%d\n", <-ch)
	})
	addr := ":8090"
	if len(os.Args) > 1 {
		addr = os.Args[1]
	}
	fmt.Println("serving on", addr)
	if err := http.ListenAndServe(addr, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
