package hooks

import (
	"errors"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// uploadFields are the file fields whose every upload is audited, by collection.
var uploadFields = map[string][]string{
	"images": {"preview", "dicom"},
	"cases":  {"header_image"},
}

// uploadsAuditPriority runs the audit handler before every other handler of the same hook
// (PocketBase sorts by ascending priority), so it sees the outcome of all of them: the consent
// check, the file validation, PocketBase's own field validation and the save.
const uploadsAuditPriority = -100

func registerUploadsAudit(app core.App) {
	for collection := range uploadFields {
		h := &hook.Handler[*core.RecordRequestEvent]{Func: auditUploads, Priority: uploadsAuditPriority}
		app.OnRecordCreateRequest(collection).Bind(h)
		app.OnRecordUpdateRequest(collection).Bind(h)
	}
}

// uploadedFile is what the log keeps of one file: never its name (clients' file names often
// hold a patient's name) and never its content.
type uploadedFile struct {
	field string
	size  int64
}

// auditUploads writes one upload_accepted or upload_rejected entry per new file of the request.
func auditUploads(e *core.RecordRequestEvent) error {
	var files []uploadedFile
	for _, field := range uploadFields[e.Collection.Name] {
		for _, f := range e.Record.GetUnsavedFiles(field) {
			files = append(files, uploadedFile{field, f.Size})
		}
	}
	if len(files) == 0 {
		return e.Next()
	}
	if e.Record.IsNew() && e.Record.Id == "" {
		// Given now, the id names the target in the log whether or not the record is saved.
		e.Record.Id = core.GenerateDefaultRandomId()
	}
	err := e.Next()
	for _, f := range files {
		details := map[string]any{"collection": e.Collection.Name, "field": f.field, "size": f.size, "saved": err == nil}
		action := "upload_accepted"
		if err != nil {
			action = "upload_rejected"
			details["code"], details["reason"] = rejectionOf(err, f.field)
		}
		if auditErr := writeUploadAudit(e.App, e.Auth, action, e.Record.Id, details); auditErr != nil {
			e.App.Logger().Error("audit_log write failed", "action", action, "target", e.Record.Id, "error", auditErr)
		}
	}
	return err
}

// safeReasonPrefixes mark Cassette's own rejection codes, whose messages name no value; for any
// other error only the code is kept (PocketBase messages may quote submitted values or names).
var safeReasonPrefixes = []string{"image_", "dicom_", "upload_"}

// rejectionOf extracts the code and a loggable reason for field from a request error.
func rejectionOf(err error, field string) (code, reason string) {
	var apiErr *router.ApiError
	if !errors.As(err, &apiErr) {
		return "error", "The request failed."
	}
	code = "status_" + strconv.Itoa(apiErr.Status)
	reason = apiErr.Message
	if item, ok := apiErr.Data[field].(map[string]any); ok {
		code, _ = item["code"].(string)
		reason = "Field validation failed."
		for _, p := range safeReasonPrefixes {
			if strings.HasPrefix(code, p) {
				reason, _ = item["message"].(string)
			}
		}
	} else if len(apiErr.Data) > 0 {
		// another field was refused; its message may quote what was typed there
		reason = "Another field of the request was refused."
	}
	return code, reason
}

// writeUploadAudit saves one entry about target, by actor (nil for a guest).
func writeUploadAudit(app core.App, actor *core.Record, action, target string, details map[string]any) error {
	collection, err := app.FindCachedCollectionByNameOrId("audit_log")
	if err != nil {
		return err
	}
	entry := core.NewRecord(collection)
	entry.Set("action", action)
	entry.Set("target", target)
	entry.Set("details", details)
	if actor != nil {
		entry.Set("actor", actor.Id)
		entry.Set("actor_collection", actor.Collection().Name)
	}
	return app.Save(entry)
}
