/** DICOMweb: connections, QIDO-RS search, streamed WADO-RS retrieve into the import pipeline. */
export { authHeaders, connectionFromBase, normaliseRoot, type FetchLike, type PacsAuth, type PacsConnection } from './connection';
export { corsRequirements, DicomWebError, type DicomWebErrorKind } from './errors';
export { listSeries, searchStudies, testConnection, type SeriesSummary, type StudyQuery, type StudySummary } from './qido';
export { retrieveSeries, type RetrieveProgress } from './wado';
export { neutralName, seriesEntries } from './entries';
export { loadConnections, PACS_STORAGE_KEY, removeConnection, saveConnection } from './store';
