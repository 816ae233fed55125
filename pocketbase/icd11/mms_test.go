package icd11_test

import (
	"bytes"
	"os"
	"testing"

	"cassette/pocketbase/icd11"
)

// TestMMSCopyMatchesClientList fails when src/lib/cases/icd11-mms.json.gz changed and the embedded
// copy was not regenerated (node scripts/gen-icd11-mms.js, or go generate in pocketbase/icd11).
func TestMMSCopyMatchesClientList(t *testing.T) {
	t.Parallel()
	client, err := os.ReadFile("../../src/lib/cases/icd11-mms.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	copied, err := os.ReadFile("icd11-mms.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(client, copied) {
		t.Fatal("pocketbase/icd11/icd11-mms.json.gz differs from src/lib/cases/icd11-mms.json.gz: run go generate in pocketbase/icd11")
	}
}

func TestLookupMMS(t *testing.T) {
	t.Parallel()
	// WHO's 2024-01 table has 17,220 coded entities in chapters 01–25 (ICD11-SOURCES.md).
	if n := icd11.MMSLen(); n != 17220 {
		t.Fatalf("MMSLen = %d, want 17220", n)
	}
	if r := icd11.MMSRelease(); r != "2024-01" {
		t.Errorf("MMSRelease = %q", r)
	}
	for _, want := range []icd11.MMSEntry{
		{Code: "DB92", URI: "http://id.who.int/icd/release/11/2024-01/mms/1912806631", TitleEn: "Non-alcoholic fatty liver disease", TitleEs: "Hepatopatía grasa no alcohólica"},
		{Code: "1A00", URI: "http://id.who.int/icd/release/11/2024-01/mms/257068234", TitleEn: "Cholera", TitleEs: "Cólera"},
		{Code: "1A03.Y", URI: "http://id.who.int/icd/release/11/2024-01/mms/344162786/other", TitleEn: "Intestinal infections due to other specified Escherichia coli"},
	} {
		got, ok := icd11.LookupMMS(want.Code)
		if !ok {
			t.Errorf("LookupMMS(%q) not found", want.Code)
			continue
		}
		if got.URI != want.URI || got.TitleEn != want.TitleEn || (want.TitleEs != "" && got.TitleEs != want.TitleEs) {
			t.Errorf("LookupMMS(%q) = %+v, want %+v", want.Code, got, want)
		}
	}
	// Every liver code of the consent label is an MMS code with the same WHO title.
	for _, code := range []string{"DB93.1", "2C12.02", "NB91.1Z", "LB20.21"} {
		liver, _ := icd11.Lookup(code)
		mms, ok := icd11.LookupMMS(code)
		if !ok || mms.TitleEn != liver.TitleEn || mms.URI != liver.URI {
			t.Errorf("%s: MMS %+v, liver list %+v", code, mms, liver)
		}
	}
	for _, code := range []string{"", "13", "db92", "DB92.99", "XA0060", "SA00"} {
		if _, ok := icd11.LookupMMS(code); ok {
			t.Errorf("LookupMMS(%q) found an entry; want unknown", code)
		}
	}
}
