package app

import (
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// NotBuiltMessage is served in place of the app when the binary was built
// before the front end.
const NotBuiltMessage = "app not built: run npm start\n"

const indexPage = "index.html"

// Cache policies. SvelteKit puts content-hashed files under _app/immutable/,
// so they never change; the shell, the service worker and the manifest must
// be revalidated on every load or a new release is never seen.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	cacheShort      = "public, max-age=3600"
)

// revalidatedFiles are served with no-cache wherever they sit.
var revalidatedFiles = map[string]bool{
	indexPage:              true,
	"service-worker.js":    true,
	"sw.js":                true,
	"manifest.webmanifest": true,
	"version.json":         true,
}

// reservedPrefixes belong to PocketBase; an unknown path below them is a 404,
// never the app shell.
var reservedPrefixes = []string{"api/", "_/"}

// Register serves fsys at /{path...} on app's router, after every other route
// had its chance (as PocketBase's own pb_public handler does).
func Register(app core.App, fsys fs.FS) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			// read on serve, like every CASSETTE_* setting; a bad list stops the start
			origins, err := ParseOrigins(os.Getenv(PACSOriginsVariable))
			if err != nil {
				return err
			}
			if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
				se.Router.GET("/{path...}", Handler(fsys, origins...))
			}
			return se.Next()
		},
		Priority: 999,
	})
}

// Handler serves the SPA in fsys: existing files with their cache policy,
// index.html for client routes (paths without a file extension), and 404 for
// missing assets and unknown API paths. Every answer carries the app's
// security headers (headers.go), computed once from the embedded shell.
func Handler(fsys fs.FS, connect ...string) func(*core.RequestEvent) error {
	headers := securityHeaders(fsys, connect...)
	return func(e *core.RequestEvent) error {
		name := strings.TrimPrefix(path.Clean("/"+e.Request.PathValue("path")), "/")
		for _, prefix := range reservedPrefixes {
			if name+"/" == prefix || strings.HasPrefix(name, prefix) {
				return e.NotFoundError("", nil)
			}
		}
		for key := range headers {
			e.Response.Header().Set(key, headers.Get(key))
		}
		if _, err := fs.Stat(fsys, indexPage); err != nil {
			return e.String(http.StatusServiceUnavailable, NotBuiltMessage)
		}

		if name == "" || name == "." {
			name = indexPage
		}
		if info, err := fs.Stat(fsys, name); err == nil && !info.IsDir() {
			e.Response.Header().Set("Cache-Control", cachePolicy(name))
			if contentType, ok := contentTypes[path.Ext(name)]; ok {
				e.Response.Header().Set("Content-Type", contentType) // http.ServeContent keeps a type already set
			}
			return e.FileFS(fsys, name)
		}
		// Email links (/verify/, /reset/, /confirm-email/) end in a JWT, whose dots are not a file extension.
		if path.Ext(name) != "" && !strings.HasPrefix(name, "verify/") && !strings.HasPrefix(name, "reset/") && !strings.HasPrefix(name, "confirm-email/") {
			return e.NotFoundError("", nil)
		}
		e.Response.Header().Set("Cache-Control", cacheRevalidate)
		return e.FileFS(fsys, indexPage)
	}
}

// cachePolicy returns the Cache-Control value for the file at name.
func cachePolicy(name string) string {
	switch {
	case strings.HasPrefix(name, "_app/immutable/"):
		return cacheImmutable
	case revalidatedFiles[path.Base(name)], path.Ext(name) == ".html":
		return cacheRevalidate
	default:
		return cacheShort
	}
}
