package hooks_test

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// filePartHead opens a multipart file part whose content the body never ends.
const filePartHead = "--cassette\r\nContent-Disposition: form-data; name=\"preview\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"

// uploadBody is a multipart upload of size bytes made on demand, counting what the server reads.
type uploadBody struct {
	head io.Reader
	left int64
	read atomic.Int64
}

func newUploadBody(size int64) *uploadBody {
	return &uploadBody{head: strings.NewReader(filePartHead), left: size}
}

func (b *uploadBody) Read(p []byte) (int, error) {
	n, _ := b.head.Read(p)
	if n == 0 {
		if b.left <= 0 {
			return 0, io.EOF
		}
		n = int(min(int64(len(p)), b.left))
		for i := range p[:n] {
			p[i] = 'x'
		}
		b.left -= int64(n)
	}
	b.read.Add(int64(n))
	return n, nil
}

// maxRead is what "(almost) nothing" means: less than one read buffer of net/http.
const maxRead = 64 << 10

func TestUploadsAuthFirst(t *testing.T) {
	t.Parallel()
	fx := tv.LoadModeration(t)
	with := func(who string) map[string]string {
		h := map[string]string{"Content-Type": "multipart/form-data; boundary=cassette"}
		if who != "" {
			h["Authorization"] = fx.Tokens[who]
		}
		return h
	}
	for _, s := range []struct {
		name, method, url, who string
		status                 int
		message                string
	}{
		{"a guest's image upload", http.MethodPost, "/api/collections/images/records", "", 401, hooks.AuthFirstGuestMessage},
		{"a guest's new case", http.MethodPost, "/api/collections/cases/records", "", 401, hooks.AuthFirstGuestMessage},
		{"a guest's case update", http.MethodPatch, "/api/collections/cases/records/" + tv.PublishedCaseID, "", 401, hooks.AuthFirstGuestMessage},
		{"a guest's series, by collection id", http.MethodPost, "/api/collections/" + collectionID(t, fx.Fixture, "series") + "/records", "", 401, hooks.AuthFirstGuestMessage},
		{"a guest's report", http.MethodPost, "/api/collections/reports/records", "", 401, hooks.AuthFirstGuestMessage},
		{"an unverified user's image upload", http.MethodPost, "/api/collections/images/records", tv.UnverifiedID, 403, hooks.UnverifiedCreateMessage},
		{"an unverified user's image update", http.MethodPatch, "/api/collections/images/records/" + tv.PublishedImageID, tv.UnverifiedID, 403, hooks.UnverifiedCreateMessage},
		{"a blocked user's image upload", http.MethodPost, "/api/collections/images/records", tv.BlockedID, 403, hooks.BlockedMessage},
		{"a blocked user's case update", http.MethodPatch, "/api/collections/cases/records/" + tv.BlockedCaseID, tv.BlockedID, 403, hooks.BlockedMessage},
	} {
		body := newUploadBody(120 << 20)
		(&tests.ApiScenario{Name: s.name, Method: s.method, URL: s.url, Headers: with(s.who), Body: body,
			ExpectedStatus: s.status, ExpectedContent: []string{s.message}, TestAppFactory: fx.NewApp,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, _ *http.Response) {
				if n := body.read.Load(); n > maxRead {
					t.Errorf("the server read %d bytes of the body before refusing it; want at most %d", n, maxRead)
				}
			}}).Test(t)
	}

	// The finding this middleware fixes, so the checks above cannot pass vacuously: without it
	// PocketBase reads a guest's whole upload before its API rule refuses it.
	body := newUploadBody(4 << 20)
	(&tests.ApiScenario{Name: "without the middleware a guest's upload is read in full", Method: http.MethodPost,
		URL: "/api/collections/images/records", Headers: with(""), Body: body, ExpectedStatus: 400,
		ExpectedContent: []string{`"status":400`}, TestAppFactory: fx.NewApp,
		BeforeTestFunc: func(t testing.TB, _ *tests.TestApp, e *core.ServeEvent) { e.Router.Unbind("cassetteUploadAuthFirst") },
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, _ *http.Response) {
			if body.read.Load() < 4<<20 {
				t.Errorf("PocketBase read %d bytes; the finding was that it reads the whole body", body.read.Load())
			}
		}}).Test(t)

	// Everyone else goes on to the rules and hooks, which read the body.
	for _, s := range []struct{ name, url, who string }{
		{"a verified author's upload is read", "/api/collections/images/records", tv.AuthorID},
		{"a user sign-up is read", "/api/collections/users/records", ""},
	} {
		body := newUploadBody(1 << 20)
		(&tests.ApiScenario{Name: s.name, Method: http.MethodPost, URL: s.url, Headers: with(s.who), Body: body,
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}, TestAppFactory: fx.NewApp,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, _ *http.Response) {
				if body.read.Load() < 1<<20 {
					t.Errorf("the body was read up to %d bytes only; this request should have reached PocketBase", body.read.Load())
				}
			}}).Test(t)
	}
}

func collectionID(t *testing.T, fx *tv.Fixture, name string) string {
	t.Helper()
	app := fx.NewApp(t)
	defer app.Cleanup()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c.Id
}
