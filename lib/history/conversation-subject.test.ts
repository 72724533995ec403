import { describe, expect, it } from 'vitest';
import { describeSubject, newerTryNote, subjectKey, subjectOfPage } from './conversation-subject';

describe('conversation subject', () => {
  it('is the object of the page, as far as the page names one', () => {
    expect(subjectOfPage({})).toBeNull();
    expect(subjectOfPage({ dagId: 'etl' })).toEqual({ dagId: 'etl' });
    expect(subjectOfPage({ dagId: 'etl', runId: 'r', taskId: 't', mapIndex: -1, tryNumber: 2 })).toEqual({ dagId: 'etl', runId: 'r', taskId: 't', tryNumber: 2 });
    expect(subjectOfPage({ dagId: 'etl', runId: 'r', taskId: 't', mapIndex: 3 })).toEqual({ dagId: 'etl', runId: 'r', taskId: 't', mapIndex: 3 });
    // A task without a run (the task page of a Dag) is the Dag.
    expect(subjectOfPage({ dagId: 'etl', taskId: 't' })).toEqual({ dagId: 'etl' });
  });

  it('keys a task instance the same for every try, and apart from other map indexes', () => {
    const base = { dagId: 'etl', runId: 'r', taskId: 't' };
    expect(subjectKey({ ...base, tryNumber: 1 })).toBe(subjectKey({ ...base, tryNumber: 2 }));
    expect(subjectKey(base)).toBe(subjectKey({ ...base, mapIndex: -1 }));
    expect(subjectKey({ ...base, mapIndex: 1 })).not.toBe(subjectKey(base));
    expect(subjectKey({ dagId: 'a"b' })).not.toBe(subjectKey({ dagId: 'a', runId: 'b' }));
  });

  it('names a subject', () => {
    expect(describeSubject({ dagId: 'etl', runId: 'r', taskId: 't', mapIndex: 2 })).toBe('etl.t[2]');
    expect(describeSubject({ dagId: 'etl', runId: 'r' })).toBe('etl run r');
  });

  it('says when the task has a newer try than the conversation was about', () => {
    expect(newerTryNote(1, 2)).toBe('This conversation was about try 1; the task has a newer try (2) since.');
    expect(newerTryNote(2, 2)).toBeNull();
    expect(newerTryNote(undefined, 2)).toBeNull();
    expect(newerTryNote(1, undefined)).toBeNull();
  });
});
