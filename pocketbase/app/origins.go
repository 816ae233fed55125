package app

import (
	"fmt"
	"net/url"
	"strings"
)

// PACSOriginsVariable names the PACS (DICOMweb) origins the app may connect
// to from the browser. The PACS page talks to the hospital's archive directly,
// so nothing identifying passes through this server; the policy's connect-src
// must then name those origins, and only those: a list an operator writes,
// never anything a user types.
const PACSOriginsVariable = "CASSETTE_PACS_ORIGINS"

// ParseOrigins reads a comma- or space-separated list of http(s) origins
// (`https://pacs.hospital.example:8443`) for connect-src. A path, a query,
// credentials or a wildcard is an error, so a typo cannot open the policy.
func ParseOrigins(value string) ([]string, error) {
	var origins []string
	for _, field := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' }) {
		u, err := url.Parse(field)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
			strings.Contains(u.Host, "*") || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("%s: %q is not an origin like https://pacs.example.org:8443", PACSOriginsVariable, field)
		}
		origins = append(origins, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return origins, nil
}
