import { useEffect, useState } from 'react';

/** Copies text to the clipboard and says so for two seconds ("Copied"), or that it could not. */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), 2000);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <button
      type="button"
      className="copy-button"
      data-testid={testId}
      aria-label={label}
      title={label}
      onClick={() => navigator.clipboard.writeText(text).then(() => setStatus('copied'), () => setStatus('failed'))}
    >
      {status === 'copied' ? 'Copied' : status === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
