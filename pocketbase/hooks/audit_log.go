package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

func registerAuditLog(app core.App) {
	app.OnRecordCreateRequest("cases").BindFunc(auditAfter("case.create"))
	app.OnRecordUpdateRequest("cases").BindFunc(auditAfter("case.update"))
	app.OnRecordDeleteRequest("cases").BindFunc(auditAfter("case.delete"))
	app.OnRecordDeleteRequest("users").BindFunc(auditAfter("user.delete"))
}

// auditAfter records action in audit_log once the request has succeeded.
// Request hooks (not model hooks) are used because only they know who acted.
// A failed audit write is logged, not returned: the change itself is done.
func auditAfter(action string) func(e *core.RecordRequestEvent) error {
	return func(e *core.RecordRequestEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		if err := writeAudit(e.App, action, e.Auth, e.Record); err != nil {
			e.App.Logger().Error("audit_log write failed", "action", action, "target", e.Record.Id, "error", err)
		}
		return nil
	}
}

// writeAudit saves one audit_log entry about target, done by actor (nil for a guest).
func writeAudit(app core.App, action string, actor *core.Record, target *core.Record) error {
	return writeAuditEntry(app, action, actor, target.Id, auditDetails(target))
}

// writeAuditEntry saves one audit_log entry with the given details.
func writeAuditEntry(app core.App, action string, actor *core.Record, targetID string, details map[string]any) error {
	collection, err := app.FindCachedCollectionByNameOrId("audit_log")
	if err != nil {
		return err
	}
	entry := core.NewRecord(collection)
	entry.Set("action", action)
	entry.Set("target", targetID)
	entry.Set("details", details)
	if actor != nil {
		entry.Set("actor", actor.Id)
		entry.Set("actor_collection", actor.Collection().Name)
	}
	return app.Save(entry)
}

// auditDetails keeps just enough of the target to read the log later;
// never case text or anything a contributor may have typed PHI into.
func auditDetails(target *core.Record) map[string]any {
	switch target.Collection().Name {
	case "cases":
		return map[string]any{"author": target.GetString("author"), "status": target.GetString("status")}
	case "users":
		return map[string]any{"username": target.GetString("username")}
	default:
		return map[string]any{}
	}
}
