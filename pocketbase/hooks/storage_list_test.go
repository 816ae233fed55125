package hooks_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/tools/filesystem"

	"cassette/pocketbase/hooks"
)

// Listing while a folder of records is being deleted, as the orphan sweep may while an account
// is deleted: fsys.List failed in most rounds ("lstat …: no such file or directory").
func TestListStoredWhileFilesAreDeleted(t *testing.T) {
	t.Parallel()
	for round := range 20 {
		dir := t.TempDir()
		for r := range 50 {
			for f := range 8 {
				p := filepath.Join(dir, "c", fmt.Sprintf("r%03d", r), fmt.Sprintf("f%d.jpg", f))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		fsys, err := filesystem.NewLocal(dir)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error)
		go func() { done <- os.RemoveAll(filepath.Join(dir, "c")) }()
		objects, err := hooks.ListStored(fsys, "c/")
		if err != nil {
			t.Errorf("round %d: %v", round, err)
		}
		if len(objects) > 400 {
			t.Errorf("round %d: %d files listed of 400", round, len(objects))
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if objects, err := hooks.ListStored(fsys, "c/"); err != nil || len(objects) != 0 {
			t.Errorf("round %d, after the deletion: %d files, %v", round, len(objects), err)
		}
		fsys.Close()
	}
}
