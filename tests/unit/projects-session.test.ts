// The renderer's document session (dirty state, autosave, recovery discard, save/open/
// restore) and the figure commands, over a recording fake of the host API.
import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../../src/renderer/editor/store';
import { addPanel, addSource, updateFigure } from '../../src/renderer/editor/commands';
import { createDocumentSession } from '../../src/renderer/documents/session';
import {
  addFigure,
  deleteFigure,
  makeFigure,
  nextFigureName,
  relinkSource,
  renameFigure,
} from '../../src/renderer/documents/figure-commands';
import { newFigure, newPanel, newProject } from '../../src/shared/figure/factory';
import type { OpenedProject } from '../../src/shared/api';
import type { Project, SourceRef } from '../../src/shared/figure/schema';

const SRC: SourceRef = { id: 'src-1', path: '/data/photo.jpg', sha256: 'a'.repeat(64), size: 10, kind: 'raster' };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fakeApi() {
  const calls: { method: string; req: Record<string, unknown> }[] = [];
  let failSave: string | null = null;
  let writeError: string | null = null;
  let discardError: string | null = null;
  const opened = (project: Project, extra: Partial<OpenedProject> = {}): OpenedProject => ({
    project,
    fileId: 'file-1',
    name: 'case',
    sources: [],
    missing: [],
    relinked: [],
    ...extra,
  });
  let next: OpenedProject | null = null;
  const api = {
    autosave: async (req: never) => (calls.push({ method: 'autosave', req }), { ok: true as const }),
    autosaveStatus: async (req: never) => (calls.push({ method: 'autosaveStatus', req }), { error: writeError }),
    discardRecovery: async (req: never) => {
      calls.push({ method: 'discardRecovery', req });
      if (discardError) throw new Error(discardError);
      return { ok: true as const };
    },
    saveProject: async (req: { fileId: string }) => {
      calls.push({ method: 'saveProject', req });
      if (failSave) throw new Error(failSave);
      return { fileId: req.fileId, name: 'case', path: '/data/case.medfig' };
    },
    openProject: async (req: never) => (calls.push({ method: 'openProject', req }), next!),
    restoreRecovery: async (req: never) => (calls.push({ method: 'restoreRecovery', req }), next!),
  };
  return {
    api: api as never,
    calls,
    of: (m: string) => calls.filter((c) => c.method === m),
    setNext: (p: Project, extra?: Partial<OpenedProject>) => (next = opened(p, extra)),
    failSaveWith: (m: string | null) => (failSave = m),
    failWritesWith: (m: string | null) => (writeError = m),
    failDiscardWith: (m: string | null) => (discardError = m),
  };
}

function setup() {
  const store = createEditorStore();
  const f = fakeApi();
  let n = 0;
  const problems: string[] = [];
  const session = createDocumentSession(store, f.api, { sendEveryMs: 10, newKey: () => `k${++n}`, onProblem: (m) => problems.push(m) });
  const edit = () => store.dispatch((p) => addPanel(p.figures[0].id, newPanel(SRC.id))(addSource(SRC)(p)));
  return { store, session, f, edit, problems };
}

