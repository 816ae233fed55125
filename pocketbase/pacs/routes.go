package pacs

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"cassette/pocketbase/research"
)

// Routes of the research archive. Both answer researchers and superusers only (the export's rule).
const (
	// StatusPath answers {"configured": bool}: the app shows the send button only when an archive is set.
	StatusPath = "/api/cassette/research/pacs"
	// SendPath sends the selection's exportable cases (query: the export's selection, plus
	// cases=id,id to send only those, e.g. the ones that failed) and streams one JSON line per
	// case as it is done (application/x-ndjson): a "start" line with the cases, one "case"
	// line each, and a "done" line.
	SendPath = "/api/cassette/research/pacs/send"
)

// Error codes in the answer's data.pacs.code, named in the user's language by the app.
const (
	CodeNotConfigured = "research_pacs_not_configured"
	CodeSendRunning   = "research_pacs_send_running"
	CodeNothingToSend = "research_pacs_nothing_to_send"
)

var caseID = regexp.MustCompile(`^[a-z0-9]{15}$`)

// Register adds the research archive's routes; archive is read on serve (ArchiveFromEnv in
// main), so a bad setting stops the start as CASSETTE_PACS_ORIGINS does.
func Register(app core.App, archive func() (*Target, error)) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			target, err := archive()
			if err != nil {
				return err
			}
			s := &sender{target: target}
			se.Router.GET(StatusPath, s.status)
			se.Router.POST(SendPath, s.send)
			return se.Next()
		},
	})
}

type sender struct {
	target *Target
	// running lets one send at a time reach the archive: two researchers pressing Send would
	// otherwise store the same cases twice, side by side.
	running sync.Mutex
}

func (s *sender) status(e *core.RequestEvent) error {
	if _, err := research.Researcher(e); err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "private, no-store")
	return e.JSON(http.StatusOK, map[string]bool{"configured": s.target != nil})
}

func codeError(code, message string) map[string]any {
	return map[string]any{"pacs": validation.NewError(code, message)}
}

func (s *sender) send(e *core.RequestEvent) error {
	who, err := research.Researcher(e)
	if err != nil {
		return err
	}
	if s.target == nil {
		return e.Error(http.StatusServiceUnavailable, "No research archive is configured on the server.",
			codeError(CodeNotConfigured, "Set "+URLVariable+" (and its credentials) on the server."))
	}
	query := e.Request.URL.Query()
	sel, err := research.ParseSelection(query)
	if err != nil {
		return e.BadRequestError(err.Error(), nil)
	}
	cases, err := research.SelectCases(e.App, sel)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if only := strings.TrimSpace(query.Get("cases")); only != "" {
		wanted := map[string]bool{}
		for _, id := range strings.Split(only, ",") {
			if !caseID.MatchString(id) {
				return e.BadRequestError("cases: a comma-separated list of case ids.", nil)
			}
			wanted[id] = true
		}
		// only cases the selection exports: a case id alone never makes a case exportable
		kept := cases[:0]
		for _, c := range cases {
			if wanted[c.ID] {
				kept = append(kept, c)
			}
		}
		cases = kept
	}
	if len(cases) == 0 {
		return e.NotFoundError("No published, consented case with DICOM to send.", codeError(CodeNothingToSend, "The selection is empty."))
	}
	if !s.running.TryLock() {
		return e.Error(http.StatusConflict, "A send to the research archive is already running.", codeError(CodeSendRunning, "Try again when it is done."))
	}
	defer s.running.Unlock()
	return s.stream(e, who, sel, cases)
}

// stream sends the cases one by one and writes a line after each.
func (s *sender) stream(e *core.RequestEvent, who *core.Record, sel research.Selection, cases []research.SelectedCase) error {
	h := e.Response.Header()
	h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	e.Response.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(e.Response)
	enc := json.NewEncoder(e.Response)
	write := func(v any) {
		// PocketBase serves with a 5-minute write timeout (apis/serve.go): each line pushes it on
		_ = rc.SetWriteDeadline(time.Now().Add(10 * time.Minute))
		_ = enc.Encode(v)
		_ = rc.Flush()
	}
	write(startLine{Type: "start", Cases: cases})
	ctx := e.Request.Context()
	complete := 0
	for _, c := range cases {
		if ctx.Err() != nil {
			return nil // the researcher left: the cases not yet sent are not sent
		}
		line := s.sendCase(ctx, e.App, sel, c)
		if line.Error == nil && len(line.Failed) == 0 {
			complete++
		}
		audit(e.App, who, line)
		write(line)
	}
	write(doneLine{Type: "done", Cases: len(cases), Complete: complete})
	return nil
}

// sendCase writes the case's export to a temporary file (its images as stored and the label SR
// the export writes) and sends it in one STOW-RS request.
func (s *sender) sendCase(ctx context.Context, app core.App, sel research.Selection, c research.SelectedCase) caseLine {
	line := caseLine{Type: "case", Case: c.ID, Failed: []failedLine{}}
	tmp, err := os.CreateTemp("", "cassette-stow-*.zip")
	if err != nil {
		app.Logger().Error("research archive: temporary file", "error", err)
		return line.fail("server", 0)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := research.WriteCaseExport(app, tmp, sel, c.ID); err != nil {
		if errors.Is(err, research.ErrNotExportable) {
			return line.fail("not_exportable", 0)
		}
		app.Logger().Error("research archive: export of a case failed", "case", c.ID, "error", err)
		return line.fail("server", 0)
	}
	size, err := tmp.Seek(0, 2)
	if err != nil {
		return line.fail("server", 0)
	}
	reports, err := StoreResearchExport(ctx, *s.target, tmp, size, nil)
	if err != nil || len(reports) != 1 {
		app.Logger().Error("research archive: send failed", "case", c.ID, "error", err)
		return line.fail("server", 0)
	}
	return line.from(app, reports[0])
}
