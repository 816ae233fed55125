package hooks

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Storage fault codes, in the 503 answer's data.storage.code; the app
// names them in the user's language (messages fault_*).
const (
	StorageFull        = "storage_full"
	StorageUnavailable = "storage_unavailable"
	// StorageRetryAfter is the Retry-After of a storage fault, in seconds.
	StorageRetryAfter = "60"
)

// registerStorageFaults answers a record write that failed because the
// server's disk is full or its S3 storage cannot be reached with 503 and a
// code, instead of PocketBase's 400 "Failed to create record.": a 400 tells
// the outbox the case was refused for good, while this is the server's
// trouble and the same request will succeed later. PocketBase has already
// removed what it uploaded for the failed write (core/field_file.go,
// afterRecordExecuteFailure), so nothing is half saved.
func registerStorageFaults(app core.App) {
	h := &hook.Handler[*core.RecordRequestEvent]{
		Id: "cassetteStorageFaults",
		// first, so it sees the error of every other hook and of the save
		Priority: -1000,
		Func: func(e *core.RecordRequestEvent) error {
			err := e.Next()
			if err == nil && storedFiles(e.Request) {
				resolveStorageAlerts(e.App)
			}
			return storageFaultError(e.RequestEvent, err)
		},
	}
	app.OnRecordCreateRequest().Bind(h)
	app.OnRecordUpdateRequest().Bind(h)
}

// storageFaultError turns a storage fault into a 503 with its code and
// returns any other error unchanged.
func storageFaultError(e *core.RequestEvent, err error) error {
	code := storageFaultCode(err)
	if code == "" {
		return err
	}
	e.App.Logger().Error("record write failed on storage", "code", code, "error", rawError(err).Error())
	e.Response.Header().Set("Retry-After", StorageRetryAfter)
	message := "The server's storage is full. Nothing was saved; try again later."
	alert := "A write failed because the server's storage is full (disk, quota or SQLite): "
	if code == StorageUnavailable {
		message = "The server cannot reach its file storage. Nothing was saved; try again later."
		alert = "A write failed because the S3 endpoint does not answer: "
	}
	// the admin sees it on the dashboard (server_alerts), at most one write per kind a minute
	raiseLimitedAlert(e.App, code, alert+rawError(err).Error())
	return &router.ApiError{Status: http.StatusServiceUnavailable, Message: message,
		Data: map[string]any{"storage": map[string]string{"code": code, "message": message}}}
}

// storageFaultCode classifies err: StorageFull for a full disk or quota
// (ENOSPC/EDQUOT from the file blob store; SQLITE_FULL, "database or disk
// is full", from SQLite), StorageUnavailable when the S3 endpoint does not
// answer (a network error on the way to it), "" for anything else.
func storageFaultCode(err error) string {
	if err == nil {
		return ""
	}
	raw := rawError(err)
	text := strings.ToLower(raw.Error())
	switch {
	case errors.Is(raw, syscall.ENOSPC), errors.Is(raw, syscall.EDQUOT),
		strings.Contains(text, "no space left on device"), strings.Contains(text, "database or disk is full"),
		strings.Contains(text, "disk quota exceeded"):
		return StorageFull
	}
	var opErr *net.OpError
	var urlErr *url.Error
	if errors.As(raw, &opErr) || errors.As(raw, &urlErr) ||
		strings.Contains(text, "connection refused") || strings.Contains(text, "dial tcp") {
		return StorageUnavailable
	}
	return ""
}

// storedFiles reports whether the request uploaded files (a multipart body with a file part):
// its success proves the storage works.
func storedFiles(r *http.Request) bool {
	return r.MultipartForm != nil && len(r.MultipartForm.File) > 0
}

// rawError is the error an ApiError was made from (PocketBase wraps the
// save error as the ApiError's raw data), or err itself.
func rawError(err error) error {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		if inner, ok := apiErr.RawData().(error); ok {
			return inner
		}
	}
	return err
}
