// Package pacs sends de-identified instances to a research archive over DICOMweb STOW-RS
// (DICOM PS3.18 §10.5): one multipart/related request per batch, streamed from where the
// instances are (a research export ZIP), retried when the archive is briefly unavailable, and
// answered with what was stored and what failed, read from the Store Instances Response
// (PS3.18 §10.5.3: Referenced SOP Sequence and Failed SOP Sequence).
package pacs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"time"
)

// Target is a STOW-RS root (the URL that `/studies` is appended to) and its credentials.
type Target struct {
	URL                string
	Username, Password string // HTTP Basic, when Username is set
	Token              string // bearer token, when set
	Client             *http.Client
	Retries            int           // attempts after the first, for network errors, 429 and 5xx
	Backoff            time.Duration // wait before the first retry; doubles after each
}

// Instance is one Part 10 file to send, opened when its part is written (so a retry reads it again).
type Instance struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// Failure is an instance the archive refused, with its Failure Reason (PS3.18 Table 10.5.3-1: 0xA700 out of resources, 0xA900 class/instance mismatch, 0xC000 cannot understand, ...).
type Failure struct {
	SOPInstanceUID string
	Reason         int
}

// Result is the archive's answer to one STOW-RS request.
type Result struct {
	Status   int
	Stored   []string // SOP Instance UIDs the archive says it holds
	Failed   []Failure
	Attempts int
}

// StatusError is a final HTTP refusal (401, 403, 400, 409 with nothing stored, ...).
type StatusError struct {
	Status int
	Body   string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("STOW-RS answered %d: %s", e.Status, e.Body)
}

// Store sends the instances in one request to `<URL>/studies`.
func (t Target) Store(ctx context.Context, instances []Instance) (Result, error) {
	client := t.Client
	if client == nil {
		client = http.DefaultClient
	}
	wait := t.Backoff
	if wait <= 0 {
		wait = 500 * time.Millisecond
	}
	var lastErr error
	for attempt := 1; attempt <= t.Retries+1; attempt++ {
		res, err := t.send(ctx, client, instances)
		res.Attempts = attempt
		if err == nil || !retryable(err) || attempt > t.Retries {
			return res, err
		}
		lastErr = err
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
	}
	return Result{}, lastErr
}

// retryable says whether another attempt may succeed: the archive unreachable or busy, not a refusal.
func retryable(err error) bool {
	var status *StatusError
	if errors.As(err, &status) {
		return status.Status == http.StatusTooManyRequests || status.Status >= 500
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

func (t Target) send(ctx context.Context, client *http.Client, instances []Instance) (Result, error) {
	body, writer := io.Pipe()
	parts := multipart.NewWriter(writer)
	go func() {
		writer.CloseWithError(writeParts(parts, instances))
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(t.URL, "/")+"/studies", body)
	if err != nil {
		body.Close()
		return Result{}, err
	}
	req.Header.Set("Content-Type", `multipart/related; type="application/dicom"; boundary=`+parts.Boundary())
	req.Header.Set("Accept", "application/dicom+json")
	if t.Token != "" {
		req.Header.Set("Authorization", "Bearer "+t.Token)
	} else if t.Username != "" {
		req.SetBasicAuth(t.Username, t.Password)
	}
	res, err := client.Do(req)
	if err != nil {
		return Result{}, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 32<<20))
	if err != nil {
		return Result{Status: res.StatusCode}, err
	}
	result := Result{Status: res.StatusCode}
	// 200 all stored, 202 some failed or warnings, 409 none stored (PS3.18 §10.5.3.1)
	if res.StatusCode == http.StatusOK || res.StatusCode == http.StatusAccepted || res.StatusCode == http.StatusConflict {
		if err := parseStoreResponse(raw, &result); err != nil {
			return result, fmt.Errorf("STOW-RS answer (%d): %w", res.StatusCode, err)
		}
		if res.StatusCode != http.StatusConflict {
			return result, nil
		}
	}
	return result, &StatusError{Status: res.StatusCode, Body: strings.TrimSpace(string(raw[:min(len(raw), 300)]))}
}

func writeParts(parts *multipart.Writer, instances []Instance) error {
	for _, in := range instances {
		w, err := parts.CreatePart(textproto.MIMEHeader{"Content-Type": {"application/dicom"}})
		if err != nil {
			return err
		}
		r, err := in.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", in.Name, err)
		}
		_, err = io.Copy(w, r)
		r.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", in.Name, err)
		}
	}
	return parts.Close()
}

// dicomJSON is a DICOM JSON object (PS3.18 Annex F): tag → {vr, Value}.
type dicomJSON map[string]struct {
	VR    string            `json:"vr"`
	Value []json.RawMessage `json:"Value"`
}

// Store Instances Response Module attributes (PS3.18 Table 10.5.3-1 / PS3.6).
const (
	tagFailedSOPSequence        = "00081198"
	tagReferencedSOPSequence    = "00081199"
	tagReferencedSOPInstanceUID = "00081155"
	tagFailureReason            = "00081197"
)

func parseStoreResponse(raw []byte, result *Result) error {
	if len(strings.TrimSpace(string(raw))) == 0 {
		return nil
	}
	var top dicomJSON
	if err := json.Unmarshal(raw, &top); err != nil {
		// some archives wrap the dataset in an array
		var list []dicomJSON
		if err2 := json.Unmarshal(raw, &list); err2 != nil || len(list) != 1 {
			return err
		}
		top = list[0]
	}
	items := func(tag string) []dicomJSON {
		var out []dicomJSON
		for _, v := range top[tag].Value {
			var item dicomJSON
			if json.Unmarshal(v, &item) == nil {
				out = append(out, item)
			}
		}
		return out
	}
	text := func(item dicomJSON, tag string) string {
		var s string
		if v := item[tag].Value; len(v) > 0 && json.Unmarshal(v[0], &s) == nil {
			return s
		}
		return ""
	}
	for _, item := range items(tagReferencedSOPSequence) {
		result.Stored = append(result.Stored, text(item, tagReferencedSOPInstanceUID))
	}
	for _, item := range items(tagFailedSOPSequence) {
		var reason int
		if v := item[tagFailureReason].Value; len(v) > 0 {
			_ = json.Unmarshal(v[0], &reason)
		}
		result.Failed = append(result.Failed, Failure{SOPInstanceUID: text(item, tagReferencedSOPInstanceUID), Reason: reason})
	}
	return nil
}
