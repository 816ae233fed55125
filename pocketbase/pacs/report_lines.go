package pacs

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"cassette/pocketbase/research"
)

// The lines of a send's answer (routes.go). The app reads them as they come
// (src/lib/research/pacs-send.ts) and names every kind in the user's language. No line carries the
// archive's address or its own error text, which can hold it: those go to the server's log.

type startLine struct {
	Type  string                  `json:"type"` // "start"
	Cases []research.SelectedCase `json:"cases"`
}

type doneLine struct {
	Type     string `json:"type"` // "done"
	Cases    int    `json:"cases"`
	Complete int    `json:"complete"` // every image and the SR stored
}

// caseLine is what the archive did with one case.
type caseLine struct {
	Type         string       `json:"type"` // "case"
	Case         string       `json:"case"`
	Images       int          `json:"images"` // images sent (the SR apart)
	ImagesStored int          `json:"imagesStored"`
	SR           string       `json:"sr"` // "stored", "failed" or "not_sent"
	Failed       []failedLine `json:"failed"`
	Attempts     int          `json:"attempts"`
	Error        *errorLine   `json:"error,omitempty"`
}

// failedLine is an instance the archive refused, with its Failure Reason (PS3.18 Table 10.5.3-1).
type failedLine struct {
	UID    string `json:"uid"`
	SR     bool   `json:"sr"`
	Reason int    `json:"reason"`
}

// errorLine says why a case was not (wholly) stored. Kinds: unauthorized (401), forbidden (403),
// busy (429 or 5xx after the retries), refused (another final status), unreachable (no answer
// after the retries), incomplete (the answer left instances out), not_exportable (unpublished or
// consent withdrawn since the selection), server (this server could not read the case).
type errorLine struct {
	Kind   string `json:"kind"`
	Status int    `json:"status,omitempty"`
}

func (l caseLine) fail(kind string, status int) caseLine {
	l.SR = "not_sent"
	l.Error = &errorLine{Kind: kind, Status: status}
	return l
}

// from fills the line from the archive's report of the case.
func (l caseLine) from(app core.App, r CaseReport) caseLine {
	l.Attempts = r.Attempts
	l.Images = r.Instances
	if r.SR != "" {
		l.Images--
	}
	l.SR = "not_sent"
	if r.SR != "" && slices.Contains(r.Stored, r.SR) {
		l.SR = "stored"
	}
	for _, uid := range r.Stored {
		if uid != r.SR {
			l.ImagesStored++
		}
	}
	for _, f := range r.Failed {
		l.Failed = append(l.Failed, failedLine{UID: f.SOPInstanceUID, SR: f.SOPInstanceUID == r.SR, Reason: f.Reason})
		if f.SOPInstanceUID == r.SR {
			l.SR = "failed"
		}
	}
	if r.Err == nil {
		return l
	}
	app.Logger().Warn("research archive: case not stored", "case", r.Case, "attempts", r.Attempts, "error", r.Err)
	var status *StatusError
	switch {
	case errors.As(r.Err, &status):
		l.Error = &errorLine{Kind: statusKind(status.Status), Status: status.Status}
	case errors.Is(r.Err, ErrIncomplete):
		l.Error = &errorLine{Kind: "incomplete"}
	case errors.Is(r.Err, context.Canceled):
		l.Error = &errorLine{Kind: "cancelled"}
	default:
		l.Error = &errorLine{Kind: "unreachable"}
	}
	return l
}

func statusKind(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "unauthorized"
	case status == http.StatusForbidden:
		return "forbidden"
	case status == http.StatusTooManyRequests || status >= 500:
		return "busy"
	default:
		return "refused"
	}
}

// AuditAction is the audit_log action of a case sent (migrations/1763769650_audit_research_pacs.go).
const AuditAction = "research_pacs.send"

// audit records what left the server for one case, as hooks/audit_log.go records its entries. A
// failed write is logged, not returned: the case is in the archive either way.
func audit(app core.App, who *core.Record, line caseLine) {
	col, err := app.FindCachedCollectionByNameOrId("audit_log")
	if err == nil {
		entry := core.NewRecord(col)
		details := map[string]any{"images": line.Images, "imagesStored": line.ImagesStored, "sr": line.SR, "failed": len(line.Failed)}
		if line.Error != nil {
			details["error"] = line.Error.Kind
		}
		entry.Load(map[string]any{"action": AuditAction, "target": line.Case, "details": details,
			"actor": who.Id, "actor_collection": who.Collection().Name})
		err = app.Save(entry)
	}
	if err != nil {
		app.Logger().Error("audit_log write failed", "action", AuditAction, "target", line.Case, "error", err)
	}
}
