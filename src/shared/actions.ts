// Every user action, defined once: menus (Electron), the command palette, the keyboard
// shortcuts and the toolbar all read this list. What each does (perform, enabled, checked)
// lives in the renderer's registry (src/renderer/actions/registry.ts); the renderer sends the
// main process each action's enabled/checked state, so menu items are greyed out when they
// cannot run.
export interface ActionMeta {
  id: string;
  label: string;
  menu: 'File' | 'Edit' | 'View' | 'Image' | 'Annotate' | 'Figure' | 'Help';
  /** Electron accelerator syntax; the renderer derives its key test from it. */
  accelerator?: string;
  /** Shown with a tick in the menu (a toggle): its checked state comes from the renderer. */
  checkable?: boolean;
}

/** Enabled/checked of one action, as the renderer reports it to the host's menu. */
export interface ActionState {
  enabled: boolean;
  checked?: boolean;
}

/** The state of many actions by id (an id the renderer does not report keeps its last state). */
export type ActionStates = Record<string, ActionState>;

/** Reads a state message from the renderer; anything malformed is dropped, not trusted. */
export function parseActionStates(x: unknown): ActionStates {
  const out: ActionStates = {};
  if (!x || typeof x !== 'object' || Array.isArray(x)) return out;
  const known = new Set(ACTIONS.map((a) => a.id));
  for (const [id, v] of Object.entries(x as Record<string, unknown>)) {
    if (!known.has(id) || !v || typeof v !== 'object') continue;
    const { enabled, checked } = v as { enabled?: unknown; checked?: unknown };
    if (typeof enabled !== 'boolean') continue;
    out[id] = typeof checked === 'boolean' ? { enabled, checked } : { enabled };
  }
  return out;
}

/**
 * Shortcuts that also work while typing in a field (a caption, the legend): they act on the
 * project, not on text, so a field has no use of its own for them (Ctrl+S while finishing the
 * legend saves). Every other shortcut leaves a field's keys to the field.
 */
export const FIELD_SAFE_ACTIONS: ReadonlySet<string> = new Set([
  'file.save',
  'file.saveAs',
  'file.export',
  'file.open',
  'file.openSeries',
  'view.palette',
]);

