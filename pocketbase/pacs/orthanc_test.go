package pacs

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tv "cassette/pocketbase/internal/testenv"
)

// orthancPlugin is where Debian's orthanc-dicomweb installs the DICOMweb plugin.
const orthancPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"

// testOrthanc is a research archive for one test: Debian's Orthanc with DICOMweb on a free
// loopback port, its own storage in t.TempDir(), one basic account, DIMSE off (as tests/pacs/pacs.ts).
type testOrthanc struct {
	URL, User, Password string
}

func (o testOrthanc) target() Target {
	return Target{URL: o.URL + "/dicom-web", Username: o.User, Password: o.Password}
}

// get reads an Orthanc REST or DICOMweb answer as the account.
func (o testOrthanc) get(t *testing.T, path string, into any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, o.URL+path, nil)
	req.SetBasicAuth(o.User, o.Password)
	req.Header.Set("Accept", "application/dicom+json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(into); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// file fetches back, through Orthanc's REST API, the stored instance with the SOP Instance UID of `sent`.
func (o testOrthanc) file(t *testing.T, sent []byte) []byte {
	t.Helper()
	_, uid := uidsOf(t, sent)
	req, _ := http.NewRequest(http.MethodPost, o.URL+"/tools/lookup", strings.NewReader(uid))
	req.SetBasicAuth(o.User, o.Password)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var found []struct{ ID string }
	decodeJSON(t, res, &found)
	if len(found) != 1 {
		t.Fatalf("Orthanc does not know %s", uid)
	}
	req, _ = http.NewRequest(http.MethodGet, o.URL+"/instances/"+found[0].ID+"/file", nil)
	req.SetBasicAuth(o.User, o.Password)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func startOrthanc(t *testing.T) testOrthanc {
	t.Helper()
	bin, err := exec.LookPath("Orthanc")
	if err != nil {
		bin = "/usr/sbin/Orthanc"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatal("Orthanc (Debian orthanc, orthanc-dicomweb) is needed: npm test installs it")
	}
	dir := t.TempDir()
	port := tv.FreePort(t)
	o := testOrthanc{URL: fmt.Sprintf("http://127.0.0.1:%d", port), User: "research", Password: "stow-secret"}
	config := map[string]any{
		"Name": "cassette-research-test", "HttpPort": port, "DicomServerEnabled": false,
		"StorageDirectory": filepath.Join(dir, "storage"), "IndexDirectory": filepath.Join(dir, "index"),
		"RemoteAccessAllowed": false, "AuthenticationEnabled": true, "RegisteredUsers": map[string]string{o.User: o.Password},
		"Plugins": []string{orthancPlugin}, "DicomWeb": map[string]any{"Enable": true, "Root": "/dicom-web/"},
	}
	raw, _ := json.Marshal(config)
	configPath := filepath.Join(dir, "orthanc.json")
	if err := os.WriteFile(configPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, configPath)
	logPath := filepath.Join(dir, "orthanc.log")
	logFile, _ := os.Create(logPath)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logFile.Close()
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequest(http.MethodGet, o.URL+"/system", nil)
		req.SetBasicAuth(o.User, o.Password)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return o
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	log, _ := os.ReadFile(logPath)
	t.Fatalf("Orthanc did not start on %s:\n%s", o.URL, log)
	return o
}
