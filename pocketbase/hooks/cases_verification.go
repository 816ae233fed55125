package hooks

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// UnverifiedCreateMessage is the answer an unverified account gets when it
// tries to create a case. The cases create rule already refuses the request;
// this turns PocketBase's generic 400 into a 403 that says why.
const UnverifiedCreateMessage = "Verify your email first: check your inbox for the verification link, then try again."

func registerCasesVerification(app core.App) {
	// A record rule runs before OnRecordCreateRequest, so the explanation has
	// to come from a router middleware (which only exists once serving).
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(requireVerifiedToCreateCases)
		return se.Next()
	})
}

// requireVerifiedToCreateCases answers 403 to a signed-in, unverified user
// posting a new case; every other request passes through untouched.
func requireVerifiedToCreateCases(e *core.RequestEvent) error {
	if e.Request.Method != http.MethodPost || e.Auth == nil || e.Auth.IsSuperuser() || e.Auth.Verified() {
		return e.Next()
	}
	if !strings.HasPrefix(e.Request.URL.Path, "/api/collections/") || !strings.HasSuffix(e.Request.URL.Path, "/records") {
		return e.Next()
	}
	collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || collection.Name != "cases" {
		return e.Next()
	}
	return e.ForbiddenError(UnverifiedCreateMessage, nil)
}
