// The method names of the API contract, alone, so the sandboxed preload can bind them
// without bundling the schemas (src/shared/api.ts checks the two lists agree).
export const API_METHOD_NAMES = ['hostInfo', 'openDialog', 'browse', 'importBytes', 'openImage', 'getFrame', 'openSeries', 'exportFigure', 'exportProgress', 'cancelExport', 'saveDialog', 'newFileIn', 'openProject', 'saveProject', 'autosave', 'listRecoveries', 'restoreRecovery', 'discardRecovery', 'recentProjects', 'locateSource', 'collectProject', 'sampleCase', 'suggestRedactions', 'getSettings', 'setSettings'] as const;
