import { useState } from 'react';

export type HandoffNoteContent = { markdown: string; plainText: string; fileName: string };

type Props = { note: HandoffNoteContent; onClose: () => void };

/** The hand-off note of the conversation: copy it (Markdown or plain text) or download it as `.md`. */
export function HandoffNoteView({ note, onClose }: Props) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied('The browser did not allow copying; select the note below and copy it.');
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([note.markdown], { type: 'text/markdown' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = note.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <section className="handoff-note" aria-labelledby="handoff-note-heading" data-testid="handoff-note">
      <header>
        <h2 id="handoff-note-heading">Hand-off note</h2>
        <button type="button" onClick={onClose} data-testid="handoff-close">
          Close
        </button>
      </header>
      <div className="chat-toolbar">
        <button type="button" onClick={() => void copy(note.markdown, 'Markdown')} data-testid="handoff-copy-markdown">
          Copy Markdown
        </button>
        <button type="button" onClick={() => void copy(note.plainText, 'Plain text')} data-testid="handoff-copy-text">
          Copy plain text
        </button>
        <button type="button" onClick={download} data-testid="handoff-download">
          Download .md
        </button>
      </div>
      {copied ? <p className="muted" role="status">{copied}</p> : null}
      {/* Scrolls inside the panel: reachable with the keyboard to scroll it. */}
      <pre data-testid="handoff-markdown" tabIndex={0} aria-label="The note, in Markdown">
        {note.markdown}
      </pre>
    </section>
  );
}
