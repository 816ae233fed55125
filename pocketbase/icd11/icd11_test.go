package icd11_test

import (
	"bytes"
	"os"
	"testing"

	"cassette/pocketbase/icd11"
)

// TestCopyMatchesClientList fails when src/lib/cases/icd11-liver.json changed and the embedded
// copy was not regenerated (cd pocketbase/icd11 && go generate).
func TestCopyMatchesClientList(t *testing.T) {
	client, err := os.ReadFile("../../src/lib/cases/icd11-liver.json")
	if err != nil {
		t.Fatal(err)
	}
	copied, err := os.ReadFile("icd11-liver.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(client, copied) {
		t.Fatal("pocketbase/icd11/icd11-liver.json differs from src/lib/cases/icd11-liver.json: run go generate in pocketbase/icd11")
	}
}

func TestLookup(t *testing.T) {
	if icd11.Len() < 2 {
		t.Fatalf("Len = %d, want the bundled list", icd11.Len())
	}
	for code, title := range map[string]string{
		"DB92": "Non-alcoholic fatty liver disease",
		"DB93": "Hepatic fibrosis or cirrhosis",
	} {
		e, ok := icd11.Lookup(code)
		if !ok {
			t.Fatalf("Lookup(%q) not found", code)
		}
		if !e.HasTitle(title) {
			t.Errorf("%s: HasTitle(%q) = false (WHO title %q)", code, title, e.TitleEn)
		}
		if e.HasTitle("Fatty liver") || e.HasTitle("") {
			t.Errorf("%s: HasTitle accepts a title that is not WHO's", code)
		}
	}
	for _, code := range []string{"XX99", "", "db92", "DB92.99"} {
		if _, ok := icd11.Lookup(code); ok {
			t.Errorf("Lookup(%q) found an entry; want unknown", code)
		}
	}
}

func TestSpanishTitle(t *testing.T) {
	es := "Título oficial"
	e := icd11.Entry{Code: "X", TitleEn: "Official title", TitleEs: &es}
	if !e.HasTitle(es) || !e.HasTitle("Official title") || e.HasTitle("Otro") {
		t.Error("HasTitle must accept exactly the English or the Spanish WHO title")
	}
	// The bundled list carries Spanish titles (scripts/gen-icd11-es.js): the picker stores them.
	for code, title := range map[string]string{
		"DB92":   "Hepatopatía grasa no alcohólica",
		"DB93.1": "Cirrosis hepática",
	} {
		if e, ok := icd11.Lookup(code); !ok || !e.HasTitle(title) {
			t.Errorf("%s: bundled Spanish title %q not accepted", code, title)
		}
	}
}
