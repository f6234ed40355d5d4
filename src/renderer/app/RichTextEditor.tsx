// The in-place label editor: a contenteditable box whose formatting is the browser's own
// (italic, bold, superscript, subscript through execCommand), with a small bar of format buttons
// and a symbol picker (Greek letters, µ, ±, ×, °). What it holds is read back as runs
// (src/shared/figure/rich-text.ts). Enter places the label, Shift+Enter breaks a line, Escape
// cancels; Ctrl+I italic, Ctrl+B bold, Ctrl+Shift+= superscript, Ctrl+= subscript.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { htmlToRuns, runsToHtml, SYMBOLS, type Run } from '../../shared/figure/rich-text';
import { FONT_FAMILY } from '../../scene/units';

interface Props {
  initial: Run[];
  /** A number marker: plain text, no formatting bar. */
  plain: boolean;
  left: number;
  top: number;
  fontPx: number;
  onDone(runs: Run[] | null): void;
}

type Command = 'italic' | 'bold' | 'superscript' | 'subscript';

/** Shortcut → formatting command (Ctrl or Cmd held). */
function commandFor(ev: React.KeyboardEvent): Command | null {
  if (!(ev.ctrlKey || ev.metaKey) || ev.altKey) return null;
  const k = ev.key.toLowerCase();
  if (k === 'i' && !ev.shiftKey) return 'italic';
  if (k === 'b' && !ev.shiftKey) return 'bold';
  // Ctrl+Shift+= types "+" on most layouts: superscript; Ctrl+= subscript.
  if (ev.code === 'Equal' || k === '=' || k === '+') return ev.shiftKey ? 'superscript' : 'subscript';
  return null;
}

export function RichTextEditor(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const done = useRef(false);
  const [symbols, setSymbols] = useState(false);

  useEffect(() => {
    const el = box.current!;
    el.innerHTML = runsToHtml(props.initial);
    el.focus();
    // Caret at the end, as a textarea would put it.
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(false);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    // The initial content is set once: the editor is remounted for each edit.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, []);

  const finish = (cancel: boolean) => {
    if (done.current) return;
    done.current = true;
    const runs = htmlToRuns(box.current?.innerHTML ?? '');
    props.onDone(cancel ? null : props.plain ? [{ text: runs.map((r) => r.text).join('') }] : runs);
  };

  const apply = (c: Command) => {
    box.current?.focus();
    // Super and subscript exclude each other, as in the document (one script per run).
    if (c === 'superscript' && document.queryCommandState('subscript')) document.execCommand('subscript');
    if (c === 'subscript' && document.queryCommandState('superscript')) document.execCommand('superscript');
    document.execCommand(c);
  };

  const insert = (s: string) => {
    box.current?.focus();
    document.execCommand('insertText', false, s);
  };

  // Buttons keep the caret and selection in the box: they act on mouse down and never take focus.
  const button = (label: string, title: string, testId: string, act: () => void, style?: CSSProperties) => (
    <button
      type="button"
      tabIndex={-1}
      title={title}
      aria-label={title}
      data-testid={testId}
      style={style}
      onMouseDown={(ev) => {
        ev.preventDefault();
        act();
      }}
    >
      {label}
    </button>
  );

  return (
    <div
      ref={wrap}
      className="rich-edit"
      style={{ left: props.left, top: props.top }}
      onBlur={(ev) => {
        if (!wrap.current?.contains(ev.relatedTarget as Node | null)) finish(false);
      }}
    >
      {!props.plain && (
        <div className="rich-edit-bar" role="toolbar" aria-label="Text format">
          {button('I', 'Italic (Ctrl+I)', 'rich-italic', () => apply('italic'), { fontStyle: 'italic' })}
          {button('B', 'Bold (Ctrl+B)', 'rich-bold', () => apply('bold'), { fontWeight: 700 })}
          {button('x²', 'Superscript (Ctrl+Shift+=)', 'rich-super', () => apply('superscript'))}
          {button('x₂', 'Subscript (Ctrl+=)', 'rich-sub', () => apply('subscript'))}
          {button('αµ', 'Greek letters and symbols', 'rich-symbols', () => setSymbols((v) => !v))}
        </div>
      )}
      {symbols && (
        <div className="rich-edit-symbols" role="group" aria-label="Symbols">
          {SYMBOLS.map((s) => button(s, `Insert ${s}`, `rich-symbol-${s}`, () => insert(s)))}
        </div>
      )}
      <div
        ref={box}
        className="text-edit"
        role="textbox"
        aria-multiline="true"
        aria-label="Label text"
        contentEditable
        suppressContentEditableWarning
        style={{ fontSize: Math.max(10, props.fontPx), fontFamily: FONT_FAMILY }}
        onKeyDown={(ev) => {
          ev.stopPropagation();
          const c = props.plain ? null : commandFor(ev);
          if (c) {
            ev.preventDefault();
            apply(c);
          } else if (ev.key === 'Enter' && !ev.shiftKey) {
            ev.preventDefault();
            finish(false);
          } else if (ev.key === 'Enter') {
            ev.preventDefault();
            document.execCommand('insertLineBreak');
          } else if (ev.key === 'Escape') {
            ev.preventDefault();
            finish(true);
          } else if (props.plain && (ev.ctrlKey || ev.metaKey) && /^[ibu]$/i.test(ev.key)) {
            ev.preventDefault();
          }
        }}
        onPaste={(ev) => {
          // Pasted text arrives plain: formatting comes from this editor only.
          ev.preventDefault();
          insert(ev.clipboardData.getData('text/plain'));
        }}
      />
    </div>
  );
}
