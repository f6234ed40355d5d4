// Projects handed to the desktop app by the system (src/main/open-files.ts): the command line of
// the first and of a second launch, and the hold until the renderer can open them.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { createPendingOpen, isProjectPath, projectPathsFromArgv, projectPathsFromSecondInstance } from '../../src/main/open-files';

const cwd = resolve('/home/u/cases');

describe('projectPathsFromArgv', () => {
  it('a packaged app: every .medfig argument after the executable, made absolute', () => {
    expect(projectPathsFromArgv(['/opt/Medfig/medfig', 'Case 1.medfig'], { defaultApp: false, cwd })).toEqual([
      resolve(cwd, 'Case 1.medfig'),
    ]);
    expect(projectPathsFromArgv(['/opt/Medfig/medfig', '/tmp/a.MEDFIG', 'b.medfig'], { defaultApp: false, cwd })).toEqual([
      '/tmp/a.MEDFIG',
      resolve(cwd, 'b.medfig'),
    ]);
  });

  it('skips switches (Chromium, Electron, macOS -psn) and what is not a project', () => {
    const argv = [
      'C:\\Program Files\\Medfig\\Medfig.exe',
      '--allow-file-access-from-files',
      '--original-process-start-time=13300000000',
      '-psn_0_12345',
      '--inspect=0',
      'photo.jpg',
      'notes.medfig.txt',
      'folder.medfig/',
      '',
      '/data/x.medfig',
    ];
    expect(projectPathsFromArgv(argv, { defaultApp: false, cwd })).toEqual(['/data/x.medfig']);
  });

  it('in development (electron <app>) the app argument is not a file, even after switches', () => {
    expect(projectPathsFromArgv(['/x/electron', 'out/main/index.js', 'a.medfig'], { defaultApp: true, cwd })).toEqual([
      resolve(cwd, 'a.medfig'),
    ]);
    expect(
      projectPathsFromArgv(['/x/electron', '--inspect=0', '--remote-debugging-port=0', '.', '--no-sandbox', 'a.medfig'], {
        defaultApp: true,
        cwd,
      }),
    ).toEqual([resolve(cwd, 'a.medfig')]);
    // Nothing but the app: nothing to open (the smoke tests' own launch).
    expect(projectPathsFromArgv(['/x/electron', '/repo/out/main/index.js', '--no-sandbox'], { defaultApp: true, cwd })).toEqual([]);
  });

  it('after a bare "--" a name starting with "-" is a file', () => {
    expect(projectPathsFromArgv(['/opt/medfig', '--', '-odd.medfig'], { defaultApp: false, cwd })).toEqual([resolve(cwd, '-odd.medfig')]);
  });

  it('knows a project path', () => {
    expect(isProjectPath('/a/b.medfig')).toBe(true);
    expect(isProjectPath('B.Medfig')).toBe(true);
    expect(isProjectPath('b.medfig.bak')).toBe(false);
    expect(isProjectPath('b.medfig\\')).toBe(false);
  });
});

describe('projectPathsFromSecondInstance', () => {
  it('takes the list the second launch parsed in its own folder', () => {
    expect(
      projectPathsFromSecondInstance(['/opt/medfig', 'ignored.medfig'], '/elsewhere', { medfigProjects: ['/data/a.medfig'] }, false),
    ).toEqual(['/data/a.medfig']);
  });

  it('falls back to its command line, in its working folder, when the list is missing or malformed', () => {
    for (const data of [
      undefined,
      null,
      {},
      { medfigProjects: 'x' },
      { medfigProjects: ['relative.medfig'] },
      { medfigProjects: ['/etc/passwd'] },
      { medfigProjects: [1] },
    ])
      expect(projectPathsFromSecondInstance(['/opt/medfig', 'b.medfig'], '/work', data, false), JSON.stringify(data)).toEqual([
        resolve('/work', 'b.medfig'),
      ]);
  });
});

describe('createPendingOpen', () => {
  it('holds a project until the renderer is ready, the latest one winning', () => {
    const opened: string[] = [];
    const p = createPendingOpen((x) => opened.push(x));
    p.open('/a.medfig');
    p.open('/b.medfig');
    expect(opened).toEqual([]);
    expect(p.pending).toBe('/b.medfig');
    p.setReady(true);
    expect(opened).toEqual(['/b.medfig']);
    expect(p.pending).toBeNull();
    // Ready: straight through.
    p.open('/c.medfig');
    expect(opened).toEqual(['/b.medfig', '/c.medfig']);
  });

  it('a reload holds again until the new page is ready', () => {
    const opened: string[] = [];
    const p = createPendingOpen((x) => opened.push(x));
    p.setReady(true);
    p.setReady(false);
    p.open('/d.medfig');
    expect(opened).toEqual([]);
    p.setReady(true);
    p.setReady(true);
    expect(opened).toEqual(['/d.medfig']);
  });
});
