// An in-app question with buttons (unsaved changes, a different image, overwrite). In-app
// rather than window.confirm: it looks the same in Electron and the web host, it can offer
// three answers, and tests can click it.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface AskButton {
  id: string;
  label: string;
  primary?: boolean;
}

export interface Question {
  title: string;
  message: string;
  buttons: AskButton[];
  /** Answer given by Escape or a click outside. */
  cancelId: string;
}

export function useAsk() {
  const [q, setQ] = useState<(Question & { resolve(id: string): void }) | null>(null);
  const ask = useCallback((question: Question) => new Promise<string>((resolve) => setQ({ ...question, resolve })), []);
  const answer = (id: string) => {
    q?.resolve(id);
    setQ(null);
  };
  const element = q ? <AskDialog question={q} onAnswer={answer} /> : null;
  return { ask, element };
}

function AskDialog({ question, onAnswer }: { question: Question; onAnswer(id: string): void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onAnswer(question.cancelId)}>
      <div className="modal ask" role="alertdialog" aria-modal="true" aria-labelledby="ask-title" data-testid="ask-dialog">
        <h2 id="ask-title">{question.title}</h2>
        <p>{question.message}</p>
        <div className="buttons">
          {question.buttons.map((b, i) => (
            <button
              key={b.id}
              ref={b.primary || (i === 0 && !question.buttons.some((x) => x.primary)) ? first : undefined}
              className={b.primary ? 'primary' : ''}
              data-testid={`ask-${b.id}`}
              onClick={() => onAnswer(b.id)}
            >
              {b.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
