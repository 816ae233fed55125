package icd11

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"strings"
	"sync"
)

// The whole ICD-11 MMS 2024-01 (src/lib/cases/icd11-mms.json.gz, made by scripts/gen-icd11-mms.js
// from WHO's own 2024-01 table; see src/lib/cases/ICD11-SOURCES.md): the codes any case's
// optional diagnosis (`cases.diagnosis_icd11`) is checked against. mms_test.go fails when this
// copy and the client's differ.
//
//go:generate go run ./internal/gen ../../src/lib/cases/icd11-mms.json.gz icd11-mms.json.gz

//go:embed icd11-mms.json.gz
var mmsGzip []byte

// MMSEntry is one coded entity of the MMS: WHO's code, URI and English title, and the Spanish
// title where one was verified (empty otherwise).
type MMSEntry struct {
	Code    string
	URI     string
	TitleEn string
	TitleEs string
}

var (
	mmsOnce    sync.Once
	mmsByCode  map[string]MMSEntry
	mmsRelease string
)

// loadMMS parses the embedded list on first use: a server that never sees a diagnosis never
// spends the ~17k-entry map.
func loadMMS() {
	var data struct {
		Release string       `json:"release"`
		URIBase string       `json:"uri_base"`
		Rows    [][4]*string `json:"rows"`
	}
	inflated, err := gzip.NewReader(bytes.NewReader(mmsGzip))
	if err != nil {
		panic("icd11: embedded MMS list is not gzip: " + err.Error())
	}
	if err := json.NewDecoder(inflated).Decode(&data); err != nil {
		panic("icd11: embedded MMS list is not valid JSON: " + err.Error())
	}
	mmsRelease = data.Release
	mmsByCode = make(map[string]MMSEntry, len(data.Rows))
	for _, r := range data.Rows {
		if r[0] == nil || r[1] == nil || r[2] == nil {
			panic("icd11: embedded MMS row without code, URI or English title")
		}
		e := MMSEntry{Code: *r[0], URI: data.URIBase + *r[1], TitleEn: *r[2]}
		if r[3] != nil {
			e.TitleEs = *r[3]
		}
		mmsByCode[e.Code] = e
	}
}

// LookupMMS returns the MMS entry for code, exactly as WHO writes it ("DB92", "2C12.02").
func LookupMMS(code string) (MMSEntry, bool) {
	mmsOnce.Do(loadMMS)
	e, ok := mmsByCode[strings.TrimSpace(code)]
	return e, ok
}

// MMSLen is the number of MMS codes embedded.
func MMSLen() int {
	mmsOnce.Do(loadMMS)
	return len(mmsByCode)
}

// MMSRelease is the MMS release of the embedded list ("2024-01").
func MMSRelease() string {
	mmsOnce.Do(loadMMS)
	return mmsRelease
}
