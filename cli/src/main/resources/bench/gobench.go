// farm bench's Go workload: CPU-bound, std-only, deterministic output.
// A chain of SHA-256 digests, each keyed into a map, then the keys sorted.
package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"sort"
	"strconv"
)

func main() {
	n := 200000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	m := make(map[string]int)
	h := sha256.Sum256([]byte("binfarm"))
	for i := 0; i < n; i++ {
		h = sha256.Sum256(h[:])
		m[fmt.Sprintf("%x", h[:4])] += i
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sum := 0
	for _, k := range keys {
		sum = sum*31 + m[k]
	}
	fmt.Printf("%d keys, first %s, last %s, digest %x, sum %d\n", len(keys), keys[0], keys[len(keys)-1], h[:8], sum)
}
