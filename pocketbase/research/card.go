package research

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The consent question contributors answer, verbatim from messages/en.json and es.json
// ("consent_question"); card_test.go fails when the app's wording changes without this.
const (
	ConsentEn = "If this case is about liver pathology, do you agree that its de-identified CT images may be used to develop a pilot AI algorithm on liver lesions? The study will be stored, de-identified, in a research database, and we will keep you informed of the results."
	ConsentEs = "Si este caso trata sobre patología hepática, ¿aceptas que sus imágenes de TC anonimizadas se usen para desarrollar un algoritmo piloto de IA sobre lesiones hepáticas? El estudio se guardará, anonimizado, en una base de datos de investigación, y te mantendremos informado de los resultados."
)

// The wording until 2026-12-06, which spoke of "your data" although the images are the
// patient's: contributors who consented before then answered it, so the card quotes it too.
const (
	consentBeforeEn = "If your case is about liver pathology, do you accept that we use your data for a pilot AI algorithm on liver lesions? Your study will be stored, de-identified, in a database used to develop an AI algorithm, and we will keep you informed of the results."
	consentBeforeEs = "Si tu caso trata sobre patología hepática, ¿aceptas que usemos tus datos para un algoritmo piloto de IA sobre lesiones hepáticas? Tu estudio se guardará, anonimizado, en una base de datos usada para desarrollar un algoritmo de IA, y te mantendremos informado de los resultados."
)

// deidCodes are the CID 7050 codes the app writes by default (src/lib/dicom/deid/method.ts).
var deidCodes = [][2]string{
	{"113100", "Basic Application Confidentiality Profile"},
	{"113103", "Clean Graphics Option"},
	{"113105", "Clean Descriptors Option"},
	{"113107", "Retain Longitudinal Temporal Information Modified Dates Option"},
	{"113108", "Retain Patient Characteristics Option"},
}

// sizeCategory is the Hugging Face size_categories bucket for n files.
func sizeCategory(n int) string {
	switch {
	case n < 1000:
		return "n<1K"
	case n < 10000:
		return "1K<n<10K"
	case n < 100000:
		return "10K<n<100K"
	default:
		return "100K<n<1M"
	}
}

