package hooks

import (
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// Orphan sweep timing. PocketBase stores a record's files before it writes the record
// (core/field_file.go Intercept: processFilesToUpload, then the insert) and deletes replaced
// files only after the update is committed, so a server killed in between leaves files no
// record names. Such a file is removed once it is older than the start of this process
// (nothing this process is writing can be that old) or than storageOrphanAge, and in any case
// at least storageOrphanMinAge old: another process on the same data dir (`seed`, `superuser`)
// may be between storing a file and inserting its record.
const (
	storageOrphanAge    = 10 * time.Minute
	storageOrphanMinAge = time.Minute
	// storageS3ClockSkew is taken off the cutoff on S3, whose LastModified is the object
	// store's clock, not this machine's: a fresh upload must never look older than it is.
	storageS3ClockSkew = 2 * time.Minute
)

// registerStorageOrphans sweeps orphaned stored files when the server starts serving, again
// once the files of the last process are storageOrphanMinAge old (a quick restart after a
// crash), and every 10 minutes. Sweeps run in the background: listing a large bucket takes a
// while, and the cutoff keeps this process's own uploads out of them. API tests trigger
// OnServe without a server: no sweep.
func registerStorageOrphans(app core.App) {
	started := time.Now()
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if se.Server == nil {
			return se.Next()
		}
		sweep := func() {
			cutoff := OrphanCutoff(started, time.Now(), se.App.Settings().S3.Enabled)
			removed, err := SweepStorageOrphans(se.App, cutoff)
			if err != nil {
				se.App.Logger().Warn("orphaned stored files: sweep incomplete", "error", err)
			}
			if removed > 0 {
				se.App.Logger().Info("removed stored files no record names (an interrupted write)", "count", removed)
			}
		}
		go sweep()
		time.AfterFunc(storageOrphanMinAge+5*time.Second, sweep)
		se.App.Cron().MustAdd("cassetteStorageOrphans", "*/10 * * * *", sweep)
		return se.Next()
	})
}

// OrphanCutoff is the time before which an unnamed stored file is an orphan, for a process
// started at started, at now, with storage on S3 or not.
func OrphanCutoff(started, now time.Time, s3 bool) time.Time {
	cutoff := now.Add(-storageOrphanAge)
	if started.After(cutoff) {
		cutoff = started
	}
	if youngest := now.Add(-storageOrphanMinAge); cutoff.After(youngest) {
		cutoff = youngest
	}
	if s3 {
		cutoff = cutoff.Add(-storageS3ClockSkew)
	}
	return cutoff
}

// SweepStorageOrphans removes the stored files, last modified before cutoff, that no record
// names: every file of a record folder whose record does not exist, and in an existing record's
// folder the files and thumbs (`thumbs_<name>/`) of names none of its file fields holds
// (half-written `*.tmp` copies included). It returns how many files it removed.
func SweepStorageOrphans(app core.App, cutoff time.Time) (int, error) {
	collections, err := app.FindAllCollections(core.CollectionTypeBase, core.CollectionTypeAuth)
	if err != nil {
		return 0, err
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return 0, err
	}
	defer fsys.Close()
	removed := 0
	for _, c := range collections {
		var fields []string
		for _, f := range c.Fields {
			if f.Type() == core.FieldTypeFile {
				fields = append(fields, f.GetName())
			}
		}
		if len(fields) == 0 {
			continue
		}
		n, err := sweepCollection(app, fsys, c, fields, cutoff)
		removed += n
		if err != nil {
			return removed, err
		}
	}
	return removed, nil
}

// sweepCollection sweeps the folders under one collection's storage folder.
func sweepCollection(app core.App, fsys *filesystem.System, c *core.Collection, fields []string, cutoff time.Time) (int, error) {
	objects, err := ListStored(fsys, c.BaseFilesPath()+"/")
	if err != nil {
		return 0, err
	}
	byRecord := map[string][]string{} // record id → keys of its old enough files
	for _, o := range objects {
		parts := strings.SplitN(strings.TrimPrefix(o.Key, c.BaseFilesPath()+"/"), "/", 2)
		if len(parts) == 2 && !o.IsDir && o.ModTime.Before(cutoff) {
			byRecord[parts[0]] = append(byRecord[parts[0]], o.Key)
		}
	}
	removed := 0
	for id, keys := range byRecord {
		named := map[string]bool{}
		rec, err := app.FindRecordById(c, id)
		switch {
		case err == nil:
			for _, f := range fields {
				for _, name := range rec.GetStringSlice(f) {
					named[name] = name != ""
				}
			}
		case !errors.Is(err, sql.ErrNoRows):
			return removed, err
		}
		prefix := c.BaseFilesPath() + "/" + id + "/"
		for _, key := range keys {
			name, _, _ := strings.Cut(strings.TrimPrefix(key, prefix), "/")
			if named[strings.TrimPrefix(name, "thumbs_")] {
				continue
			}
			if err := fsys.Delete(key); err == nil {
				removed++
			}
		}
		if rec == nil && fsys.IsEmptyDir(prefix) {
			_ = fsys.Delete(strings.TrimSuffix(prefix, "/")) // the local folder; a no-op on S3
		}
	}
	return removed, nil
}
