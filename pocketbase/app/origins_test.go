package app_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	webapp "cassette/pocketbase/app"
)

func TestParseOrigins(t *testing.T) {
	t.Parallel()
	got, err := webapp.ParseOrigins(" https://PACS.hospital.example:8443, http://127.0.0.1:8042/ ")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"https://pacs.hospital.example:8443", "http://127.0.0.1:8042"}; !reflect.DeepEqual(got, want) {
		t.Errorf("origins = %q, want %q", got, want)
	}
	for _, bad := range []string{"pacs.example.org", "ftp://pacs.example.org", "https://*.example.org", "https://u:p@pacs.example.org",
		"https://pacs.example.org/dicom-web", "https://pacs.example.org?x=1", "javascript:alert(1)", "*"} {
		if _, err := webapp.ParseOrigins(bad); err == nil || !strings.Contains(err.Error(), webapp.PACSOriginsVariable) {
			t.Errorf("ParseOrigins(%q) err = %v, want a refusal naming the variable", bad, err)
		}
	}
	if got, err := webapp.ParseOrigins(""); err != nil || len(got) != 0 {
		t.Errorf("empty value = %q, %v", got, err)
	}
}

func TestContentSecurityPolicyConnectsToTheConfiguredPACS(t *testing.T) {
	t.Parallel()
	dist := fstest.MapFS{"index.html": {Data: []byte(`<!doctype html><p>app</p>`)}}
	got := webapp.ContentSecurityPolicy(dist, "https://pacs.hospital.example:8443")
	if !strings.Contains(got, "connect-src 'self' https://pacs.hospital.example:8443;") {
		t.Errorf("policy = %q, want the PACS origin in connect-src", got)
	}
	if strings.Contains(webapp.ContentSecurityPolicy(dist), "pacs") {
		t.Error("a policy without configured origins must not name one")
	}
}