// yamlString quotes s for YAML front matter (JSON strings are valid YAML).
func yamlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// datasetCard is README.md: YAML front matter in the Hugging Face dataset card convention,
// then what the dataset holds, how it was selected and de-identified, the consent and citation.
func (x *exporter) datasetCard() []byte {
	var b strings.Builder
	date := x.modified.UTC().Format("2006-01-02")
	b.WriteString("---\nlicense: other\nlicense_name: cassette-research-consent\n")
	b.WriteString("pretty_name: " + yamlString("Cassette liver CT ("+date+")") + "\n")
	b.WriteString("size_categories:\n- " + sizeCategory(x.totals.Instances) + "\n")
	b.WriteString("task_categories:\n- image-classification\n")
	b.WriteString("tags:\n- medical\n- radiology\n- dicom\n- ct\n- liver\n- icd-11\n---\n\n")

	fmt.Fprintf(&b, "# Cassette liver CT (%s)\n\n", date)
	fmt.Fprintf(&b, "De-identified CT series of teaching cases whose authors consented to research use, each labelled with an ICD-11 code. "+
		"Exported from %s; the data is as it stood on %s (the newest change among the exported records).\n\n", x.appURL, x.modified.UTC().Format("2006-01-02 15:04:05Z"))
	fmt.Fprintf(&b, "| cases | series | instances | DICOM bytes |\n|---|---|---|---|\n| %d | %d | %d | %d |\n\n",
		x.totals.Cases, x.totals.Series, x.totals.Instances, x.totals.Bytes)

	b.WriteString("## Counts per ICD-11 code\n\n| class | code | title | cases | series | instances |\n|---|---|---|---|---|---|\n")
	for _, c := range classesOf(x.rows) {
		cases, series, instances := map[string]bool{}, 0, 0
		for _, r := range x.rows {
			if r.ICD11Code == c.Code {
				cases[r.CaseID] = true
				series++
				instances += r.Instances
			}
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %d | %d | %d |\n", c.Index, c.Code, strings.ReplaceAll(c.Title, "|", "/"), len(cases), series, instances)
	}

	b.WriteString("\n## Selection\n\n")
	if q := x.sel.Query(); q != "" {
		fmt.Fprintf(&b, "`%s`: published cases with research consent whose author is not blocked, and their stored DICOM.\n\n", q)
	} else {
		b.WriteString("Every published case with research consent whose author is not blocked, and its stored DICOM.\n\n")
	}

	b.WriteString("## Files\n\n" +
		"- `cases/<case>/<series>/<n>.dcm`: the de-identified DICOM as stored, one folder per series (a 3D volume), slices in order.\n" +
		"- `labels/<case>.dcm`: a DICOM Comprehensive SR (TID 1500 layout) with the ICD-11 code (Coding Scheme Designator `I11`, " +
		"the MMS release as Coding Scheme Version), the region of interest and the other label, referencing every image of the case.\n" +
		"- `manifest.csv`, `manifest.json`: one row per series (labels, geometry, de-identified study and series UIDs, bytes, " +
		"and the author's optional diagnosis from the whole ICD-11 MMS: `diagnosis_icd11_code`, `diagnosis_icd11_title`).\n" +
		"- `datalist.json`: a MONAI Decathlon datalist (`training`: `image` = series folder, `label` = class index; `labels`: index → code).\n" +
		"- `SHA256SUMS`: SHA-256 of every other file (`sha256sum -c SHA256SUMS`, or `cassette verify dataset.zip`).\n\n")

	b.WriteString("## De-identification\n\n" +
		"Every image was de-identified on the contributor's device before upload, following DICOM PS3.15 Annex E, " +
		"Table E.1-1 (edition 2024b), and re-checked by the server (Patient Identity Removed = YES, no private attributes, " +
		"no identifying value of the profile). Default profile and options (CID 7050), recorded in each file's " +
		"De-identification Method Code Sequence (0012,0064):\n\n")
	for _, c := range deidCodes {
		fmt.Fprintf(&b, "- `%s` %s\n", c[0], c[1])
	}
	b.WriteString("\nDates are shifted by one random offset per case (intervals kept); UIDs are replaced consistently within a case.\n")

	b.WriteString("\n## Consent\n\nEvery contributor answered yes to this question (English / Spanish):\n\n> " + ConsentEn + "\n\n> " + ConsentEs + "\n")
	b.WriteString("\nContributors who consented before 2026-12-06 answered yes to its earlier wording:\n\n> " + consentBeforeEn + "\n\n> " + consentBeforeEs + "\n")
	b.WriteString("\n## Citation\n\n")
	fmt.Fprintf(&b, "Cassette contributors. *Cassette liver CT*, data as of %s, exported from %s. "+
		"Cite the case URLs in `manifest.csv` for individual cases, and the SHA-256 of this ZIP for the exact version.\n", date, x.appURL)
	return []byte(b.String())
}

// writeMetadata writes the files that describe the dataset, SHA256SUMS last.
func (x *exporter) writeMetadata() error {
	manifest, err := json.MarshalIndent(map[string]any{"series": x.rows, "totals": x.totals, "selection": x.sel}, "", "  ")
	if err != nil {
		return err
	}
	list, err := datalist(x.rows)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"manifest.csv", manifestCSV(x.rows)},
		{"manifest.json", manifest},
		{"datalist.json", list},
		{"README.md", x.datasetCard()},
	} {
		if err := x.add(f.name, f.data); err != nil {
			return err
		}
	}
	w, err := x.create("SHA256SUMS")
	if err != nil {
		return err
	}
	_, err = w.Write(x.sums.Bytes())
	return err
}
