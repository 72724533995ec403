import type { ToolStep } from '@/lib/messaging/conversation';

// A CSS spinner while running: the hourglass emoji is an empty box where no emoji font is installed.
const stateIcons: Record<ToolStep['state'], string> = { running: '', done: '✓', error: '⚠' };
const stateNames: Record<ToolStep['state'], string> = { running: 'running', done: 'done', error: 'failed' };

/** One thing the assistant did to answer, e.g. "✓ Reading the log of `transform`, try 1". */
export function ToolStepRow({ step }: { step: ToolStep }) {
  return (
    <div
      className={`tool-step tool-step-${step.state}`}
      data-testid="tool-step"
      data-state={step.state}
    >
      <span className="tool-step-icon" role="img" aria-label={stateNames[step.state]}>
        {step.state === 'running' ? <span className="spinner" data-testid="spinner" /> : stateIcons[step.state]}
      </span>
      <span className="tool-step-label">
        <LabelText label={step.label} />
        {step.state === 'running' && '…'}
      </span>
      {step.masked ? (
        <span className="tool-step-masked" data-testid="tool-step-masked" title="Masked in the result before the model read it">
          {step.masked} {step.masked === 1 ? 'secret' : 'secrets'} masked
        </span>
      ) : null}
      {step.state === 'error' && step.detail && <p className="tool-step-detail">{step.detail}</p>}
    </div>
  );
}

/** Labels quote ids in backticks; they are shown as code, without parsing the label as markdown. */
function LabelText({ label }: { label: string }) {
  return label.split('`').map((piece, index) => (index % 2 === 1 ? <code key={index}>{piece}</code> : piece));
}
