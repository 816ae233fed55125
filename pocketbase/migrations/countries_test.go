package migrations_test

import (
	"regexp"
	"slices"
	"testing"

	"cassette/pocketbase/migrations"
)

func TestCountryCodes(t *testing.T) {
	t.Parallel()
	if n := len(migrations.CountryCodes); n != 249 {
		t.Errorf("%d country codes, want the 249 of ISO 3166-1", n)
	}
	alpha2 := regexp.MustCompile(`^[A-Z]{2}$`)
	seen := map[string]bool{}
	for _, c := range migrations.CountryCodes {
		if !alpha2.MatchString(c) || seen[c] {
			t.Errorf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
	for _, c := range []string{"ES", "AR", "MX", "PT", "GB", "US", "SS", "CW"} {
		if !slices.Contains(migrations.CountryCodes, c) {
			t.Errorf("%s is missing", c)
		}
	}
	if !slices.IsSorted(migrations.CountryCodes) {
		t.Error("codes are not sorted, which makes the list hard to review")
	}
}
