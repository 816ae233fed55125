package hooks

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"

	"github.com/pocketbase/pocketbase/tools/router"
)

func TestStorageFaultCode(t *testing.T) {
	t.Parallel()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"no error", nil, ""},
		{"ENOSPC from the blob store, wrapped by the save", router.NewBadRequestError("Failed to create record.",
			fmt.Errorf("upload: %w", &os.PathError{Op: "write", Path: "x.tmp", Err: syscall.ENOSPC})), StorageFull},
		{"a quota", &os.PathError{Op: "write", Path: "x", Err: syscall.EDQUOT}, StorageFull},
		{"SQLite's full database (text only through the driver)", errors.New("database or disk is full (13)"), StorageFull},
		{"S3 endpoint refusing connections", router.NewBadRequestError("Failed to create record.",
			&url.Error{Op: "Put", URL: "http://127.0.0.1:9/b/k", Err: refused}), StorageUnavailable},
		{"a validation error", router.NewBadRequestError("Failed to create record.", errors.New("preview: cannot be blank")), ""},
		{"a forbidden write", router.NewForbiddenError("no", nil), ""},
	} {
		if got := storageFaultCode(c.err); got != c.want {
			t.Errorf("%s: %q; want %q", c.name, got, c.want)
		}
	}
}
