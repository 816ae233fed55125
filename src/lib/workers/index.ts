/** The worker pool's public API: import a study through the DICOM workers; the app's pool for a draft's later work. */
export { appPool } from './app-pool';
export { DicomWorkerPool, createDicomWorker, defaultPoolSize, importStudy, type ImportOptions, type ImportProgress, type PoolOptions } from './pool';
export { DEFAULT_QUALITY, type EncodedImage, type ProcessedInstance, type ProcessOptions, type Stage } from './process-instance';
