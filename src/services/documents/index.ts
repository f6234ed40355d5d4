// Documents service: open/save .medfig atomically, autosave + recovery, relink moved
// sources by SHA-256, recents, collect. Plain Node: Electron main, web host and CLI call it.
export { DocumentError, whyFsFailed, type DocumentErrorCode } from './errors';
export { nodeFs, type FsOps, type WritableHandle } from './fs-ops';
export { atomicWriteFile, removeStaleTempFiles } from './atomic-write';
export { hashFile, type FileHash } from './hash';
export { sniffKind, sniffKindOf } from './sniff-kind';
export { addSource, locateSource, resolveSourcePath, toStoredPath, type LocateResult } from './sources';
export { findByHash, DEFAULT_SEARCH_LIMITS, type SearchLimits } from './relink';
export { parseProjectText, looksTruncated } from './parse';
export {
  loadProject,
  readProjectFile,
  type LoadOptions,
  type LoadResult,
  type MissingSource,
  type MissingReason,
  type RelinkedSource,
} from './load';
export { saveProject, saveProjectAs, serializeProject, validateForSave, type SaveOptions } from './save';
export { collectProject, type CollectOptions, type CollectResult } from './collect';
export {
  createAutosaver,
  listRecoveries,
  recoveryStem,
  RECOVERY_SUFFIX,
  RECOVERY_META_SUFFIX,
  type Autosaver,
  type AutosaverOptions,
  type RecoveryEntry,
  type RecoveryMeta,
} from './autosave';
export { createRecents, type Recents, type RecentEntry } from './recents';
export { loadVerifiedProject, panelsUsing, projectInputs } from './verify-sources';
export { assertOutputsSpareInputs, type ProtectedInput } from './protect-inputs';
