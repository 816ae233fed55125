package research

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"

	"cassette/pocketbase/dicomcheck/dicomtest"
)

func testSRCase(t *testing.T) srCase {
	t.Helper()
	method := []*dicom.Element{dicomtest.Text(tag.CodeValue, "113100"), dicomtest.Text(tag.CodingSchemeDesignator, "DCM"),
		dicomtest.Text(tag.CodeMeaning, "Basic Application Confidentiality Profile")}
	ct, err := dicomtest.CT(dicomtest.SetElement(dicomtest.Sequence(tag.DeidentificationMethodCodeSequence, method)))
	if err != nil {
		t.Fatal(err)
	}
	h, err := parseHeader(ct)
	if err != nil && err != errShortHeader {
		t.Fatal(err)
	}
	return srCase{ID: "cpublished00001", Code: "DB93.1", Title: "Cirrhosis of liver with a title longer than sixty-four characters in all",
		Release: "2024-01", Region: "Segmento VI, lóbulo derecho", OtherLabel: "arterial phase",
		Updated: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC), First: h,
		Instances: []srInstance{
			{"2.25.1111", "2.25.2222", "1.2.840.10008.5.1.4.1.1.2", "2.25.31"},
			{"2.25.1111", "2.25.2222", "1.2.840.10008.5.1.4.1.1.2", "2.25.32"},
			{"2.25.1111", "2.25.2223", "1.2.840.10008.5.1.4.1.1.2", "2.25.33"},
		}}
}

// TestSRPassesDciodvfy runs dicom3tools' IOD validator (installed by npm test) on a label
// SR and requires no line with "Error".
func TestSRPassesDciodvfy(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("dciodvfy")
	if err != nil {
		t.Fatal("dciodvfy (Debian dicom3tools) is needed: npm test installs it")
	}
	path := filepath.Join(t.TempDir(), "label.dcm")
	if err := os.WriteFile(path, buildSR(testSRCase(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(bin, "-new", path).CombinedOutput()
	if strings.Contains(string(out), "Error") {
		t.Fatalf("dciodvfy reports errors:\n%s", out)
	}
	t.Logf("dciodvfy:\n%s", out)
}

func TestSRIsReproducibleAndCarriesTheCode(t *testing.T) {
	t.Parallel()
	a, b := buildSR(testSRCase(t)), buildSR(testSRCase(t))
	if !bytes.Equal(a, b) {
		t.Fatal("two SRs of the same case differ")
	}
	h, err := parseHeader(a)
	if err != errShortHeader { // an SR has no Pixel Data: the walker reads to the end
		t.Fatalf("parse: %v", err)
	}
	if h.String(tagOf(0x0008, 0x0016)) != comprehensiveSRClass || h.String(tagOf(0x0012, 0x0062)) != "YES" {
		t.Fatalf("class %q, identity removed %q", h.String(tagOf(0x0008, 0x0016)), h.String(tagOf(0x0012, 0x0062)))
	}
	for _, want := range []string{"DB93.1", "I11", "2024-01", icd11SchemeUID, "Segmento VI, lóbulo derecho", "2.25.33", "113100"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("SR lacks %q", want)
		}
	}
	other := testSRCase(t)
	other.Code = "DB92"
	if bytes.Equal(a, buildSR(other)) {
		t.Fatal("a different code gives the same SR")
	}
}

// TestSRCopiesADefinedLengthMethodSequence: the app's and the synthetic series' De-identification
// Method Code Sequence has a defined length, whose binary item tags once made the copy an empty
// sequence (Type 1C present but empty, an error for dciodvfy).
func TestSRCopiesADefinedLengthMethodSequence(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("dciodvfy")
	if err != nil {
		t.Fatal("dciodvfy (Debian dicom3tools) is needed: npm test installs it")
	}
	h, err := parseHeader(SyntheticSeries{Key: "method", Slices: 1, Rows: 8, Columns: 8, PixelSpacing: 1, SliceSpacing: 1}.Slice(0))
	if err != nil && err != errShortHeader {
		t.Fatal(err)
	}
	c := testSRCase(t)
	c.First = h
	sr := buildSR(c)
	if !bytes.Contains(sr, []byte("Basic Application Confidentiality Profile")) {
		t.Fatal("the SR lost the source's De-identification Method Code Sequence")
	}
	path := filepath.Join(t.TempDir(), "label.dcm")
	if err := os.WriteFile(path, sr, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _ := exec.Command(bin, "-new", path).CombinedOutput(); strings.Contains(string(out), "Error") {
		t.Fatalf("dciodvfy reports errors:\n%s", out)
	}
}
