package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// os/signal over the runtime's handlers: a signal sent to the process itself
// arrives on the channel; an ignored one does nothing; a ticker ticks.
func main() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1, syscall.SIGHUP)
	if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
		fmt.Println("kill:", err)
	}
	fmt.Println("received:", <-ch)
	signal.Ignore(syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		fmt.Println("kill:", err)
	}
	fmt.Println("received:", <-ch)
	signal.Stop(ch)
	t := time.NewTicker(3 * time.Millisecond)
	for i := 1; i <= 3; i++ {
		<-t.C
		fmt.Println("tick", i)
	}
	t.Stop()
	select {
	case s := <-ch:
		fmt.Println("unexpected", s)
	default:
		fmt.Println("no more signals")
	}
}
