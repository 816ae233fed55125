// Package hooks holds Cassette's server-side behaviour on top of PocketBase:
// the checks API rules cannot express with a clear message, localised
// emails, the audit log and settings taken from the environment.
package hooks

import "github.com/pocketbase/pocketbase/core"

// Register binds every Cassette hook to app. Call it once, before app.Start
// (and in tests, from the TestAppFactory: hooks bound in main are not there).
func Register(app core.App) {
	registerCasesVerification(app)
	registerUsersRole(app)
	registerUsersBlocked(app)
	registerCasesModeration(app)
	registerCasesFrozen(app)
	registerReportsCreate(app)
	registerReportsModeration(app)
	registerFilesAccess(app)
	registerUsersMail(app)
	registerImagesConsent(app)
	registerImagesValidation(app)
	registerImagesValues(app)
	registerImagesDigest(app)
	registerCasesValidation(app)
	registerUploadsAudit(app)
	registerUploadsBodyLimit(app)
	registerUploadsNames(app)
	registerUploadsAuthFirst(app)
	registerUploadsTmpCleanup(app)
	registerAuditLog(app)
	registerSettingsEnv(app)
	registerMailHealth(app)
	registerStorageFaults(app)
	registerStorageOrphans(app)
	registerResearchUpdates(app)
}
