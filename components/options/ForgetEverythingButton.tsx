import { useState } from 'react';
import { sendOptionsRequest } from '@/lib/messaging/options-protocol';

export function ForgetEverythingButton() {
  const [done, setDone] = useState(false);
  return (
    <section className="settings" aria-labelledby="forget-heading">
      <h2 id="forget-heading">Forget keys and history</h2>
      <p className="help">Removes the API key, every conversation and the audit trail from this browser.</p>
      <div className="row">
        <button
          type="button"
          className="danger"
          data-testid="forget-everything"
          onClick={() => {
            if (confirm('Remove the API key, all conversations and the audit trail?')) void sendOptionsRequest('forgetEverything', {}).then(() => setDone(true));
          }}
        >
          Forget keys and history
        </button>
      </div>
      {done ? <p role="status" data-testid="forget-done">Forgotten.</p> : null}
    </section>
  );
}
