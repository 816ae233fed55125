package pacs

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// The research archive is the server's, never the browser's: its address and credentials are read
// from the environment on serve, used by the server for STOW-RS and never sent to the app (the
// app only learns whether one is configured). The hospital PACS a contributor imports from is the
// opposite: the browser's own, kept on the device (src/lib/import/dicomweb).
const (
	URLVariable      = "CASSETTE_RESEARCH_PACS_URL"      // STOW-RS root, e.g. http://orthanc:8042/dicom-web
	UsernameVariable = "CASSETTE_RESEARCH_PACS_USERNAME" // HTTP Basic, with the password
	PasswordVariable = "CASSETTE_RESEARCH_PACS_PASSWORD"
	TokenVariable    = "CASSETTE_RESEARCH_PACS_TOKEN" // or a bearer token
)

// ArchiveFromEnv reads the research archive from the environment: nil when CASSETTE_RESEARCH_PACS_URL
// is unset, an error (which stops the start) when it is not an http(s) URL, carries credentials in
// the URL, or has both a user and a token.
func ArchiveFromEnv() (*Target, error) {
	return ParseArchive(os.Getenv(URLVariable), os.Getenv(UsernameVariable), os.Getenv(PasswordVariable), os.Getenv(TokenVariable))
}

// ParseArchive checks an archive's settings and returns its Target with the server's retry policy.
func ParseArchive(rawURL, username, password, token string) (*Target, error) {
	rawURL = strings.TrimSpace(rawURL)
	if rawURL == "" {
		if username != "" || token != "" {
			return nil, fmt.Errorf("%s is not set, but the research archive's credentials are", URLVariable)
		}
		return nil, nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%s: %q is not a DICOMweb root like https://pacs.example.org/dicom-web", URLVariable, rawURL)
	}
	if u.User != nil {
		// a password in the URL would be printed wherever the URL is logged
		return nil, fmt.Errorf("%s: put the credentials in %s/%s, not in the URL", URLVariable, UsernameVariable, PasswordVariable)
	}
	if username != "" && token != "" {
		return nil, fmt.Errorf("set either %s or %s, not both", UsernameVariable, TokenVariable)
	}
	return &Target{
		URL: strings.TrimRight(u.String(), "/"), Username: username, Password: password, Token: token,
		Client: archiveClient(), Retries: 3, Backoff: time.Second,
	}, nil
}

// archiveClient bounds what a stuck archive can hold up: connecting, and waiting for an answer
// once a case's request is sent (Orthanc answers after storing every part). Sending itself is not
// bounded: a case of a few hundred slices takes as long as the network needs.
func archiveClient() *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = (&net.Dialer{Timeout: 10 * time.Second}).DialContext
	transport.ResponseHeaderTimeout = 5 * time.Minute
	return &http.Client{Transport: transport}
}
