package faults_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/s3test"
)

// TestOrphanSweepOnS3: the sweep lists and deletes through the S3 API as it does on disk (a
// real S3 server, versitygw): objects no record names go, with their thumbs, whether their
// record is gone or holds other names; named objects and their thumbs stay; nothing younger
// than the cutoff is touched.
func TestOrphanSweepOnS3(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	gw, err := s3test.Shared()
	if err != nil {
		t.Fatal(err)
	}
	bucket, err := gw.NewBucket(context.Background(), "orphans")
	if err != nil {
		t.Fatal(err)
	}
	app := fx.NewApp(t)
	defer app.Cleanup()
	settings := app.Settings()
	settings.S3 = gw.S3Config(bucket)
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	images := mustCollection(t, app, "images").Id + "/"
	named := []string{
		images + tv.PublishedImageID + "/" + fx.PublishedPreview,
		images + tv.PublishedImageID + "/thumbs_" + fx.PublishedPreview + "/100x100_" + fx.PublishedPreview,
	}
	orphans := []string{
		images + tv.PublishedImageID + "/preview_killedbeforeinsert.jpg", // replaced, not yet deleted
		images + "igone0000000001/dicom_neverinserted.dcm",               // its record never written
		images + "igone0000000001/thumbs_preview_x.jpg/100x100_preview_x.jpg",
	}
	for _, key := range append(slices.Clone(named), orphans...) {
		if err := fsys.Upload([]byte("bytes of "+key), key); err != nil {
			t.Fatal(err)
		}
	}
	objects := func() []string {
		keys, err := gw.Objects(bucket)
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}

	if n, err := hooks.SweepStorageOrphans(app, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("sweep with everything younger than the cutoff: removed %d, %v; want nothing", n, err)
	}
	if got := len(objects()); got != len(named)+len(orphans) {
		t.Fatalf("%d objects after a sweep that should touch none; want %d", got, len(named)+len(orphans))
	}
	n, err := hooks.SweepStorageOrphans(app, time.Now().Add(time.Minute))
	if err != nil || n != len(orphans) {
		t.Errorf("removed %d, %v; want the %d orphans", n, err, len(orphans))
	}
	want := slices.Sorted(slices.Values(named))
	if got := objects(); !slices.Equal(got, want) {
		t.Errorf("objects after the sweep: %v; want %v", got, want)
	}
}
