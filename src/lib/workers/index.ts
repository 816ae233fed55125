/** The worker pool's public API: import a study through the DICOM workers. */
export { DicomWorkerPool, createDicomWorker, defaultPoolSize, importStudy, type ImportOptions, type ImportProgress, type PoolOptions } from './pool';
export { DEFAULT_QUALITY, type EncodedImage, type ProcessedInstance, type ProcessOptions, type Stage } from './process-instance';
