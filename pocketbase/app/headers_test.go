package app_test

import (
	"net/http"
	"testing"
	"testing/fstest"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	webapp "cassette/pocketbase/app"
)

// hashedShell has what a SvelteKit build puts in index.html: inline scripts
// (one twice, one with CRLF line ends and a raw "&&"), an external one and an
// inline style. The hashes below were computed apart from the code under test
// (printf '%s' TEXT | openssl dgst -sha256 -binary | base64), with CRLF
// folded to LF as the browser's parser does.
const hashedShell = "<!doctype html><html><head>" +
	"<script>document.title='boot'</script>" +
	"<script src=\"/_app/immutable/entry/start.js\"></script>" +
	"<style>body > div { display: contents }</style>" +
	"</head><body><div>" +
	"<script>\r\n\t\t\twindow.x = 1 && 2;\r\n\t\t</script>" +
	"<script>document.title='boot'</script>" +
	"</div></body></html>"

// announcerModule holds a compiled Svelte template with a static style
// attribute, as SvelteKit's route announcer is; the worker's is not a page's.
const announcerModule = "var D=t(`<div id=\"svelte-announcer\" style=\"position: absolute; left: 0\"><!></div>`);"

const wantCSP = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval' 'sha256-YpfVr8SZ+ctr1s+MfLPfCDLxQ0JJlVDpygrSIxLMR8M=' 'sha256-PESqR1I+6/IR8KsXhmOfe0F158dBGtGTAQ6t/lKaejA='; " +
	"style-src 'self' 'unsafe-hashes' 'sha256-mRiU/dhlrcoDkLMuTacHeWKocP1STvz+FxpVPaTqhlM=' 'sha256-Tw6+ScIk2RZaueZbOcYpSYU2FEZ3jfhw2pkHd/ufz+I='; " +
	"img-src 'self' blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// dashboardCSP stands for the policy PocketBase's own /_/ route sets
// (apis/serve.go defaultCSP); the test router has no dashboard, so the
// factory registers one the same way.
const dashboardCSP = "default-src 'self'; style-src 'self' 'unsafe-inline'"

var hashedBuild = fstest.MapFS{
	"index.html":                               {Data: []byte(hashedShell)},
	"_app/immutable/entry/app.x.js":            {Data: []byte(announcerModule)},
	"_app/immutable/workers/dicom.worker-x.js": {Data: []byte("self.onmessage = () => {} // `<p style=\"color: red\">`")},
	"_app/immutable/assets/codec-x.wasm":       {Data: []byte("\x00asm\x01\x00\x00\x00")},
	"manifest.webmanifest":                     {Data: []byte(`{"name":"Cassette"}`)},
}

func withDashboard(t testing.TB) *tests.TestApp {
	app := factory(hashedBuild)(t)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/_/{path...}", func(e *core.RequestEvent) error {
			e.Response.Header().Set("Content-Security-Policy", dashboardCSP)
			return e.HTML(http.StatusOK, "<title>dashboard</title>")
		})
		return se.Next()
	})
	return app
}

// headers checks each header of want; "" means absent.
func headers(want map[string]string) func(t testing.TB, app *tests.TestApp, res *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		for key, value := range want {
			if got := res.Header.Get(key); got != value {
				t.Errorf("%s = %q, want %q", key, got, value)
			}
		}
	}
}

var appHeaders = map[string]string{
	"Content-Security-Policy":    wantCSP,
	"Referrer-Policy":            "no-referrer",
	"Permissions-Policy":         webapp.PermissionsPolicy,
	"Cross-Origin-Opener-Policy": "same-origin",
	"X-Content-Type-Options":     "nosniff",
}

func with(base map[string]string, extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	notApp := map[string]string{"Referrer-Policy": "", "Permissions-Policy": "", "Cross-Origin-Opener-Policy": "",
		"X-Content-Type-Options": "nosniff"}
	for _, s := range []tests.ApiScenario{
		{Name: "the shell at / carries the policy with the hashes of its inline scripts", URL: "/",
			ExpectedStatus: 200, ExpectedContent: []string{"document.title='boot'"}, AfterTestFunc: headers(appHeaders)},
		{Name: "a deep link to the shell too", URL: "/cases/abcdefghijklmno",
			ExpectedStatus: 200, ExpectedContent: []string{"document.title='boot'"}, AfterTestFunc: headers(appHeaders)},
		{Name: "a worker script gets the policy its WASM codecs run under", URL: "/_app/immutable/workers/dicom.worker-x.js",
			ExpectedStatus: 200, ExpectedContent: []string{"onmessage"},
			AfterTestFunc: headers(with(appHeaders, map[string]string{"Content-Type": "text/javascript; charset=utf-8"}))},
		{Name: "WASM is served as application/wasm", URL: "/_app/immutable/assets/codec-x.wasm",
			ExpectedStatus: 200, ExpectedContent: []string{"asm"}, AfterTestFunc: headers(map[string]string{"Content-Type": "application/wasm"})},
		{Name: "the manifest is application/manifest+json", URL: "/manifest.webmanifest",
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"Cassette"`},
			AfterTestFunc: headers(with(appHeaders, map[string]string{"Content-Type": "application/manifest+json"}))},
		{Name: "the API keeps PocketBase's headers only", URL: "/api/health",
			ExpectedStatus: 200, ExpectedContent: []string{"API is healthy"}, AfterTestFunc: headers(with(notApp, map[string]string{"Content-Security-Policy": ""}))},
		{Name: "the dashboard keeps its own policy", URL: "/_/",
			ExpectedStatus: 200, ExpectedContent: []string{"dashboard"},
			AfterTestFunc: headers(with(notApp, map[string]string{"Content-Security-Policy": dashboardCSP}))},
	} {
		s.Method = http.MethodGet
		s.TestAppFactory = withDashboard
		s.Test(t)
	}
}

func TestContentSecurityPolicyWithoutInlineCode(t *testing.T) {
	t.Parallel()
	got := webapp.ContentSecurityPolicy(fstest.MapFS{
		"index.html":                {Data: []byte(`<!doctype html><script src="/a.js"></script><p>no inline code</p>`)},
		"_app/immutable/entry/a.js": {Data: []byte("document.body.style.color = 'red'")},
	})
	want := "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
		"img-src 'self' blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	if got != want {
		t.Errorf("policy = %q\nwant     %q", got, want)
	}
}
