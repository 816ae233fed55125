package hooks

import (
	"errors"
	"net/netip"

	"github.com/pocketbase/pocketbase/core"
)

// Cache-Control of served files. PocketBase's default (max-age=2592000, set only when the
// header is missing: tools/filesystem/filesystem.go Serve) would let a browser or a CDN keep
// a preview for 30 days after its case is removed, while the file URL itself does not change.
// A public file may be cached for 10 minutes, the most a removed case stays visible; a file
// of a case that is not public, and every protected file (the DICOM), is never stored.
const (
	PublicFileCacheControl  = "public, max-age=600"
	PrivateFileCacheControl = "private, no-store"
)

func registerFilesAccess(app core.App) {
	app.OnFileDownloadRequest().BindFunc(guardFileDownload)
	registerPublicCacheInvalidation(app)
	registerPublicFileFastPath(app)
}

// guardFileDownload serves a file only to whoever may view its record. PocketBase checks
// the view rule for Protected fields only (apis/file.go); every other file is served to
// anyone with the URL, so a draft's preview or a removed case's header image would be too.
// Public means a guest may view the record, so the collections' own rules decide.
// files_fast_path.go answers the public case before this hook runs, asking guestMayView too.
func guardFileDownload(e *core.FileDownloadRequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.InternalServerError("", err)
	}
	public, err := guestMayView(e.App, e.Record, info)
	if err != nil {
		e.App.Logger().Warn("file access: view rule", "record", e.Record.Id, "error", err)
	}
	if public && !e.FileField.Protected {
		e.Response.Header().Set("Cache-Control", PublicFileCacheControl)
		return e.Next()
	}
	if !public {
		requester := *info
		requester.Auth = fileRequester(e)
		if ok, _ := e.App.CanAccessRecord(e.Record, &requester, e.Record.Collection().ViewRule); !ok {
			return e.NotFoundError("", errors.New("the file's record is not readable by the requester"))
		}
	}
	e.Response.Header().Set("Cache-Control", PrivateFileCacheControl)
	return e.Next()
}

// fileRequester is who asks for the file: the owner of a valid file token (?token=, what an
// <img> can send), else the Authorization header's account. As apis/file.go does for
// protected files, a superuser's file token counts only from an allowed IP.
func fileRequester(e *core.FileDownloadRequestEvent) *core.Record {
	token := e.Request.URL.Query().Get("token")
	if token == "" {
		return e.Auth
	}
	auth, err := e.App.FindAuthRecordByToken(token, core.TokenTypeFile)
	if err != nil {
		return e.Auth
	}
	if auth.IsSuperuser() && !superuserIPAllowed(e.App.Settings().SuperuserIPs, e.RealIP()) {
		return nil
	}
	return auth
}

// superuserIPAllowed mirrors PocketBase's unexported isIPInList
// (apis/middlewares_rate_limit.go), with an empty list allowing every address.
func superuserIPAllowed(allowed []string, ip string) bool {
	if len(allowed) == 0 {
		return true
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	for _, item := range allowed {
		if prefix, err := netip.ParsePrefix(item); err == nil {
			if prefix.Contains(addr) {
				return true
			}
		} else if a, err := netip.ParseAddr(item); err == nil && a == addr {
			return true
		}
	}
	return false
}

// guestMayView reports whether a guest may view record by its collection's view rule: the
// request's own info without its auth, through the public-records cache. The download guard
// and the public-files fast path both ask it, so both serve the same files.
func guestMayView(app core.App, record *core.Record, info *core.RequestInfo) (bool, error) {
	rule := record.Collection().ViewRule
	guest := *info
	guest.Auth = nil
	return publicRecordsOf(app).isPublic(record, guest.Context, rule, func() (bool, error) {
		return app.CanAccessRecord(record, &guest, rule)
	})
}
