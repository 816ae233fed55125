// Package faults_test checks that the server's storage faults lose nothing:
// a full disk and an unreachable S3 endpoint refuse the write with 503 and a
// code the app shows, leave neither a record nor a stored file behind, and
// reach the admin as server_alerts; a server killed between storing files
// and writing their record leaves nothing behind once it runs again.
package faults_test

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"cassette/pocketbase/internal/testenv"
)

// smallDisk is a size-limited tmpfs holding every data directory of this
// package (TMPDIR points into it), so a test can fill it; "" when this
// machine cannot mount one (not root, or in a container without the
// capability), and the disk-full test says so.
var smallDisk string

func TestMain(m *testing.M) {
	if dir := os.Getenv(serverDirEnv); dir != "" {
		runFaultsServer(dir) // a server of TestKilledMidWriteLeavesNoOrphan; never returns
	}
	if dir, err := os.MkdirTemp("", "cassette-smalldisk-"); err == nil {
		out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=48m,mode=0700", "tmpfs", dir).CombinedOutput()
		if err == nil {
			smallDisk = dir
			os.Setenv("TMPDIR", dir)
		} else {
			fmt.Fprintf(os.Stderr, "faults: no size-limited disk (mount tmpfs: %v %s)\n", err, out)
			os.Remove(dir)
		}
	}
	code := m.Run()
	testenv.Cleanup()
	if smallDisk != "" {
		exec.Command("umount", smallDisk).Run()
		os.Remove(smallDisk)
	}
	os.Exit(code)
}
