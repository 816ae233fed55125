package research

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"cassette/pocketbase/icd11"
)

// manifestRow is one series of the dataset: manifest.csv and manifest.json have one per series.
type manifestRow struct {
	CaseID            string    `json:"case_id"`
	CaseURL           string    `json:"case_url"`
	ICD11Code         string    `json:"icd11_code"`
	ICD11Title        string    `json:"icd11_title"`
	ICD11Release      string    `json:"icd11_release"`
	Region            string    `json:"region_of_interest"`
	OtherLabel        string    `json:"other_label"`
	Category          string    `json:"category"`
	SeriesID          string    `json:"series_id"`
	Plane             string    `json:"plane"`
	Description       string    `json:"description"`
	Modality          string    `json:"modality"`
	Instances         int       `json:"instances"`
	Rows              int       `json:"rows"`
	Columns           int       `json:"columns"`
	PixelSpacing      []float64 `json:"pixel_spacing"`
	SliceThickness    *float64  `json:"slice_thickness"`
	SliceSpacing      *float64  `json:"slice_spacing"`
	StudyInstanceUID  string    `json:"study_instance_uid"`
	SeriesInstanceUID string    `json:"series_instance_uid"`
	Bytes             int64     `json:"bytes"`
	Path              string    `json:"path"`
	Label             string    `json:"label"`
	// The case's optional diagnosis from the whole MMS (cases.diagnosis_icd11), beside the liver
	// label above; appended last so that the CSV's earlier columns keep their places.
	DiagnosisCode  string `json:"diagnosis_icd11_code"`
	DiagnosisTitle string `json:"diagnosis_icd11_title"`
}

var manifestColumns = []string{"case_id", "case_url", "icd11_code", "icd11_title", "icd11_release", "region_of_interest",
	"other_label", "category", "series_id", "plane", "description", "modality", "instances", "rows", "columns",
	"pixel_spacing", "slice_thickness", "slice_spacing", "study_instance_uid", "series_instance_uid", "bytes", "path", "label",
	"diagnosis_icd11_code", "diagnosis_icd11_title"}

// seriesStats gathers a series' manifest values while its files stream.
type seriesStats struct {
	id, plane, description string
	count                  int
	bytes                  int64
	first                  header
	positions              []float64
}

func (s *seriesStats) add(h header, size int64) {
	if s.count == 0 {
		s.first = h
	}
	s.count++
	s.bytes += size
	// The slice's position along the normal of its orientation (PS3.3 C.7.6.2.1.1).
	pos, ori := h.Decimals(tagOf(0x0020, 0x0032)), s.first.Decimals(tagOf(0x0020, 0x0037))
	if len(pos) == 3 && len(ori) == 6 {
		n := [3]float64{ori[1]*ori[5] - ori[2]*ori[4], ori[2]*ori[3] - ori[0]*ori[5], ori[0]*ori[4] - ori[1]*ori[3]}
		s.positions = append(s.positions, pos[0]*n[0]+pos[1]*n[1]+pos[2]*n[2])
	}
}

// spacing is the median distance between consecutive slice positions, or the Spacing Between
// Slices attribute when positions are missing.
func (s *seriesStats) spacing() *float64 {
	if len(s.positions) >= 2 {
		p := append([]float64(nil), s.positions...)
		sort.Float64s(p)
		d := make([]float64, 0, len(p)-1)
		for i := 1; i < len(p); i++ {
			d = append(d, p[i]-p[i-1])
		}
		sort.Float64s(d)
		v := round(d[len(d)/2])
		return &v
	}
	if v := s.first.Decimals(tagOf(0x0018, 0x0088)); len(v) == 1 {
		return &v[0]
	}
	return nil
}

