// Command fileserver is the load benchmark's physical anchor: Go's
// http.FileServer over the same slice files Cassette serves, on loopback.
//
//	go run tests/bench/load/fileserver.go ADDR DIR
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: fileserver ADDR DIR")
	}
	log.Fatal(http.ListenAndServe(os.Args[1], http.FileServer(http.Dir(os.Args[2]))))
}
