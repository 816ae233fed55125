package research

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
)

// TestSumsAreTheUploadDigests: SHA256SUMS carries each file's digest taken at upload
// (images.dicom_sha256), hashing only files stored without one, so the sums also prove that
// the files are the bytes the author uploaded: a file changed in storage since fails them.
func TestSumsAreTheUploadDigests(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	defer app.Cleanup()
	hashed, files := exportAll(t, app) // the fixture's files were stored without a digest
	checkSums(t, files)

	rows, err := caseInstances(app, volumeCaseID)
	if err != nil {
		t.Fatal(err)
	}
	images, _ := app.FindCachedCollectionByNameOrId("images")
	key := func(r instanceRow) string { return images.Id + "/" + r.Image + "/" + r.Dicom }
	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	for i, r := range rows {
		stored := files[fmt.Sprintf("cases/%s/%s/%05d.dcm", volumeCaseID, volumeSeriesID, i+1)]
		sum := sha256.Sum256(stored)
		if _, err := app.DB().Update("images", dbx.Params{"dicom_sha256": hex.EncodeToString(sum[:])}, dbx.HashExp{"id": r.Image}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if stored, _ := exportAll(t, app); !bytes.Equal(stored, hashed) {
		t.Fatal("the export with stored digests differs from the one that hashed every file")
	}

	// a stored file changes under the server (bit rot, an operator's mistake)
	rotten := volume.Slice(1)
	rotten[len(rotten)-1] ^= 0xff
	if err := fsys.Upload(rotten, key(rows[1])); err != nil {
		t.Fatal(err)
	}
	_, files = exportAll(t, app)
	var failing []string
	for _, l := range strings.Split(strings.TrimSpace(string(files["SHA256SUMS"])), "\n") {
		sum, name, _ := strings.Cut(l, "  ")
		if got := sha256.Sum256(files[name]); hex.EncodeToString(got[:]) != sum {
			failing = append(failing, name)
		}
	}
	if want := "cases/" + volumeCaseID + "/" + volumeSeriesID + "/00002.dcm"; len(failing) != 1 || failing[0] != want {
		t.Errorf("files failing SHA256SUMS after one changed in storage: %v; want [%s]", failing, want)
	}
}
