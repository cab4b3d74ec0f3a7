package main

import (
	"fmt"
	"os"
)

type node struct {
	next *node
	val  int
}

func deref(n *node) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return n.next.val, nil
}

func divide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func main() {
	_, err := deref(&node{})
	fmt.Println(err)
	_, err = deref(nil)
	fmt.Println(err)
	v, err := deref(&node{next: &node{val: 42}})
	fmt.Println(v, err)
	_, err = divide(1, 0)
	fmt.Println(err)
	var m map[string]int
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		m["x"] = 1
	}()
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		s := []int{1, 2, 3}
		i := len(os.Args) + 5
		fmt.Println(s[i])
	}()
}
