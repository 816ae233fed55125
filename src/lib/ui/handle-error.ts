// The app's error module is $lib/errors (isAbort, describeError, fieldErrors, serverMessage); this
// name stays for the components and pages that import it from the UI folder.
export * from '$lib/errors';
