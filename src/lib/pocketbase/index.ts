export { pb, serverUrl, type TypedPocketBase } from './client';
export { auth, Auth } from './auth.svelte';
export * from './types.generated';
