import { describe, expect, it } from 'vitest';
import { markQuestion, questionMarks } from './question-marks';

describe('question marks', () => {
  it('times each phase from the question received, and a new question starts afresh', async () => {
    markQuestion('received');
    markQuestion('saved');
    await new Promise((resolve) => setTimeout(resolve, 20));
    markQuestion('model');
    const first = questionMarks();
    expect(Object.keys(first)).toEqual(['received', 'saved', 'model']);
    expect(first.received).toBe(0);
    expect(first.model!).toBeGreaterThanOrEqual(15);

    markQuestion('received');
    expect(questionMarks()).toEqual({ received: 0 });
  });
});
