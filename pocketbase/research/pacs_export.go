package research

import (
	"errors"
	"io"

	"github.com/pocketbase/pocketbase/core"
)

// What the research archive's send route (pocketbase/pacs/routes.go) needs from the export: the
// same access rule, the same selection of exportable cases and the same files and SR, so a case
// reaches the research PACS exactly as it would reach a researcher's ZIP.

// Researcher authorises a request as the export does: a superuser, or a verified, not blocked
// researcher (or a researcher's personal API token).
func Researcher(e *core.RequestEvent) (*core.Record, error) {
	return researcher(e)
}

// SelectedCase is one exportable case of a selection.
type SelectedCase struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Code  string `json:"code"`
}

// SelectCases lists the exportable cases of sel (published, author not blocked, consented, with
// DICOM), oldest first.
func SelectCases(app core.App, sel Selection) ([]SelectedCase, error) {
	rows, err := selectCases(app, sel)
	if err != nil {
		return nil, err
	}
	out := make([]SelectedCase, len(rows))
	for i, r := range rows {
		out[i] = SelectedCase{ID: r.ID, Title: r.Title, Code: r.Code}
	}
	return out, nil
}

// WriteCaseExport writes the export ZIP of one case of sel to w (its images under
// cases/<case>/, its label SR at labels/<case>.dcm). A case sel does not select (any more) is
// ErrNotExportable: it was unpublished, its consent withdrawn or its author blocked meanwhile.
func WriteCaseExport(app core.App, w io.Writer, sel Selection, caseID string) (Totals, error) {
	rows, err := selectCases(app, sel)
	if err != nil {
		return Totals{}, err
	}
	for _, r := range rows {
		if r.ID == caseID {
			return writeExport(app, w, sel, []caseRow{r}, nil)
		}
	}
	return Totals{}, ErrNotExportable
}

// ErrNotExportable is a case that may not leave the server under the selection.
var ErrNotExportable = errors.New("the case is not exportable: not published, no research consent, no DICOM, or its author is blocked")
