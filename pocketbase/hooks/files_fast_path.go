package hooks

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// PublicFileFastPathId is the router middleware that serves the files of public records
// straight from local storage (servePublicFile).
const PublicFileFastPathId = "cassettePublicFileFastPath"

// fileRoutePattern is PocketBase's file route (apis/file.go bindFileApi) as the mux reports
// it in Request.Pattern: the fast path answers the same URLs, so the app, its service worker
// and a CDN in front see no difference.
const fileRoutePattern = "GET /api/files/{collection}/{recordId}/{filename}"

// publicFastPriority runs the fast path after PocketBase's rate limiter (the file route's own
// "*:file" rule replaces the global one at this priority: apis/file.go, tools/router/router.go)
// and its security headers, but before the body limit and every Cassette middleware.
const publicFastPriority = apis.DefaultRateLimitMiddlewarePriority + 1

const publicFilesKey = "cassettePublicFiles"

// skipSuccessLog runs PocketBase's own SkipSuccessActivityLog middleware before the fast
// path's answer (built once: a hook is safe to trigger concurrently).
var skipSuccessLog = func() *hook.Hook[*core.RequestEvent] {
	h := &hook.Hook[*core.RequestEvent]{}
	h.Bind(apis.SkipSuccessActivityLog())
	return h
}()

