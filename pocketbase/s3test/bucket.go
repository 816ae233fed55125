package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/pocketbase/pocketbase/core"
	"github.com/versity/versitygw/backend/posix"
)

// Client is an AWS SDK client of the gateway, path-style, as a deployment's
// tooling would use it (bucket creation is not something PocketBase does).
func (g *Gateway) Client() *s3.Client {
	return s3.New(s3.Options{
		Region: Region, BaseEndpoint: aws.String(g.Endpoint), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, ""),
	})
}

// NewBucket creates a bucket with a fresh name (a-z0-9-, 3–63 characters,
// as S3 requires) so that parallel tests never see each other's objects.
func (g *Gateway) NewBucket(ctx context.Context, prefix string) (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	name := prefix + "-" + hex.EncodeToString(b)
	if _, err := g.Client().CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		return "", fmt.Errorf("s3test: create bucket %s: %w", name, err)
	}
	return name, nil
}

// S3Config is PocketBase's storage setting for bucket on this gateway.
func (g *Gateway) S3Config(bucket string) core.S3Config {
	return core.S3Config{
		Enabled: true, Bucket: bucket, Region: Region, Endpoint: g.Endpoint,
		AccessKey: AccessKey, Secret: SecretKey, ForcePathStyle: true,
	}
}

// Objects lists the keys stored in bucket, read straight from the POSIX
// directory rather than through S3, sorted. Versitygw keeps its own state
// in extended attributes, so every regular file is an object.
func (g *Gateway) Objects(bucket string) ([]string, error) {
	dir := filepath.Join(g.Root, bucket)
	var keys []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == posix.MetaTmpDir {
			return filepath.SkipDir // multipart uploads in progress, not objects
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, path)
			keys = append(keys, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(keys)
	return keys, err
}

// ObjectBytes reads one object from the POSIX directory.
func (g *Gateway) ObjectBytes(bucket, key string) ([]byte, error) {
	return os.ReadFile(filepath.Join(g.Root, bucket, filepath.FromSlash(key)))
}

// Matching returns the keys of bucket that contain every part.
func Matching(keys []string, parts ...string) []string {
	var out []string
next:
	for _, k := range keys {
		for _, p := range parts {
			if !strings.Contains(k, p) {
				continue next
			}
		}
		out = append(out, k)
	}
	return out
}