export const ACTIONS: ActionMeta[] = [
  { id: 'file.open', label: 'Open Image…', menu: 'File', accelerator: 'CmdOrCtrl+O' },
  { id: 'file.openSeries', label: 'Open DICOM Series…', menu: 'File', accelerator: 'CmdOrCtrl+Shift+O' },
  { id: 'file.openPacs', label: 'Open from PACS…', menu: 'File' },
  { id: 'file.export', label: 'Export Figure…', menu: 'File', accelerator: 'CmdOrCtrl+E' },
  { id: 'file.exportTeaching', label: 'Export Slides / Cine…', menu: 'File' },
  { id: 'file.newProject', label: 'New Project', menu: 'File' },
  { id: 'file.openProject', label: 'Open Project…', menu: 'File' },
  { id: 'file.recent', label: 'Open Recent Project…', menu: 'File' },
  { id: 'file.save', label: 'Save Project', menu: 'File', accelerator: 'CmdOrCtrl+S' },
  { id: 'file.saveAs', label: 'Save Project As…', menu: 'File', accelerator: 'CmdOrCtrl+Shift+S' },
  { id: 'file.collect', label: 'Collect Project (project + images in one folder)…', menu: 'File' },
  { id: 'figure.new', label: 'New Figure', menu: 'Figure' },
  { id: 'figure.rename', label: 'Rename Figure…', menu: 'Figure' },
  { id: 'figure.delete', label: 'Delete Figure', menu: 'Figure' },
  { id: 'figure.fitToSize', label: 'Fit Figure to W × H mm…', menu: 'Figure' },
  { id: 'tool.arrange', label: 'Arrange Panels Tool (move and size freely)', menu: 'Figure', accelerator: 'Shift+V' },
  { id: 'layout.alignLeft', label: 'Align Panels Left', menu: 'Figure' },
  { id: 'layout.alignRight', label: 'Align Panels Right', menu: 'Figure' },
  { id: 'layout.alignTop', label: 'Align Panels Top', menu: 'Figure' },
  { id: 'layout.alignBottom', label: 'Align Panels Bottom', menu: 'Figure' },
  { id: 'layout.alignHCentre', label: 'Align Panels Centre (horizontally)', menu: 'Figure' },
  { id: 'layout.alignVCentre', label: 'Align Panels Middle (vertically)', menu: 'Figure' },
  { id: 'layout.distributeH', label: 'Distribute Panels Horizontally', menu: 'Figure' },
  { id: 'layout.distributeV', label: 'Distribute Panels Vertically', menu: 'Figure' },
  { id: 'layout.sameWidth', label: 'Same Width as Selected Panel', menu: 'Figure' },
  { id: 'layout.sameHeight', label: 'Same Height as Selected Panel', menu: 'Figure' },
  { id: 'layout.reflow', label: 'Re-flow to Grid', menu: 'Figure' },
  { id: 'layout.floatInset', label: 'Float Inset over Its Parent', menu: 'Figure', checkable: true },
  { id: 'edit.undo', label: 'Undo', menu: 'Edit', accelerator: 'CmdOrCtrl+Z' },
  { id: 'edit.redo', label: 'Redo', menu: 'Edit', accelerator: 'CmdOrCtrl+Shift+Z' },
  { id: 'edit.redoY', label: 'Redo', menu: 'Edit', accelerator: 'CmdOrCtrl+Y' },
  { id: 'edit.delete', label: 'Delete', menu: 'Edit', accelerator: 'Delete' },
  { id: 'edit.selectAll', label: 'Select All Annotations', menu: 'Edit', accelerator: 'CmdOrCtrl+A' },
  { id: 'view.fit', label: 'Zoom to Fit', menu: 'View', accelerator: 'CmdOrCtrl+0' },
  { id: 'view.actual', label: 'Zoom 100 %', menu: 'View', accelerator: 'CmdOrCtrl+1' },
  { id: 'view.selection', label: 'Zoom to Selection', menu: 'View', accelerator: 'CmdOrCtrl+2' },
  { id: 'view.zoomIn', label: 'Zoom In', menu: 'View', accelerator: 'CmdOrCtrl+=' },
  { id: 'view.zoomOut', label: 'Zoom Out', menu: 'View', accelerator: 'CmdOrCtrl+-' },
  { id: 'view.palette', label: 'Command Palette…', menu: 'View', accelerator: 'CmdOrCtrl+K' },
  { id: 'view.toggleLabels', label: 'Show Labels Layer', menu: 'View', accelerator: 'CmdOrCtrl+L', checkable: true },
  { id: 'view.toggleTheme', label: 'Toggle Light Theme', menu: 'View' },
  { id: 'tool.select', label: 'Select Tool', menu: 'Annotate', accelerator: 'V' },
  { id: 'tool.arrow', label: 'Arrow Tool', menu: 'Annotate', accelerator: 'A' },
  { id: 'tool.text', label: 'Text Tool', menu: 'Annotate', accelerator: 'T' },
  { id: 'tool.page', label: 'Page Text and Lines Tool (headers, brackets)', menu: 'Annotate', accelerator: 'H' },
  { id: 'tool.line', label: 'Line Tool', menu: 'Annotate', accelerator: 'L' },
  { id: 'tool.rect', label: 'Rectangle Tool', menu: 'Annotate', accelerator: 'R' },
  { id: 'tool.ellipse', label: 'Ellipse Tool', menu: 'Annotate', accelerator: 'E' },
  { id: 'tool.redaction', label: 'Redaction Box Tool', menu: 'Annotate', accelerator: 'X' },
  { id: 'tool.callout', label: 'Callout Tool', menu: 'Annotate', accelerator: 'Shift+T' },
  { id: 'tool.polygon', label: 'Polygon Tool', menu: 'Annotate', accelerator: 'P' },
  { id: 'tool.freehand', label: 'Freehand Tool', menu: 'Annotate', accelerator: 'F' },
  { id: 'tool.marker', label: 'Marker Tool (asterisk, star, arrowhead)', menu: 'Annotate', accelerator: 'S' },
  { id: 'tool.number', label: 'Numbered Marker Tool', menu: 'Annotate', accelerator: 'N' },
  { id: 'tool.measure-length', label: 'Measure Length Tool', menu: 'Annotate', accelerator: 'M' },
  { id: 'tool.measure-angle', label: 'Measure Angle Tool', menu: 'Annotate', accelerator: 'Shift+M' },
  { id: 'tool.measure-area', label: 'Measure Area Tool', menu: 'Annotate', accelerator: 'Shift+P' },
  { id: 'edit.copy', label: 'Copy Annotations', menu: 'Edit', accelerator: 'CmdOrCtrl+C' },
  { id: 'edit.cut', label: 'Cut Annotations', menu: 'Edit', accelerator: 'CmdOrCtrl+X' },
  { id: 'edit.paste', label: 'Paste Annotations', menu: 'Edit', accelerator: 'CmdOrCtrl+V' },
  { id: 'edit.duplicate', label: 'Duplicate Annotations', menu: 'Edit', accelerator: 'CmdOrCtrl+D' },
  { id: 'arrange.forward', label: 'Bring Forward', menu: 'Annotate', accelerator: 'PageUp' },
  { id: 'arrange.backward', label: 'Send Backward', menu: 'Annotate', accelerator: 'PageDown' },
  { id: 'arrange.front', label: 'Bring to Front', menu: 'Annotate', accelerator: 'Shift+PageUp' },
  { id: 'arrange.back', label: 'Send to Back', menu: 'Annotate', accelerator: 'Shift+PageDown' },
  { id: 'tool.calibrate', label: 'Calibrate with a Reference Line', menu: 'Image', accelerator: 'K' },
  { id: 'tool.crop', label: 'Crop Tool', menu: 'Image', accelerator: 'C' },
  { id: 'tool.straighten', label: 'Straighten Tool', menu: 'Image', accelerator: 'G' },
  { id: 'tool.window', label: 'Window/Level Tool (drag)', menu: 'Image', accelerator: 'W' },
  { id: 'image.rotateRight', label: 'Rotate 90° Clockwise', menu: 'Image', accelerator: 'CmdOrCtrl+]' },
  { id: 'image.rotateLeft', label: 'Rotate 90° Anticlockwise', menu: 'Image', accelerator: 'CmdOrCtrl+[' },
  { id: 'image.flipH', label: 'Flip Horizontal', menu: 'Image', checkable: true },
  { id: 'image.flipV', label: 'Flip Vertical', menu: 'Image', checkable: true },
  { id: 'image.checkPixels', label: 'Check Pixels for Text and Faces', menu: 'Image', accelerator: 'CmdOrCtrl+Shift+K' },
  { id: 'image.checkPixelsAll', label: 'Check Pixels of All Panels', menu: 'Image' },
  { id: 'image.cancelPixelCheck', label: 'Cancel Pixel Check', menu: 'Image' },
  { id: 'view.toggleProposals', label: 'Show Pixel Proposals', menu: 'View', checkable: true },
  { id: 'help.shortcuts', label: 'Keyboard Shortcuts', menu: 'Help', accelerator: 'F1' },
];

/** Native "Open Recent" items send this prefix + a file id the host issued (not a listed action). */
export const OPEN_RECENT_PREFIX = 'file.openRecent:';