// storageName is what the fast path accepts as a record id or stored file name: one path
// element that cannot climb (no separator, no leading dot). Stored names are
// <field>_<random>.<ext> (uploads_names.go); anything else is left to PocketBase.
var storageName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$`)

// fastImageTypes are the stored content types served by the fast path, each with the file
// extensions it may have. All are in PocketBase's inline list and none of the extensions is in
// its manual content-type overrides (tools/filesystem/filesystem.go inlineServeContentTypes,
// manualExtensionContentTypes), so PocketBase would send the stored type, inline.
var fastImageTypes = map[string][]string{
	"image/jpeg": {".jpg", ".jpeg"},
	"image/png":  {".png"},
	"image/gif":  {".gif"},
	"image/webp": {".webp"},
}

// publicFile is what a public file's answer needs, remembered under the generation of
// publicRecords (files_access_cache.go): any record or collection update or delete forgets it.
// A file PocketBase must answer is remembered too (serve false), so a draft's or a protected
// file's request is not looked up twice; falling through is always a correct answer.
type publicFile struct {
	generation  uint64
	at          time.Time
	serve       bool
	path        string
	contentType string
}

type publicFiles struct {
	mu      sync.RWMutex
	entries map[string]publicFile
}

func publicFilesOf(app core.App) *publicFiles {
	return app.Store().GetOrSet(publicFilesKey, func() any {
		return &publicFiles{entries: map[string]publicFile{}}
	}).(*publicFiles)
}

// registerPublicFileFastPath binds servePublicFile ahead of PocketBase's file route.
//
// Reading a series is one request per slice, and PocketBase's route spent most of each in
// work whose answer does not change between requests: the record's SQL lookup, opening and
// decoding the .attrs side file for the content type, the view rule (cached since
// files_access_cache.go) and the request log row. The fast path remembers, per URL, that the
// file is public and where it lies, and serves it as PocketBase's filesystem.Serve would.
func registerPublicFileFastPath(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       PublicFileFastPathId,
			Priority: publicFastPriority,
			Func:     servePublicFile,
		})
		return se.Next()
	})
}

// servePublicFile answers a request for a file of a non-protected field of a record a guest
// may view (guardFileDownload's public case), stored on local disk, without a thumb. Anything
// else, and any doubt (S3, a view collection, an unusual name, a rule that reads the request,
// the file gone from disk), goes on to PocketBase's route and guardFileDownload unchanged.
//
// It stands in for PocketBase's download and OnFileDownloadRequest, whose only handler in
// Cassette is guardFileDownload: a new download hook must be mirrored here.
func servePublicFile(e *core.RequestEvent) error {
	if e.Request.Pattern != fileRoutePattern || e.App.Settings().S3.Enabled {
		return e.Next()
	}
	attachment := false
	if e.Request.URL.RawQuery != "" {
		query := e.Request.URL.Query()
		if query.Get("thumb") != "" {
			return e.Next()
		}
		// the same parameter and parsing as filesystem.Serve (forceAttachmentParam)
		if raw := query.Get("download"); raw != "" {
			attachment, _ = strconv.ParseBool(raw)
		}
	}
	collection, recordID, name := e.Request.PathValue("collection"), e.Request.PathValue("recordId"), e.Request.PathValue("filename")
	key := collection + "/" + recordID + "/" + name
	files := publicFilesOf(e.App)
	generation := publicRecordsOf(e.App).generation.Load()
	now := time.Now()
	files.mu.RLock()
	entry, ok := files.entries[key]
	files.mu.RUnlock()
	if !ok || entry.generation != generation || now.Sub(entry.at) >= publicCacheTTL {
		var remember bool
		entry, remember = resolvePublicFile(e, collection, recordID, name)
		if !remember {
			return e.Next()
		}
		entry.generation, entry.at = generation, now
		files.mu.Lock()
		if len(files.entries) >= publicCacheMax {
			files.entries = map[string]publicFile{}
		}
		files.entries[key] = entry
		files.mu.Unlock()
	}
	if !entry.serve {
		return e.Next()
	}
	f, err := os.Open(entry.path)
	if err != nil {
		return e.Next() // PocketBase answers a missing file (404)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return e.Next()
	}
	// The headers of filesystem.Serve and apis/file.go (which removes the global
	// X-Frame-Options so files can be embedded), with guardFileDownload's Cache-Control.
	h := e.Response.Header()
	h.Del("X-Frame-Options")
	disposition := "inline"
	if attachment {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", disposition+"; filename="+name)
	h.Set("Content-Type", entry.contentType)
	h.Set("Content-Security-Policy", "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox")
	h.Set("Cache-Control", PublicFileCacheControl)
	// A successful read of a public file writes no request log row (a write to the logs
	// database per slice, the largest cost left): these are the reads a CDN would answer
	// without the server, and public by definition. A refused, missing or failed request
	// never reaches this point and is logged by PocketBase as before.
	return skipSuccessLog.Trigger(e, func(e *core.RequestEvent) error {
		// Range, HEAD, If-Modified-Since and Last-Modified as filesystem.Serve (same call,
		// the stored file's modification time, which is what its reader reports).
		http.ServeContent(e.Response, e.Request, name, info.ModTime(), f)
		return nil
	})
}

// resolvePublicFile decides, as apis/file.go download and guardFileDownload would, whether
// the file is served to a guest from a non-protected field with a public Cache-Control, and
// finds its path and stored content type. The path is built from the record's own ids and a
// file name the record holds, each checked to be one plain path element. remember is false
// for a malformed URL and after an error that may pass: that answer is not kept.
func resolvePublicFile(e *core.RequestEvent, collectionRef, recordID, name string) (entry publicFile, remember bool) {
	if !storageName.MatchString(recordID) || !storageName.MatchString(name) || strings.HasSuffix(name, ".attrs") {
		return publicFile{}, false
	}
	collection, err := e.App.FindCachedCollectionByNameOrId(collectionRef)
	if err != nil || collection.IsView() || !storageName.MatchString(collection.Id) || !cacheableRule(collection.ViewRule) {
		return publicFile{}, true
	}
	record, err := e.App.FindRecordById(collection, recordID)
	if err != nil || record.Id != recordID {
		return publicFile{}, true
	}
	field := record.FindFileFieldByFile(name)
	if field == nil || field.Protected {
		return publicFile{}, true
	}
	info, err := e.RequestInfo()
	if err != nil {
		return publicFile{}, false
	}
	public, err := guestMayView(e.App, record, info)
	if err != nil {
		return publicFile{}, false
	}
	if !public {
		return publicFile{}, true
	}
	storage := filepath.Join(e.App.DataDir(), core.LocalStorageDirName)
	fsys, err := filesystem.NewLocal(storage)
	if err != nil {
		return publicFile{}, false
	}
	defer fsys.Close()
	attrs, err := fsys.Attributes(record.BaseFilesPath() + "/" + name)
	if err != nil {
		return publicFile{}, false // missing: PocketBase answers 404 until it is stored
	}
	if !slices.Contains(fastImageTypes[attrs.ContentType], strings.ToLower(filepath.Ext(name))) {
		return publicFile{}, true
	}
	return publicFile{
		serve:       true,
		path:        filepath.Join(storage, record.BaseFilesPath(), name),
		contentType: attrs.ContentType,
	}, true
}