func round(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func (s *seriesStats) row(c caseRow, appURL string) manifestRow {
	r := manifestRow{CaseID: c.ID, CaseURL: strings.TrimRight(appURL, "/") + "/cases/" + c.ID,
		ICD11Code: c.Code, ICD11Title: c.CodeTitle, ICD11Release: releaseOf(c.Code), Region: c.Region, OtherLabel: c.OtherLabel,
		Category: c.Category, SeriesID: s.id, Plane: s.plane, Description: s.description,
		Modality: s.first.String(tagOf(0x0008, 0x0060)), Instances: s.count,
		Rows: s.first.Uint16(tagOf(0x0028, 0x0010)), Columns: s.first.Uint16(tagOf(0x0028, 0x0011)),
		PixelSpacing: s.first.Decimals(tagOf(0x0028, 0x0030)), SliceSpacing: s.spacing(),
		StudyInstanceUID: s.first.String(tagOf(0x0020, 0x000D)), SeriesInstanceUID: s.first.String(tagOf(0x0020, 0x000E)),
		Bytes: s.bytes, Path: "cases/" + c.ID + "/" + s.id, Label: "labels/" + c.ID + ".dcm",
		DiagnosisCode: c.Diagnosis, DiagnosisTitle: diagnosisTitle(c.Diagnosis)}
	if r.PixelSpacing == nil {
		r.PixelSpacing = []float64{}
	}
	if v := s.first.Decimals(tagOf(0x0018, 0x0050)); len(v) == 1 {
		r.SliceThickness = &v[0]
	}
	return r
}

var releasePattern = regexp.MustCompile(`/release/11/([^/]+)/mms/`)

// releaseOf is the ICD-11 MMS release the app's bundled list records for code (its WHO URI,
// http://id.who.int/icd/release/11/2024-01/mms/…), or "" for a code outside the list.
func releaseOf(code string) string {
	if e, ok := icd11.Lookup(code); ok {
		if m := releasePattern.FindStringSubmatch(e.URI); m != nil {
			return m[1]
		}
	}
	return ""
}

// diagnosisTitle is WHO's English title of an MMS code, or "" for none (the server accepts only
// codes of the embedded MMS, hooks/cases_diagnosis.go).
func diagnosisTitle(code string) string {
	if e, ok := icd11.LookupMMS(code); ok {
		return e.TitleEn
	}
	return ""
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func manifestCSV(rows []manifestRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(manifestColumns)
	for _, r := range rows {
		ps := make([]string, len(r.PixelSpacing))
		for i, v := range r.PixelSpacing {
			ps[i] = num(&v)
		}
		w.Write([]string{r.CaseID, r.CaseURL, r.ICD11Code, r.ICD11Title, r.ICD11Release, r.Region, r.OtherLabel, r.Category,
			r.SeriesID, r.Plane, r.Description, r.Modality, itoa(r.Instances), itoa(r.Rows), itoa(r.Columns),
			strings.Join(ps, `\`), num(r.SliceThickness), num(r.SliceSpacing), r.StudyInstanceUID, r.SeriesInstanceUID,
			strconv.FormatInt(r.Bytes, 10), r.Path, r.Label, r.DiagnosisCode, r.DiagnosisTitle})
	}
	w.Flush()
	return b.Bytes()
}

// classes are the dataset's ICD-11 codes in code order: a code's index is its class label.
type class struct {
	Index int    `json:"index"`
	Code  string `json:"code"`
	Title string `json:"title"`
}

func classesOf(rows []manifestRow) []class {
	seen := map[string]string{}
	for _, r := range rows {
		if _, ok := seen[r.ICD11Code]; !ok {
			seen[r.ICD11Code] = r.ICD11Title
		}
	}
	codes := make([]string, 0, len(seen))
	for c := range seen {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	out := make([]class, len(codes))
	for i, c := range codes {
		out[i] = class{Index: i, Code: c, Title: seen[c]}
	}
	return out
}

// datalist is a MONAI Decathlon-style datalist: "image" is a series folder (MONAI's LoadImage
// reads a DICOM folder as one volume), "label" the class index; paths are relative to the file.
func datalist(rows []manifestRow) ([]byte, error) {
	classes := classesOf(rows)
	index := map[string]int{}
	labels := map[string]string{}
	for _, c := range classes {
		index[c.Code] = c.Index
		labels[itoa(c.Index)] = c.Code
	}
	type entry struct {
		Image string `json:"image"`
		Label int    `json:"label"`
		Case  string `json:"case_id"`
		SR    string `json:"sr"`
	}
	training := make([]entry, 0, len(rows))
	for _, r := range rows {
		training = append(training, entry{Image: r.Path, Label: index[r.ICD11Code], Case: r.CaseID, SR: r.Label})
	}
	return json.MarshalIndent(map[string]any{
		"name": "Cassette liver CT", "modality": map[string]string{"0": "CT"},
		"labels": labels, "classes": classes, "numTraining": len(training), "training": training,
	}, "", "  ")
}
