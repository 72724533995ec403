import { useState, type FormEvent } from 'react';
import { sendOptionsRequest } from '@/lib/messaging/options-protocol';
import { DEFAULT_MODEL_PRICES, DEFAULT_PRICES_TAKEN, effectivePrices, type PriceTable } from '@/lib/model-providers/model-prices';
import { useWorkerValue } from './useWorkerValue';

/**
 * The price table behind the cost estimates (shipped list prices, marked as estimates with their
 * date, and the user's own entries over them), the optional daily spend cap and the optional
 * per-question input-token budget.
 */
export function CostSettingsForm() {
  const [userPrices, setUserPrices] = useState<PriceTable>({});
  const [cap, setCap] = useState('');
  const [budget, setBudget] = useState('');
  const [model, setModel] = useState('');
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const [status, setStatus] = useState('');
  // The cap and budget fields stay disabled until the saved ones are shown, so nothing typed is overwritten by them.
  const [loaded, setLoaded] = useState(false);

  // The cap and the budget are read once; the price table follows the stored prices.
  useWorkerValue('readCostSettings', {}, (settings, first) => {
    setUserPrices(settings.userPrices);
    if (!first) return;
    setLoaded(true);
    setCap(settings.dailySpendCapUsd === null ? '' : String(settings.dailySpendCapUsd));
    setBudget(settings.inputTokenBudget === null ? '' : String(settings.inputTokenBudget));
  });

  async function saveCap(event: FormEvent) {
    event.preventDefault();
    const value = cap.trim() === '' ? null : Number(cap);
    if (value !== null && !(Number.isFinite(value) && value >= 0)) {
      setStatus('Enter the cap as an amount in US dollars, or leave it empty for no cap.');
      return;
    }
    await sendOptionsRequest('saveDailySpendCap', { usd: value });
    setStatus(value === null ? 'No daily spend cap.' : `Daily spend cap saved: $${value}.`);
  }

  async function saveBudget() {
    const text = budget.trim().replace(/[,\s]/g, '');
    const value = text === '' ? null : Number(text);
    if (value !== null && !(Number.isInteger(value) && value > 0)) {
      setStatus('Enter the budget as a whole number of input tokens, or leave it empty for no budget.');
      return;
    }
    await sendOptionsRequest('saveInputTokenBudget', { tokens: value });
    setStatus(value === null ? 'No input-token budget.' : `Input-token budget saved: ${value.toLocaleString('en-US')} tokens per question.`);
  }

  async function savePrice() {
    const id = model.trim();
    const price = { inputPerMillion: Number(input), outputPerMillion: Number(output) };
    if (!id || !Number.isFinite(price.inputPerMillion) || !Number.isFinite(price.outputPerMillion) || price.inputPerMillion < 0 || price.outputPerMillion < 0) {
      setStatus('Enter a model id and its input and output prices in US dollars per million tokens.');
      return;
    }
    await sendOptionsRequest('setModelPrice', { model: id, price });
    setStatus(`Price saved for ${id}.`);
  }

  async function removePrice(id: string) {
    await sendOptionsRequest('removeModelPrice', { model: id });
  }

  const table = effectivePrices(userPrices);
  return (
    <form className="settings" onSubmit={saveCap} aria-labelledby="cost-heading">
      <h2 id="cost-heading">Tokens and cost</h2>
      <p className="help">A spending cap and a token budget per question keep a long log from becoming an expensive answer.</p>
      <label>
        Daily spend cap in US dollars (empty: no cap)
        <input data-testid="spend-cap" disabled={!loaded} inputMode="decimal" value={cap} onChange={(e) => setCap(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit" data-testid="save-spend-cap" disabled={!loaded}>Save cap</button>
      </div>
      <label>
        Input-token budget per question (empty: no budget)
        <input data-testid="token-budget" disabled={!loaded} inputMode="numeric" value={budget} onChange={(e) => setBudget(e.target.value)} />
      </label>
      <div className="row">
        <button type="button" data-testid="save-token-budget" disabled={!loaded} onClick={() => void saveBudget()}>
          Save budget
        </button>
      </div>
      <p className="hint">
        With a budget, the evidence read from Airflow and each tool result are shortened to fit it (the failure and its cause are kept
        first); the system prompt and your question are never cut. Tokens are estimated as characters / 4.
      </p>
      <p className="hint">
        Costs are estimates from this table (US dollars per million tokens). Shipped prices are list prices taken on {DEFAULT_PRICES_TAKEN};
        your entries replace them. A model on this machine with no entry counts as free.
      </p>
      <div className="table-scroll">
        <table className="price-table" data-testid="price-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Input $/M</th>
              <th>Output $/M</th>
              <th>
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(table).map(([id, price]) => (
              <tr key={id} data-testid="price-row">
                <td>{id}</td>
                <td>{price.inputPerMillion}</td>
                <td>{price.outputPerMillion}</td>
                <td>
                  {userPrices[id] ? (
                    <button type="button" onClick={() => void removePrice(id)}>
                      {DEFAULT_MODEL_PRICES[id] ? 'Back to estimate' : 'Remove'}
                    </button>
                  ) : (
                    <span className="hint">estimate, {DEFAULT_PRICES_TAKEN}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <input aria-label="Model id" placeholder="model id" data-testid="price-model" value={model} onChange={(e) => setModel(e.target.value)} />
        <input aria-label="Input price" placeholder="input $/M" data-testid="price-input" inputMode="decimal" value={input} onChange={(e) => setInput(e.target.value)} />
        <input aria-label="Output price" placeholder="output $/M" data-testid="price-output" inputMode="decimal" value={output} onChange={(e) => setOutput(e.target.value)} />
        <button type="button" data-testid="save-price" onClick={() => void savePrice()}>
          Set price
        </button>
      </div>
      <p role="status" data-testid="cost-status">{status}</p>
    </form>
  );
}