describe('document session', () => {
  it('starts clean; an edit is dirty and reaches autosave once per burst of changes', async () => {
    const { store, session, f, edit } = setup();
    expect(session.get().dirty).toBe(false);
    edit();
    for (let i = 0; i < 20; i++) store.dispatch(updateFigure(store.figure().id, { name: `Figure ${i}` }), 'drag');
    expect(session.get().dirty).toBe(true);
    await wait(40);
    expect(f.of('autosave')).toHaveLength(1);
    const sent = f.of('autosave')[0].req as { key: string; project: Project; fileId: string | null };
    expect(sent.key).toBe('k1');
    expect(sent.fileId).toBeNull();
    expect(sent.project.figures[0].name).toBe('Figure 19'); // the latest state, not the first
    expect(session.get().name).toBe('Untitled project');
  });

  it('undo back to the saved state is clean again and drops the recovery file', async () => {
    const { store, session, f, edit } = setup();
    edit();
    await wait(40);
    store.undo();
    expect(session.get().dirty).toBe(false);
    await wait(10);
    expect(f.of('discardRecovery').map((c) => c.req)).toEqual([{ key: 'k1' }]);
  });

  it('save writes the current project, is clean afterwards and drops the recovery', async () => {
    const { store, session, f, edit } = setup();
    edit();
    await wait(40);
    const r = await session.save('target-1');
    expect(r.name).toBe('case');
    expect((f.of('saveProject')[0].req as { project: Project }).project).toBe(store.project());
    expect(session.get()).toMatchObject({ dirty: false, fileId: 'target-1', name: 'case' });
    expect(f.of('discardRecovery')).toHaveLength(1);
    // The next edit is dirty again and autosaves with the file id.
    edit();
    await wait(40);
    expect((f.of('autosave').at(-1)!.req as { fileId: string }).fileId).toBe('target-1');
  });

  it('a failed save keeps the changes dirty and says why', async () => {
    const { session, f, edit } = setup();
    edit();
    f.failSaveWith('Could not save "case.medfig": the disk is full. The previous file is unchanged.');
    await expect(session.save('target-1')).rejects.toThrow(/disk is full/);
    expect(session.get().dirty).toBe(true);
    expect(session.get().fileId).toBeNull();
  });

  it('open adopts a clean project with its missing sources; relinked sources make it dirty', async () => {
    const { store, session, f } = setup();
    const p = newProject(newFigure('Figure 1'));
    p.sources.push(SRC);
    f.setNext(p, { missing: [{ sourceId: SRC.id, name: 'photo.jpg', reason: 'not found' }] });
    await session.open('file-1');
    expect(store.project()).toBe(p);
    expect(session.get()).toMatchObject({ dirty: false, fileId: 'file-1', name: 'case' });
    expect(session.get().missing.get(SRC.id)).toBe('not found');

    const q = newProject();
    f.setNext(q, { relinked: [{ sourceId: SRC.id, name: 'photo.jpg' }] });
    await session.open('file-1');
    expect(session.get().dirty).toBe(true);

    // "Locate…" found it: the source points at the new file; panels keep their identity (the
    // shell reloads pixels when the source list changes).
    const withPanel = addPanel(p.figures[0].id, newPanel(SRC.id))(p);
    const moved = relinkSource({ ...SRC, path: '/elsewhere/photo.jpg' })(withPanel);
    expect(moved.sources[0].path).toBe('/elsewhere/photo.jpg');
    expect(moved.sources).not.toBe(withPanel.sources);
    expect(moved.figures[0].panels[0]).toBe(withPanel.figures[0].panels[0]);
  });

  it('a dropped copy or the sample case opens without a file id (Save asks where) and unmodified', async () => {
    const { session, f } = setup();
    f.setNext(newProject());
    await session.open('imported', { asCopy: true });
    expect(session.get().fileId).toBeNull();
    expect(session.get().dirty).toBe(false);
  });

  it('restore continues under the recovered key and is unsaved work', async () => {
    const { store, session, f } = setup();
    const p = newProject(newFigure('Clinical photo'));
    f.setNext(p, { fileId: null, name: 'Untitled project' });
    await session.restore('old-key');
    expect(session.get()).toMatchObject({ dirty: true, key: 'old-key', fileId: null });
    store.dispatch(updateFigure(store.figure().id, { name: 'Fig. 1' }));
    await wait(40);
    expect((f.of('autosave').at(-1)!.req as { key: string }).key).toBe('old-key');
  });
});

describe('figure commands', () => {
  it('new figures are numbered after the existing ones and copy the page of the current one', () => {
    let p = newProject(newFigure('Figure 1', 84));
    const f2 = makeFigure(p, p.figures[0]);
    expect(f2.name).toBe('Figure 2');
    expect(f2.page.widthMm).toBe(84);
    expect(f2.panels).toEqual([]);
    p = addFigure(f2)(p);
    p = deleteFigure(p.figures[0].id)(p);
    expect(nextFigureName(p)).toBe('Figure 3'); // "Figure 2" is still taken
  });

  it('rename trims and ignores a blank name; the last figure cannot be deleted', () => {
    const p = newProject();
    const id = p.figures[0].id;
    expect(renameFigure(id, '  Figure 1 – CT  ')(p).figures[0].name).toBe('Figure 1 – CT');
    expect(renameFigure(id, '   ')(p)).toBe(p);
    expect(deleteFigure(id)(p)).toBe(p);
  });

  it('a failed autosave write shows after that one change (no further change needed); a good write clears it', async () => {
    const { session, f, edit } = setup();
    f.failWritesWith('Autosave could not write /r/k1.recovery.medfig: the disk is full.');
    edit();
    await wait(30);
    await session.settle();
    await wait(0);
    expect(f.of('autosaveStatus')).toHaveLength(1);
    expect(session.get().autosaveError).toBe('Autosave could not write /r/k1.recovery.medfig: the disk is full.');
    f.failWritesWith(null);
    edit();
    await wait(30);
    await session.settle();
    await wait(0);
    expect(session.get().autosaveError).toBeNull();
  });

  it('a recovery file the host could not delete is reported once through onProblem', async () => {
    const { session, f, edit, problems } = setup();
    edit();
    await wait(30);
    await session.settle();
    f.failDiscardWith('Could not delete the recovery file /r/k1.recovery.medfig: the disk is read-only.');
    await session.dropRecovery();
    expect(problems).toEqual(['Could not delete the recovery file /r/k1.recovery.medfig: the disk is read-only.']);
    await session.dropRecovery(); // nothing on disk any more: not said twice
    expect(problems).toHaveLength(1);
  });
});
