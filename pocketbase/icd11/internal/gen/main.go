// Command gen copies the client's ICD-11 list into the icd11 package, where go:embed can reach it:
//
//	go run ./internal/gen SOURCE TARGET   (see the go:generate line in icd11.go)
package main

import (
	"log"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: gen SOURCE TARGET")
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(os.Args[2], b, 0o644); err != nil {
		log.Fatal(err)
	}
}
