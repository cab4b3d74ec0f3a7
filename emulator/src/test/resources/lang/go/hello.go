package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("hello from Go")
	fmt.Printf("args=%d pi=%.5f hex=%#x\n", len(os.Args), 3.14159265, 48879)
	fmt.Fprintln(os.Stderr, "to stderr")
	os.Exit(3)
}
