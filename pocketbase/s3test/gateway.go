// Package s3test runs a real S3 server on loopback for Cassette's tests and
// benchmarks: the versitygw gateway (github.com/versity/versitygw, Apache-2.0)
// embedded in the process, over a POSIX directory, so every object PocketBase
// writes is a plain file a test can look at without going through S3.
package s3test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/versity/versitygw/backend/meta"
	"github.com/versity/versitygw/backend/posix"
	"github.com/versity/versitygw/embedgw"
)

// Credentials of the gateway's root account; loopback only, never a real secret.
const (
	AccessKey = "cassette-test-access"
	SecretKey = "cassette-test-secret-key"
	Region    = "us-east-1"
)

// Gateway is a running S3 server.
type Gateway struct {
	// Endpoint is the base URL, e.g. http://127.0.0.1:40123 (path-style only:
	// no DNS name resolves <bucket>.127.0.0.1).
	Endpoint string
	// Root is the directory holding the buckets: object <bucket>/<key> is the
	// file Root/<bucket>/<key>.
	Root string
	done chan error
}

var (
	shared    *Gateway
	sharedErr error
	once      sync.Once
)

// Shared starts one gateway per process on first use and returns it. embedgw
// allows a single gateway per process (package-level state), and posix.New
// changes the working directory to its root, so tests that use it must not
// depend on relative paths.
func Shared() (*Gateway, error) {
	once.Do(func() {
		root, err := os.MkdirTemp("", "cassette-s3-")
		if err != nil {
			sharedErr = err
			return
		}
		shared, sharedErr = Start(context.Background(), "127.0.0.1:0", root)
	})
	return shared, sharedErr
}

// Start runs a gateway on addr (host:port; port 0 picks a free one) over root
// until ctx is cancelled, and returns once it answers HTTP.
func Start(ctx context.Context, addr, root string) (*Gateway, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	addr, err = resolvePort(addr)
	if err != nil {
		return nil, err
	}
	be, err := posix.New(root, meta.XattrMeta{}, posix.PosixOpts{})
	if err != nil {
		return nil, fmt.Errorf("s3test: posix backend on %s (needs user xattrs): %w", root, err)
	}
	g := &Gateway{Endpoint: "http://" + addr, Root: root, done: make(chan error, 1)}
	go func() {
		g.done <- embedgw.RunVersityGW(ctx, be, &embedgw.Config{
			RootUserAccess: AccessKey, RootUserSecret: SecretKey, Region: Region,
			Ports:          []string{addr},
			MaxConnections: 1000, MaxRequests: 1000, MultipartMaxParts: 10000,
			KeepAlive: true, Quiet: true,
		})
	}()
	return g, g.waitReady(10 * time.Second)
}

// Done reports the gateway's exit error once it stops.
func (g *Gateway) Done() <-chan error { return g.done }

func (g *Gateway) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-g.done:
			return fmt.Errorf("s3test: gateway stopped at start: %v", err)
		default:
		}
		// an unsigned request is answered 403 by a gateway that is up
		if res, err := http.Get(g.Endpoint + "/"); err == nil {
			res.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("s3test: gateway did not answer within " + limit.String())
}

// resolvePort replaces port 0 by a free port: embedgw takes addresses as text.
func resolvePort(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port != "0" {
		return addr, err
	}
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
