package research

import (
	"sort"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// maxListedCases bounds the case list of a summary (the totals always count every case).
const maxListedCases = 500

// CodeCount is one ICD-11 code's share of a selection.
type CodeCount struct {
	Code  string `json:"code"`
	Title string `json:"title"`
	Totals
}

// CaseCount is one selected case with what it adds to the export.
type CaseCount struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Code     string `json:"code"`
	Category string `json:"category"`
	Region   string `json:"region"`
	Created  string `json:"created"`
	Totals
}

// Summary is what a selection would export, counted before anything is downloaded.
type Summary struct {
	Selection Selection   `json:"selection"`
	Totals    Totals      `json:"totals"`
	Codes     []CodeCount `json:"codes"`
	Cases     []CaseCount `json:"cases"`
	Truncated bool        `json:"truncated"`
}

// summarize counts the selected cases' series, instances and stored bytes (the size of each
// DICOM file as the storage reports it, so the figure is the ZIP's DICOM payload).
func summarize(app core.App, sel Selection, cases []caseRow) (Summary, error) {
	s := Summary{Selection: sel, Codes: []CodeCount{}, Cases: []CaseCount{}}
	if len(cases) == 0 {
		return s, nil
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return s, err
	}
	defer fsys.Close()
	images, err := app.FindCachedCollectionByNameOrId("images")
	if err != nil {
		return s, err
	}
	where, p := sel.where()
	var rows []struct {
		Case   string `db:"case_id"`
		Series string `db:"series"`
		Image  string `db:"image"`
		Dicom  string `db:"dicom"`
	}
	if err := app.DB().NewQuery(`SELECT c.id AS case_id, s.id AS series, i.id AS image, i.dicom` + joins + `WHERE ` + where).
		Bind(dbx.Params(p)).All(&rows); err != nil {
		return s, err
	}
	perCase := map[string]*Totals{}
	seenSeries := map[string]bool{}
	for _, r := range rows {
		t := perCase[r.Case]
		if t == nil {
			t = &Totals{Cases: 1}
			perCase[r.Case] = t
		}
		if !seenSeries[r.Series] {
			seenSeries[r.Series] = true
			t.Series++
		}
		t.Instances++
		attrs, err := fsys.Attributes(images.Id + "/" + r.Image + "/" + r.Dicom)
		if err != nil {
			return s, err
		}
		t.Bytes += attrs.Size
	}
	codes := map[string]*CodeCount{}
	for _, c := range cases {
		t := perCase[c.ID]
		if t == nil {
			continue
		}
		add(&s.Totals, *t)
		cc := codes[c.Code]
		if cc == nil {
			cc = &CodeCount{Code: c.Code, Title: c.CodeTitle}
			codes[c.Code] = cc
		}
		add(&cc.Totals, *t)
		if len(s.Cases) < maxListedCases {
			s.Cases = append(s.Cases, CaseCount{ID: c.ID, Title: c.Title, Code: c.Code, Category: c.Category, Region: c.Region, Created: c.Created, Totals: *t})
		}
	}
	s.Truncated = s.Totals.Cases > len(s.Cases)
	for _, cc := range codes {
		s.Codes = append(s.Codes, *cc)
	}
	sort.Slice(s.Codes, func(i, j int) bool { return s.Codes[i].Code < s.Codes[j].Code })
	return s, nil
}

func add(to *Totals, t Totals) {
	to.Cases += t.Cases
	to.Series += t.Series
	to.Instances += t.Instances
	to.Bytes += t.Bytes
}
