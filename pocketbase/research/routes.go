// Package research gets consented, ICD-11-labelled CT out of Cassette as a dataset: the
// selection a researcher makes, its counts, and one ZIP streamed from storage (DICOM, SR
// labels, manifests, a MONAI datalist, checksums and a dataset card), byte-identical when the
// same selection is exported again over the same data. Every export is recorded in
// research_exports.
package research

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"cassette/pocketbase/tokens"
)

// Routes. Both take the selection as query parameters (icd, category, region, q, from, to).
const (
	SummaryPath = "/api/cassette/research/summary"
	ExportPath  = "/api/cassette/research/export"
)

// Register adds the research routes when app serves (in tests, call it from the TestAppFactory),
// and the API token routes (tokens/routes.go) that let programs use them.
func Register(app core.App) {
	tokens.Register(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(SummaryPath, handleSummary)
		se.Router.GET(ExportPath, handleExport)
		return se.Next()
	})
}

// researcher returns who may export: a superuser, or a verified, not blocked user whose role
// (granted by an admin on the dashboard, hooks/users_role.go) is researcher. A browser
// download cannot send a header, so a file token (?token=, as PocketBase's protected files
// take) is accepted too.
//
// A program sends a researcher's personal API token instead (Authorization: Bearer cst_…,
// tokens/token.go): the token's owner must still be a researcher.
func researcher(e *core.RequestEvent) (*core.Record, error) {
	tok, err := tokens.Authenticate(e, tokens.Personal)
	if err != nil {
		return nil, err
	}
	auth := e.Auth
	if tok != nil {
		if auth, err = e.App.FindRecordById("users", tok.GetString("user")); err != nil {
			return nil, e.UnauthorizedError("The API token is not valid.", nil)
		}
	}
	if auth == nil {
		if token := e.Request.URL.Query().Get("token"); token != "" {
			auth, _ = e.App.FindAuthRecordByToken(token, core.TokenTypeFile)
		}
	}
	if auth == nil {
		return nil, e.UnauthorizedError("Sign in with a researcher account.", nil)
	}
	if auth.IsSuperuser() {
		return auth, nil
	}
	if auth.Collection().Name != "users" || auth.GetString("role") != "researcher" || !auth.Verified() || auth.GetBool("blocked") {
		return nil, e.ForbiddenError("Only researchers can see and export the research dataset.", nil)
	}
	return auth, nil
}

// selection authorises the request and reads its selection and the selected cases.
func selection(e *core.RequestEvent) (*core.Record, Selection, []caseRow, error) {
	who, err := researcher(e)
	if err != nil {
		return nil, Selection{}, nil, err
	}
	sel, err := ParseSelection(e.Request.URL.Query())
	if err != nil {
		return nil, sel, nil, e.BadRequestError(err.Error(), nil)
	}
	cases, err := selectCases(e.App, sel)
	if err != nil {
		return nil, sel, nil, e.InternalServerError("", err)
	}
	return who, sel, cases, nil
}

func handleSummary(e *core.RequestEvent) error {
	_, sel, cases, err := selection(e)
	if err != nil {
		return err
	}
	s, err := summarize(e.App, sel, cases)
	if err != nil {
		return e.InternalServerError("", err)
	}
	e.Response.Header().Set("Cache-Control", "private, no-store")
	return e.JSON(http.StatusOK, s)
}

func handleExport(e *core.RequestEvent) error {
	who, sel, cases, err := selection(e)
	if err != nil {
		return err
	}
	if len(cases) == 0 {
		return e.NotFoundError("The selection is empty: no published, consented case with DICOM matches it.", nil)
	}
	h := e.Response.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="cassette-dataset.zip"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	e.Response.WriteHeader(http.StatusOK)

	// PocketBase serves with a 5-minute write timeout (apis/serve.go); a large export keeps
	// pushing it forward while files still flow, so only a stalled client is cut off.
	rc := http.NewResponseController(e.Response)
	extend := func() { _ = rc.SetWriteDeadline(time.Now().Add(2 * time.Minute)) }
	extend()
	out := newHashingWriter(e.Response)
	totals, exportErr := writeExport(e.App, out, sel, cases, extend)
	if exportErr == nil {
		_ = rc.Flush()
	}
	if err := recordExport(e.App, who, sel, totals, out, exportErr); err != nil {
		e.App.Logger().Error("research export: audit row not written", "error", err)
	}
	if exportErr != nil {
		e.App.Logger().Error("research export stopped", "error", exportErr)
	}
	return nil // the response has started: an error can no longer be sent as JSON
}

// recordExport writes the export's research_exports row.
func recordExport(app core.App, who *core.Record, sel Selection, totals Totals, out *hashingWriter, exportErr error) error {
	col, err := app.FindCachedCollectionByNameOrId("research_exports")
	if err != nil {
		return err
	}
	rec := core.NewRecord(col)
	rec.Load(map[string]any{
		"actor": who.Id, "actor_collection": who.Collection().Name, "selection": sel,
		"cases": totals.Cases, "series": totals.Series, "instances": totals.Instances,
		"bytes": out.n, "sha256": out.Sum(), "status": "complete",
	})
	if exportErr != nil {
		rec.Set("status", "incomplete")
		rec.Set("error", exportErr.Error())
	}
	return app.Save(rec)
}
