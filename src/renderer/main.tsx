import { createRoot } from 'react-dom/client';
import regularUrl from '../../resources/fonts/LiberationSans-Regular.ttf?url';
import boldUrl from '../../resources/fonts/LiberationSans-Bold.ttf?url';
import italicUrl from '../../resources/fonts/LiberationSans-Italic.ttf?url';
import boldItalicUrl from '../../resources/fonts/LiberationSans-BoldItalic.ttf?url';
import { App } from './app/App';
import { installRejectionNet } from './api-client';
import './styles.css';

// The bundled font must be loaded before Konva measures any text, or labels would be laid out
// with a fallback face and differ from the export.
async function loadFonts(): Promise<void> {
  const faces = [
    new FontFace('Liberation Sans', `url(${regularUrl})`, { weight: '400' }),
    new FontFace('Liberation Sans', `url(${boldUrl})`, { weight: '700' }),
    // Rich labels: italic runs in the true italic faces, not a slanted regular.
    new FontFace('Liberation Sans', `url(${italicUrl})`, { weight: '400', style: 'italic' }),
    new FontFace('Liberation Sans', `url(${boldItalicUrl})`, { weight: '700', style: 'italic' }),
  ];
  for (const f of faces) document.fonts.add(await f.load());
}

// Before anything can reject: a host call no code caught still reaches the user as a toast.
installRejectionNet();

void loadFonts()
  .catch((e) => console.error('font load failed', e))
  .then(() => {
    // body[data-ready] is set by App once its first render is committed and its key handlers are
    // attached (React renders asynchronously: a key pressed before that would be lost).
    createRoot(document.getElementById('root')!).render(<App />);
  });
