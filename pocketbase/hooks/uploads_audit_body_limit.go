package hooks

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// PocketBase caps a record route's body at 32 MB plus the collection's file fields' limits and
// answers a larger declared Content-Length with 413 before reading a byte of it (a body
// without a length is cut off while read). That refusal happens before any record hook, so
// this router middleware, bound just before PocketBase's body limit, explains it with the
// sizes and records it in audit_log like every other refused upload.
func registerUploadsBodyLimit(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "cassetteUploadTooLarge",
			Func:     explainUploadTooLarge,
			Priority: apis.DefaultBodyLimitMiddlewarePriority - 1,
		})
		return se.Next()
	})
}

func explainUploadTooLarge(e *core.RequestEvent) error {
	if e.Request.Method != http.MethodPost && e.Request.Method != http.MethodPatch ||
		!strings.HasPrefix(e.Request.URL.Path, "/api/collections/") || !strings.Contains(e.Request.URL.Path, "/records") {
		return e.Next()
	}
	collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || uploadFields[collection.Name] == nil {
		return e.Next()
	}
	err = e.Next()
	if !errors.Is(err, apis.ErrRequestEntityTooLarge) {
		return err
	}
	limit := recordBodyLimit(collection)
	size := "larger than that"
	if e.Request.ContentLength > 0 {
		size = megabytes(e.Request.ContentLength)
	}
	message := fmt.Sprintf("The upload is too large: a request to %s may carry at most %s of files and fields, and this one is %s.", collection.Name, megabytes(limit), size)
	target := e.Request.PathValue("id")
	if target == "" {
		target = collection.Name // nothing was read, so there is no record to name
	}
	details := map[string]any{"collection": collection.Name, "size": e.Request.ContentLength, "code": "upload_too_large", "reason": message, "saved": false}
	if auditErr := writeUploadAudit(e.App, e.Auth, "upload_rejected", target, details); auditErr != nil {
		e.App.Logger().Error("audit_log write failed", "action", "upload_rejected", "target", target, "error", auditErr)
	}
	return router.NewApiError(http.StatusRequestEntityTooLarge, message, nil)
}

// recordBodyLimit is the body limit PocketBase applies to collection's record routes
// (apis.dynamicCollectionBodyLimit): the default plus every file field's maximum.
func recordBodyLimit(collection *core.Collection) int64 {
	limit := apis.DefaultMaxBodySize
	for _, f := range collection.Fields {
		if calc, ok := f.(core.MaxBodySizeCalculator); ok {
			limit += calc.CalculateMaxBodySize()
		}
	}
	return limit
}
