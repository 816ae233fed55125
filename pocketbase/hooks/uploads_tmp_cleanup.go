package hooks

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// uploadsTmpDirName is the data directory's folder for the server's temporary files: each
// serving process works in a subfolder of its own (see claimTmpDir), which the next start
// removes once that process is gone.
const uploadsTmpDirName = ".cassette_tmp"

// Idle times after which a temporary file is taken as abandoned. A file that is being written
// changes all the time; PocketBase copies an upload into storage in one go (local disk to local
// disk), and a multipart copy is written while the request body is read (apis/serve.go gives
// that 5 minutes at most).
const (
	storageTmpIdle = time.Minute
	systemTmpIdle  = time.Hour
)

// storageTmpName is how PocketBase's local storage names the file it writes before renaming it
// into place: the object's path, the creation time in hex nanoseconds, ".tmp"
// (tools/filesystem/internal/fileblob/fileblob.go createTemp, with NoTempDir: true).
var storageTmpName = regexp.MustCompile(`\.[0-9a-f]+\.tmp$`)

// registerUploadsTmpCleanup removes what an interrupted upload leaves behind (a `kill -9`, a
// crash, a power cut): PocketBase's half-written `*.tmp` files in storage, and the copies Go's
// multipart parser writes to os.TempDir() for a body over 16 MB (mime/multipart ReadForm;
// net/http removes them only when the request ends). It runs when the server starts serving and
// every 10 minutes. Only a real server does this: API tests trigger OnServe without one.
func registerUploadsTmpCleanup(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if se.Server == nil {
			return se.Next()
		}
		systemTmp := os.TempDir()
		private, err := claimTmpDir(filepath.Join(se.App.DataDir(), uploadsTmpDirName))
		if err != nil {
			se.App.Logger().Warn("no private temporary folder; multipart copies stay in the system one", "error", err)
		} else {
			// os.TempDir() reads TMPDIR at each call, so every multipart copy from now on
			// lands in the private folder. PocketBase's own use of the temp dir (telling
			// `go run` apart, pocketbase.go) happened when the app was created.
			os.Setenv("TMPDIR", private)
		}
		sweep := func() { sweepUploadTmp(se.App, systemTmp) }
		sweep()
		se.App.Cron().MustAdd("cassetteUploadsTmpCleanup", "*/10 * * * *", sweep)
		return se.Next()
	})
	// The temporary folder is not data: backups leave it out, like PocketBase's own
	// (core/base_backup.go excludes LocalTempDirName).
	app.OnBackupCreate().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, uploadsTmpDirName)
		return e.Next()
	})
}

// sweepUploadTmp removes the folders of serving processes that are gone, storage `*.tmp` files
// idle for storageTmpIdle, and multipart copies left in the system temp folder (by an earlier
// version, or before the private folder existed) idle for systemTmpIdle.
func sweepUploadTmp(app core.App, systemTmp string) {
	removed := removeDeadTmpDirs(filepath.Join(app.DataDir(), uploadsTmpDirName))
	now := time.Now()
	storage := filepath.Join(app.DataDir(), core.LocalStorageDirName)
	_ = filepath.WalkDir(storage, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && storageTmpName.MatchString(d.Name()) && idleSince(d, now) >= storageTmpIdle {
			if os.Remove(path) == nil {
				removed++
			}
		}
		return nil // a folder that vanished meanwhile is no reason to stop
	})
	if entries, err := os.ReadDir(systemTmp); err == nil {
		for _, d := range entries {
			if !d.IsDir() && strings.HasPrefix(d.Name(), "multipart-") && idleSince(d, now) >= systemTmpIdle {
				if os.Remove(filepath.Join(systemTmp, d.Name())) == nil {
					removed++
				}
			}
		}
	}
	if removed > 0 {
		app.Logger().Info("removed temporary files of interrupted uploads", "count", removed)
	}
}

func idleSince(d fs.DirEntry, now time.Time) time.Duration {
	info, err := d.Info()
	if err != nil {
		return 0
	}
	return now.Sub(info.ModTime())
}
