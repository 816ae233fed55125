// Command s3gw runs the test S3 server (versitygw over a POSIX directory) on
// loopback for the load benchmark and browser tests, with the buckets they
// need already created. It prints "s3gw ready <endpoint>" once it answers.
//
//	go run ./s3test/s3gw --addr 127.0.0.1:0 --dir /tmp/s3 --bucket cassette
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"cassette/pocketbase/s3test"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback; port 0 picks a free one)")
	dir := flag.String("dir", "", "directory holding the buckets (required)")
	buckets := flag.String("bucket", "cassette", "comma-separated buckets to create")
	flag.Parse()
	if *dir == "" {
		log.Fatal("s3gw: --dir is required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	g, err := s3test.Start(ctx, *addr, *dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range strings.Split(*buckets, ",") {
		if b = strings.TrimSpace(b); b == "" {
			continue
		}
		_, err := g.Client().CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)})
		if err != nil && !strings.Contains(err.Error(), "BucketAlreadyOwnedByYou") {
			log.Fatalf("s3gw: create bucket %s: %v", b, err)
		}
	}
	fmt.Printf("s3gw ready %s\n", g.Endpoint)
	if err := <-g.Done(); err != nil {
		log.Fatal(err)
	}
}
