//go:build unix

package hooks

import (
	"os"
	"path/filepath"
	"syscall"
)

// tmpLockName is the file a serving process keeps locked in its temporary folder for as long
// as it runs; the kernel drops the lock when the process ends, however it ends.
const tmpLockName = ".lock"

// heldTmpLocks keeps the lock files open (and so locked) for the life of the process.
var heldTmpLocks []*os.File

// claimTmpDir creates a new folder under parent and locks it for this process.
func claimTmpDir(parent string) (string, error) {
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(parent, "serve-")
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(filepath.Join(dir, tmpLockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return "", err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return "", err
	}
	heldTmpLocks = append(heldTmpLocks, f)
	return dir, nil
}

// removeDeadTmpDirs removes every folder under parent whose lock nobody holds (its process is
// gone) and returns how many files went with them. A folder still being set up has no lock file
// yet and is left alone.
func removeDeadTmpDirs(parent string) int {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return 0
	}
	removed := 0
	for _, d := range entries {
		dir := filepath.Join(parent, d.Name())
		f, err := os.OpenFile(filepath.Join(dir, tmpLockName), os.O_RDWR, 0)
		if !d.IsDir() || err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			files, _ := os.ReadDir(dir)
			if os.RemoveAll(dir) == nil {
				removed += len(files) - 1 // the lock file is not an upload
			}
		}
		f.Close()
	}
	return removed
}
