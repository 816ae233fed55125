// Command s3gw runs the test S3 server (versitygw over a POSIX directory) on
// loopback for the load benchmark and browser tests, with the buckets they
// need already created. It prints "s3gw ready <endpoint>" once it answers.
//
//	go run ./s3test/s3gw --addr 127.0.0.1:0 --dir /tmp/s3 --bucket cassette
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"mime"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
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
	importDir := flag.String("import-storage", "", "a PocketBase data dir's storage folder to copy into the first bucket (what moving a deployment to S3 does)")
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
	if *importDir != "" {
		n, err := importStorage(ctx, g.Client(), strings.Split(*buckets, ",")[0], *importDir)
		if err != nil {
			log.Fatalf("s3gw: import %s: %v", *importDir, err)
		}
		fmt.Printf("s3gw imported %d files\n", n)
	}
	fmt.Printf("s3gw ready %s\n", g.Endpoint)
	if err := <-g.Done(); err != nil {
		log.Fatal(err)
	}
}

// importStorage uploads every file of a local storage folder (not the local
// driver's .attrs side files) under the same key, with its content type.
func importStorage(ctx context.Context, client *s3.Client, bucket, dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".attrs") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		kind := mime.TypeByExtension(filepath.Ext(path))
		if kind == "" {
			kind = http.DetectContentType(b)
		}
		_, err = client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(filepath.ToSlash(rel)),
			Body: bytes.NewReader(b), ContentType: aws.String(kind)})
		n++
		return err
	})
	return n, err
}
