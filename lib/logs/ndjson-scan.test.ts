import { describe, expect, it } from 'vitest';
import { scanQuietLine } from './ndjson-scan';

describe('scanQuietLine', () => {
  it('reads event, level and logger of a plain info line, in any key order', () => {
    expect(scanQuietLine('{"timestamp":"2026-11-25T12:15:27.169Z","event":"row 00000 ok","level":"info","logger":"airflow.task","lineno":43}')).toEqual({
      event: 'row 00000 ok',
      level: 'info',
      logger: 'airflow.task',
    });
    expect(scanQuietLine('{"logger": "task.stdout", "level": "debug", "event": "x"}')).toEqual({ event: 'x', level: 'debug', logger: 'task.stdout' });
    expect(scanQuietLine('{"event":"no logger","level":"info"}')).toEqual({ event: 'no logger', level: 'info', logger: null });
  });

  it('reads each logger whole, also one that begins like a logger seen before, and past the loggers it remembers', () => {
    const loggers = ['task', 'task.stdout', 'tas', 'airflow.task', ...Array.from({ length: 12 }, (_, i) => `logger.${i}`), 'task', 'task.stdout'];
    for (const logger of loggers) {
      expect(scanQuietLine(`{"event":"x","level":"info","logger":"${logger}"}`)?.logger).toBe(logger);
    }
    expect(scanQuietLine('{"event":"x","level":"infos","logger":"task"}')).toBeNull();
  });

  it('leaves every line it is not sure about to JSON.parse', () => {
    const unsure = [
      '{"event":"Task failed with exception","level":"error","logger":"task"}',
      '{"event":"deprecated","level":"warning","logger":"py.warnings"}',
      '{"event":"::group::Pre Execute","level":"info","logger":"task"}',
      '{"event":"x","level":"info","error_detail":[{"exc_type":"E"}]}',
      '{"event":"say \\"hi\\"","level":"info","logger":"task"}',
      '{"event":"caf\\u00e9","level":"info","logger":"task"}',
      '{"event":"x","level":"info","extra":{"level":"info"}}',
      '{"event":"::group::Log message source details"}',
      '{"event":42,"level":"info"}',
      '{"event":"x","level":null}',
    ];
    for (const line of unsure) expect(scanQuietLine(line), line).toBeNull();
  });

  it('is not fooled by a key name inside a string value (its quotes are escaped)', () => {
    expect(scanQuietLine('{"note":"x\\"level\\":\\"info","event":"row ok","level":"error"}')).toBeNull();
    expect(scanQuietLine('{"msg":"\\"level\\":\\"error\\"","event":"row","level":"info"}')).toEqual({ event: 'row', level: 'info', logger: null });
  });
});
