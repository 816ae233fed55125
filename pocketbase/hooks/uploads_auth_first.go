package hooks

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// authFirstCollections are the collections only a verified user (or a superuser) may create or
// update records in (their API rules say so, migrations/); cases and images carry files of up
// to 100 MB.
var authFirstCollections = map[string]bool{"cases": true, "series": true, "images": true, "reports": true}

// Messages of the requests refused before their body is read (an unverified user gets
// UnverifiedCreateMessage, as for a new case).
const (
	AuthFirstGuestMessage   = "Sign in to upload: creating or changing cases, series, images and reports needs an account."
	AuthFirstBlockedMessage = "This account is blocked by the moderators: it cannot create or change cases, series, images and reports."
)

// authFirstPriority runs after PocketBase has loaded the auth token and applied the rate limit,
// and before any body is read: the record create/update handlers read the whole multipart body
// (apis/record_crud.go, e.BindBody) before their API rule refuses a guest, so a guest's 120 MB
// upload was received in full to be told no.
const authFirstPriority = apis.DefaultBodyLimitMiddlewarePriority - 2

func registerUploadsAuthFirst(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: "cassetteUploadAuthFirst", Func: refuseUnauthorisedUpload, Priority: authFirstPriority})
		return se.Next()
	})
}

// refuseUnauthorisedUpload answers a create or update on authFirstCollections by a guest, an
// unverified or a blocked user without reading its body. The connection is closed after the
// answer, as net/http does for a body it would otherwise have to drain.
func refuseUnauthorisedUpload(e *core.RequestEvent) error {
	if !isRecordWrite(e.Request) || !authFirstCollections[collectionOf(e)] || e.HasSuperuserAuth() {
		return e.Next()
	}
	var status int
	var message string
	switch {
	case e.Auth == nil:
		status, message = http.StatusUnauthorized, AuthFirstGuestMessage
	case isBlocked(e.Auth):
		status, message = http.StatusForbidden, BlockedMessage
	case !e.Auth.Verified():
		status, message = http.StatusForbidden, UnverifiedCreateMessage
	default:
		return e.Next()
	}
	if e.Request.ContentLength != 0 {
		e.Response.Header().Set("Connection", "close")
	}
	if status == http.StatusUnauthorized {
		return e.UnauthorizedError(message, nil)
	}
	return e.ForbiddenError(message, nil)
}

// isRecordWrite is a record create (POST …/records) or update (PATCH …/records/{id}).
func isRecordWrite(r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, "/api/collections/") {
		return false
	}
	create := r.Method == http.MethodPost && strings.HasSuffix(strings.TrimSuffix(r.URL.Path, "/"), "/records")
	update := r.Method == http.MethodPatch && r.PathValue("id") != "" && strings.Contains(r.URL.Path, "/records/")
	return create || update
}

// collectionOf is the name of the route's collection ({collection} may be its id).
func collectionOf(e *core.RequestEvent) string {
	c, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil {
		return ""
	}
	return c.Name
}
