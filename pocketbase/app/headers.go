package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PermissionsPolicy turns off every powerful feature the app does not use.
// The photo picker's <input capture> opens the system camera app and needs no
// camera permission; the viewer goes fullscreen and the case page shares its
// link (Web Share, else the clipboard). Only features Chromium recognises are
// listed: an unknown one is reported as an error in the console.
const PermissionsPolicy = "accelerometer=(), autoplay=(), bluetooth=(), camera=(), clipboard-read=(), " +
	"clipboard-write=(self), display-capture=(), fullscreen=(self), geolocation=(), gyroscope=(), hid=(), " +
	"magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), " +
	"serial=(), usb=(), web-share=(self), xr-spatial-tracking=()"

// Headers that every response of the app carries (not the API's, not the
// dashboard's: PocketBase sets its own CSP on /_/, see apis/serve.go, and
// X-Content-Type-Options: nosniff on every route, see apis/middlewares.go
// securityHeaders).
const (
	ReferrerPolicy          = "no-referrer"
	CrossOriginOpenerPolicy = "same-origin"
)

// contentTypes overrides Go's extension table, which lacks the manifest (so
// http.ServeContent would sniff it as text/plain) and otherwise depends on the
// host's /etc/mime.types.
var contentTypes = map[string]string{
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
}

// appDir holds SvelteKit's compiled JavaScript.
const appDir = "_app"

// ContentSecurityPolicy returns the policy for the app built in fsys.
//
// The shell has inline scripts: app.html starts the case bundle request, and
// adapter-static's fallback page boots SvelteKit from an inline <script>.
// SvelteKit's kit.csp cannot hash app.html's own script and, on a static
// page, only emits a <meta> policy, which cannot carry frame-ancestors; so the
// server hashes the inline scripts and styles of the very bytes it sends.
// Svelte templates with a static style attribute (SvelteKit's route
// announcer) are allowed by the hash of that attribute ('unsafe-hashes'),
// never by 'unsafe-inline'.
//
// The same policy goes on every file of the app: a worker's policy is the one
// its script is served with, and the DICOM and zip workers compile WASM
// codecs ('wasm-unsafe-eval'). Workers and zip.js are served by the app, never
// from blob: URLs (src/lib/import/zip-config.ts); slice previews are object
// URLs (img-src blob:); the API is this origin.
//
// connect lists further origins the app may fetch from (the PACS origins of
// origins.go).
func ContentSecurityPolicy(fsys fs.FS, connect ...string) string {
	var scripts, styles []string
	if index, err := fs.ReadFile(fsys, indexPage); err == nil {
		scripts, styles = inlineHashes(index)
	}
	styleSrc := "style-src 'self'" + sources(styles)
	if attributes := templateStyleHashes(fsys); len(attributes) > 0 {
		styleSrc = "style-src 'self' 'unsafe-hashes'" + sources(styles) + sources(attributes)
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'" + sources(scripts),
		styleSrc,
		"img-src 'self' blob:",
		"font-src 'self'",
		"connect-src 'self'" + strings.Join(append([]string{""}, connect...), " "),
		"worker-src 'self'",
		"manifest-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}

func sources(hashes []string) string {
	var b strings.Builder
	for _, h := range hashes {
		b.WriteString(" '" + h + "'")
	}
	return b.String()
}

// inlineHashes returns the CSP sha256 sources of the inline <script> and
// <style> elements of page, in document order, without duplicates. The
// browser hashes the element's text as parsed (CRLF folded to LF, entities not
// decoded in raw text), which is what the tokenizer returns.
func inlineHashes(page []byte) (scripts, styles []string) {
	seen := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(page))
	var open atom.Atom // the raw-text element being read, if any
	for {
		switch z.Next() {
		case html.ErrorToken:
			return scripts, styles // io.EOF: a shell is never truncated mid-read
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			open = atom.Lookup(name)
			if open == atom.Script && hasAttr && hasSrc(z) {
				open = 0 // an external script is allowed by 'self'
			}
		case html.TextToken:
			if open != atom.Script && open != atom.Style {
				continue
			}
			h := hash(z.Text())
			if seen[h] {
				continue
			}
			seen[h] = true
			if open == atom.Script {
				scripts = append(scripts, h)
			} else {
				styles = append(styles, h)
			}
		default:
			open = 0
		}
	}
}

// templateAttribute is a static style attribute in a compiled Svelte
// template string; Svelte escapes quotes inside attribute values.
var templateAttribute = regexp.MustCompile(`\bstyle="([^"\\$]*)"`)

// templateStyleHashes returns the CSP sha256 sources of the static style
// attributes in the app's JavaScript (workers have no DOM), sorted. A string
// that only looks like a template adds a hash that matches nothing else.
func templateStyleHashes(fsys fs.FS) []string {
	seen := map[string]bool{}
	_ = fs.WalkDir(fsys, appDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".js" || strings.Contains(name, "/workers/") {
			return nil // an unreadable entry is skipped: the e2e suite reports what it would block
		}
		code, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil
		}
		for _, m := range templateAttribute.FindAllSubmatch(code, -1) {
			seen[hash([]byte(html.UnescapeString(string(m[1]))))] = true
		}
		return nil
	})
	hashes := make([]string, 0, len(seen))
	for h := range seen {
		hashes = append(hashes, h)
	}
	sort.Strings(hashes)
	return hashes
}

func hash(text []byte) string {
	sum := sha256.Sum256(text)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

func hasSrc(z *html.Tokenizer) bool {
	for {
		key, _, more := z.TagAttr()
		if string(key) == "src" {
			return true
		}
		if !more {
			return false
		}
	}
}

// securityHeaders returns the headers for the app built in fsys.
func securityHeaders(fsys fs.FS, connect ...string) http.Header {
	h := http.Header{}
	h.Set("Referrer-Policy", ReferrerPolicy)
	h.Set("Permissions-Policy", PermissionsPolicy)
	h.Set("Cross-Origin-Opener-Policy", CrossOriginOpenerPolicy)
	h.Set("Content-Security-Policy", ContentSecurityPolicy(fsys, connect...))
	return h
}
