// The toolbar: grouped icon buttons (lucide icons) rendered from the action registry, so a
// button is disabled exactly when its menu item is, a tool is pressed exactly when its menu
// item is ticked, and its tooltip names the shortcut. File actions carry a short text label
// (shown from 1367 px; below that their icons alone keep the toolbar one row at 1280 px).
import type { ReactNode } from 'react';
import {
  Asterisk,
  Circle,
  Contrast,
  Crop,
  Download,
  EyeOff,
  FolderOpen,
  Hash,
  Heading,
  Layers,
  Maximize,
  MessageSquare,
  MousePointer2,
  Move,
  Network,
  MoveUpRight,
  PenLine,
  Pentagon,
  Presentation,
  Redo2,
  ScanFace,
  RotateCcwSquare,
  Ruler,
  RulerDimensionLine,
  Slash,
  Square,
  SquareDashed,
  TriangleRight,
  Type,
  Undo2,
  type LucideIcon,
} from 'lucide-react';
import { useActions, type BoundAction } from '../actions/ActionsContext';
import type { Tool } from '../tools';

/** Icons of the tools, by tool id (a tool missing here shows its label). */
export const TOOL_ICONS: Record<string, LucideIcon> = {
  select: MousePointer2,
  arrange: Move,
  arrow: MoveUpRight,
  text: Type,
  callout: MessageSquare,
  page: Heading,
  line: Slash,
  rect: Square,
  ellipse: Circle,
  polygon: Pentagon,
  freehand: PenLine,
  marker: Asterisk,
  number: Hash,
  'measure-length': Ruler,
  'measure-angle': TriangleRight,
  'measure-area': SquareDashed,
  redaction: EyeOff,
  calibrate: RulerDimensionLine,
  crop: Crop,
  straighten: RotateCcwSquare,
  window: Contrast,
};

/** Tool groups as a clinician thinks of them: point at, draw, measure, then the image itself (hide, crop, straighten, window). */
const TOOL_GROUPS: readonly string[][] = [
  ['select', 'arrange'],
  ['arrow', 'text', 'callout', 'page', 'marker', 'number'],
  ['line', 'rect', 'ellipse', 'polygon', 'freehand'],
  ['measure-length', 'measure-angle', 'measure-area', 'calibrate'],
  ['redaction', 'crop', 'straighten', 'window'],
];

const ICON = 17;

function IconButton(props: { action: BoundAction; icon: LucideIcon; label: string; testId?: string; title?: string; pressable?: boolean }) {
  const { action: a, icon: Icon } = props;
  return (
    <button
      className={`icon${a.checked ? ' active' : ''}`}
      disabled={!a.enabled}
      aria-pressed={props.pressable ? a.checked : undefined}
      aria-label={props.label}
      title={props.title ?? a.title}
      data-testid={props.testId}
      onClick={a.run}
    >
      <Icon size={ICON} strokeWidth={1.75} aria-hidden />
    </button>
  );
}

function TextButton(props: { action: BoundAction; icon: LucideIcon; text: string; testId?: string; primary?: boolean }) {
  const { action: a, icon: Icon } = props;
  return (
    <button
      className={`with-icon${props.primary ? ' primary' : ' compact'}`}
      disabled={!a.enabled}
      aria-label={props.text}
      title={a.title}
      data-testid={props.testId}
      onClick={a.run}
    >
      <Icon size={ICON - 1} strokeWidth={1.75} aria-hidden />
      <span className="label">{props.text}</span>
    </button>
  );
}

interface Props {
  tools: readonly Tool[];
  /** The documents controller's part (project name, save). */
  documents: ReactNode;
}

export function Toolbar({ tools, documents }: Props) {
  const byId = new Map(tools.map((t) => [t.id, t]));
  const grouped = TOOL_GROUPS.map((g) => g.filter((id) => byId.has(id)));
  // A tool not placed in a group still gets a button, at the end of the last group.
  const placed = new Set(grouped.flat());
  grouped[grouped.length - 1].push(...tools.map((t) => t.id).filter((id) => !placed.has(id)));
  const toolActions = useActions(grouped.flat().map((id) => `tool.${id}`));
  const actionOf = new Map(toolActions.map((a) => [a.id.slice(5), a]));
  const [open, series, pacs, exp, undo, redo, fit, actual, teaching, checkPixels] = useActions([
    'file.open',
    'file.openSeries',
    'file.openPacs',
    'file.export',
    'edit.undo',
    'edit.redo',
    'view.fit',
    'view.actual',
    'file.exportTeaching',
    'image.checkPixels',
  ]);
  return (
    <header className="toolbar" role="toolbar" aria-label="Tools">
      <span className="brand">Medfig</span>
      {documents}
      <span className="group">
        <TextButton action={open} icon={FolderOpen} text="Open…" testId="open-image" />
        <TextButton action={series} icon={Layers} text="Series…" />
        <TextButton action={pacs} icon={Network} text="PACS…" testId="open-pacs" />
      </span>
      {grouped.map((g, i) => (
        <span className="group" key={i} role="group">
          {g.map((id) => {
            const t = byId.get(id)!;
            const Icon = TOOL_ICONS[id] ?? Square;
            const a = actionOf.get(id)!;
            return (
              <IconButton
                key={id}
                action={a}
                icon={Icon}
                label={t.label}
                pressable
                testId={`tool-${id}`}
                title={`${t.label} (${a.shortcut || t.key})${t.hint ? ` — ${t.hint}` : ''}`}
              />
            );
          })}
        </span>
      ))}
      <span className="group">
        <IconButton action={checkPixels} icon={ScanFace} label="Check pixels for text and faces" testId="check-pixels" />
      </span>
      <span className="group">
        <IconButton action={undo} icon={Undo2} label="Undo" testId="undo" />
        <IconButton action={redo} icon={Redo2} label="Redo" testId="redo" />
      </span>
      <span className="group">
        <IconButton action={fit} icon={Maximize} label="Zoom to fit" testId="zoom-fit" />
        <button
          className="icon text"
          disabled={!actual.enabled}
          aria-label="Zoom 100 %"
          title={actual.title}
          data-testid="zoom-actual"
          onClick={actual.run}
        >
          1:1
        </button>
      </span>
      <span className="grow" />
      <TextButton action={teaching} icon={Presentation} text="Slides / Cine…" testId="teaching-open" />
      <TextButton action={exp} icon={Download} text="Export…" testId="export-open" primary />
    </header>
  );
}
