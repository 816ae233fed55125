package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

// FrozenCaseMessage answers an edit of the series or images of a removed case.
const FrozenCaseMessage = "The moderators removed this case: its series and images can no longer be changed. You can still delete the whole case."

// registerCasesFrozen keeps the series and images of a removed case as the moderators
// left them. The cases update rule already refuses edits of the case itself; deleting the
// whole case stays allowed (its series and images go with it by cascade, not by request).
func registerCasesFrozen(app core.App) {
	for _, collection := range []string{"series", "images"} {
		app.OnRecordCreateRequest(collection).BindFunc(refuseFrozenCase)
		app.OnRecordUpdateRequest(collection).BindFunc(refuseFrozenCase)
		app.OnRecordDeleteRequest(collection).BindFunc(refuseFrozenCase)
	}
}

func refuseFrozenCase(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	records := []*core.Record{e.Record}
	if !e.Record.IsNew() {
		records = append(records, e.Record.Original()) // a move out of a removed case too
	}
	for _, r := range records {
		removed, err := inRemovedCase(e.App, r)
		if err != nil {
			return e.BadRequestError("", err)
		}
		if removed {
			return e.ForbiddenError(FrozenCaseMessage, nil)
		}
	}
	return e.Next()
}

// inRemovedCase reports whether a series or image record belongs to a removed case.
func inRemovedCase(app core.App, r *core.Record) (bool, error) {
	caseID := r.GetString("case")
	if r.Collection().Name == "images" {
		series, err := app.FindRecordById("series", r.GetString("series"))
		if err != nil {
			return false, err
		}
		caseID = series.GetString("case")
	}
	c, err := app.FindRecordById("cases", caseID)
	if err != nil {
		return false, err
	}
	return c.GetString("status") == "removed", nil
}
