//go:build !unix

package hooks

import "errors"

// claimTmpDir needs flock(2) to tell a live process's folder from a dead one's; elsewhere the
// multipart copies stay in the system temp folder, swept by age.
func claimTmpDir(string) (string, error) {
	return "", errors.New("private temporary folders need flock(2)")
}

func removeDeadTmpDirs(string) int { return 0 }
