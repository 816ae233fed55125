// Package icd11 is the server's copy of the bundled, WHO-verified list of liver-related ICD-11
// MMS codes (src/lib/cases/icd11-liver.json; see src/lib/cases/ICD11-SOURCES.md). A case with
// research consent must carry one of these codes with its WHO title.
package icd11

import (
	_ "embed"
	"encoding/json"
	"strings"
)

// go:embed cannot reach outside the Go module, so the list is copied here; icd11_test.go fails
// when the copy and the client's list differ.
//
//go:generate go run ./internal/gen ../../src/lib/cases/icd11-liver.json icd11-liver.json

//go:embed icd11-liver.json
var listJSON []byte

// Entry is one bundled code: WHO's code, English title and Spanish title (see ICD11-SOURCES.md).
type Entry struct {
	Code    string  `json:"code"`
	TitleEn string  `json:"title_en"`
	TitleEs *string `json:"title_es"`
	URI     string  `json:"uri"`
}

var byCode = func() map[string]Entry {
	var entries []Entry
	if err := json.Unmarshal(listJSON, &entries); err != nil {
		panic("icd11: bundled list is not valid JSON: " + err.Error())
	}
	m := make(map[string]Entry, len(entries))
	for _, e := range entries {
		m[e.Code] = e
	}
	return m
}()

// Lookup returns the bundled entry for code (exactly as WHO writes it, e.g. "DB92").
func Lookup(code string) (Entry, bool) {
	e, ok := byCode[strings.TrimSpace(code)]
	return e, ok
}

// Len is the number of bundled codes.
func Len() int { return len(byCode) }

// HasTitle reports whether title is this entry's WHO English title or its bundled Spanish one.
func (e Entry) HasTitle(title string) bool {
	title = strings.TrimSpace(title)
	return title != "" && (title == e.TitleEn || (e.TitleEs != nil && title == *e.TitleEs))
}
