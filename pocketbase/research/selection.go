package research

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"cassette/pocketbase/migrations"
)

// Selection is what a researcher asks for. Every field is optional; empty selects every
// exportable case.
type Selection struct {
	// ICD is a code or a prefix: "DB93" also matches DB93.1 and DB93.10 (its children, which
	// ICD-11 writes after a dot), never DB930; "DB93.1" matches DB93.1 and DB93.1x.
	ICD      string `json:"icd,omitempty"`
	Category string `json:"category,omitempty"`
	// Region is a part of the region of interest, Q a part of the title, ICD-11 title or other label.
	Region string `json:"region,omitempty"`
	Q      string `json:"q,omitempty"`
	// From and To bound the case's creation date on the server (YYYY-MM-DD, inclusive, UTC).
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

var icdPattern = regexp.MustCompile(`^[0-9A-Z]{1,4}(\.[0-9A-Z]{1,4})?$`)

// ParseSelection reads a selection from query parameters and checks every value.
func ParseSelection(q url.Values) (Selection, error) {
	s := Selection{
		ICD: strings.ToUpper(strings.TrimSpace(q.Get("icd"))), Category: strings.TrimSpace(q.Get("category")),
		Region: strings.TrimSpace(q.Get("region")), Q: strings.TrimSpace(q.Get("q")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
	}
	if s.ICD != "" && !icdPattern.MatchString(s.ICD) {
		return s, fmt.Errorf("icd: %q is not an ICD-11 code or prefix (e.g. DB93 or DB93.1)", s.ICD)
	}
	if s.Category != "" && !slices.Contains(migrations.CaseCategories, s.Category) {
		return s, fmt.Errorf("category: %q is not one of %s", s.Category, strings.Join(migrations.CaseCategories, ", "))
	}
	for name, v := range map[string]string{"from": s.From, "to": s.To} {
		if _, err := time.Parse(time.DateOnly, v); v != "" && err != nil {
			return s, fmt.Errorf("%s: %q is not a date (YYYY-MM-DD)", name, v)
		}
	}
	if len(s.Region) > 200 || len(s.Q) > 200 {
		return s, fmt.Errorf("region and q are at most 200 characters")
	}
	return s, nil
}

// Query is the selection as URL query parameters (empty ones left out), in a fixed order.
func (s Selection) Query() string {
	v := url.Values{}
	for k, val := range map[string]string{"icd": s.ICD, "category": s.Category, "region": s.Region, "q": s.Q, "from": s.From, "to": s.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v.Encode()
}

// like escapes s for a LIKE pattern with ESCAPE '\'.
func like(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// exportable is the rule of what may leave the server, the same as the images read rule in
// the protectedFile context for a researcher (migrations/1763769609_cases_moderation.go): the
// case is public (published and its author not blocked) and has research consent; only
// images with a stored DICOM file are exported.
const exportable = `c.status = 'published' AND u.blocked = FALSE AND c.research_consent = TRUE AND i.dicom != ''`

// where is the selection's condition on cases c (joined with users u, series s, images i).
func (s Selection) where() (string, dbx.Params) {
	conds, p := []string{exportable}, dbx.Params{}
	if s.ICD != "" {
		p["icd"], p["icdLike"] = s.ICD, like(s.ICD)+"%"
		if strings.Contains(s.ICD, ".") {
			conds = append(conds, `c.icd11_code LIKE {:icdLike} ESCAPE '\'`)
		} else {
			p["icdLike"] = like(s.ICD) + ".%"
			conds = append(conds, `(c.icd11_code = {:icd} OR c.icd11_code LIKE {:icdLike} ESCAPE '\')`)
		}
	}
	if s.Category != "" {
		p["category"] = s.Category
		conds = append(conds, `c.category = {:category}`)
	}
	if s.Region != "" {
		p["region"] = "%" + like(s.Region) + "%"
		conds = append(conds, `c.region_of_interest LIKE {:region} ESCAPE '\'`)
	}
	if s.Q != "" {
		p["q"] = "%" + like(s.Q) + "%"
		conds = append(conds, `(c.title LIKE {:q} ESCAPE '\' OR c.icd11_title LIKE {:q} ESCAPE '\' OR c.other_label LIKE {:q} ESCAPE '\')`)
	}
	if s.From != "" {
		p["from"] = s.From + " 00:00:00.000Z"
		conds = append(conds, `c.created >= {:from}`)
	}
	if s.To != "" {
		p["to"] = s.To + " 23:59:59.999Z"
		conds = append(conds, `c.created <= {:to}`)
	}
	return strings.Join(conds, " AND "), p
}

const joins = ` FROM images i JOIN series s ON s.id = i.series JOIN cases c ON c.id = s."case" JOIN users u ON u.id = c.author `

// caseRow is one selected case.
type caseRow struct {
	ID         string `db:"id"`
	Title      string `db:"title"`
	Code       string `db:"icd11_code"`
	CodeTitle  string `db:"icd11_title"`
	Region     string `db:"region_of_interest"`
	OtherLabel string `db:"other_label"`
	Category   string `db:"category"`
	Diagnosis  string `db:"diagnosis_icd11"`
	Created    string `db:"created"`
	// Updated is the newest update of the case, its series and its exported images.
	Updated string `db:"newest"`
}

// selectCases lists the selected cases, oldest first (ties by id).
func selectCases(app core.App, s Selection) ([]caseRow, error) {
	where, p := s.where()
	var rows []caseRow
	err := app.DB().NewQuery(`SELECT c.id, c.title, c.icd11_code, c.icd11_title, c.region_of_interest, c.other_label, c.category, c.diagnosis_icd11, c.created,
		MAX(MAX(c.updated, s.updated, i.updated)) AS newest` + joins + `WHERE ` + where +
		` GROUP BY c.id ORDER BY c.created, c.id`).Bind(p).All(&rows)
	return rows, err
}

// instanceRow is one exported image with its series.
type instanceRow struct {
	Series      string `db:"series"`
	Plane       string `db:"plane"`
	Description string `db:"description"`
	Image       string `db:"image"`
	Dicom       string `db:"dicom"`
	Digest      string `db:"dicom_sha256"`
}

// caseInstances lists a selected case's exported images in series order, then slice order.
func caseInstances(app core.App, caseID string) ([]instanceRow, error) {
	var rows []instanceRow
	err := app.DB().NewQuery(`SELECT s.id AS series, s.plane, s.description, i.id AS image, i.dicom, i.dicom_sha256` + joins +
		`WHERE c.id = {:case} AND ` + exportable + ` ORDER BY s."order", s.created, s.id, i."index", i.id`).
		Bind(dbx.Params{"case": caseID}).All(&rows)
	return rows, err
}

// parseDate reads a PocketBase date column.
func parseDate(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.000Z", s)
	if err != nil {
		return time.Time{}
	}
	return t
}
