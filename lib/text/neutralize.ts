/**
 * Makes text from Airflow (log lines, error messages, tool results) safe to show and to send to
 * a model. A task log is written by arbitrary code, so it can hold:
 * - terminal escape sequences (`ESC[31m` colours, cursor moves, OSC titles and links): dropped,
 *   they are formatting for a terminal, not content;
 * - other control characters (NUL, BEL, backspace, DEL, C1 controls): shown as visible
 *   symbols (`␀`, `␇`, `�`), so nothing is silently hidden or overwritten;
 * - bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069, and the
 *   marks U+200E, U+200F, U+061C): shown as `[U+202E]`, so text cannot be made to read in
 *   another order than it is (the "Trojan Source" trick) on screen or for a model;
 * - binary data: a line that is mostly control characters becomes `[binary data: N characters
 *   not shown]`.
 * Tabs and line breaks stay. The function is pure and idempotent; it is applied at the
 * boundaries: tool results before anyone reads them, and the triage card before it is shown.
 */

// CSI (`ESC [ params final`), OSC (`ESC ] … BEL` or `ESC ] … ESC \`), and two-character escapes.
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_]|[ -/]*[0-~]?)|\u009b[0-?]*[ -/]*[@-~]/g;
// Every C0 control but tab, line feed and carriage return; DEL; the C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0080-\u009f]/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** The visible stand-in of a control character: U+2400 + code for C0, ␡ for DEL, � for C1. */
function pictureOf(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

const bidiLabel = (char: string) => `[U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`;

/** A line this long or longer, with this share of control characters, is binary data. */
const BINARY_MIN_LENGTH = 8;
const BINARY_SHARE = 0.3;

export function neutralizeText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  const lines = text.split('\n').map((line) => {
    const stripped = line.replace(ESCAPE_SEQUENCE, '');
    const controls = stripped.match(CONTROL)?.length ?? 0;
    if (stripped.length >= BINARY_MIN_LENGTH && (controls + (stripped.match(/\ufffd/g)?.length ?? 0)) / stripped.length > BINARY_SHARE) {
      return `[binary data: ${stripped.length} characters not shown]`;
    }
    return stripped.replace(CONTROL, pictureOf).replace(BIDI, bidiLabel);
  });
  return lines.join('\n');
}

// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
