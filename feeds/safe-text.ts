/**
 * Text a feed supplies is shown on terminals (the console front end, the CLI) as well as in chat, so nothing in it
 * may act on a terminal: escape sequences (colours, window titles, OSC 8 links that show one address and open
 * another), other control characters, and bidirectional overrides that make text read differently from what it
 * is. Tab and newline stay. Stray C1 characters are almost always windows-1252 punctuation stored by mistake
 * (curly quotes, dashes), so they become that punctuation, as feed readers and browsers show them.
 */
import { CP1252_HIGH } from './decode.ts';

// ESC or its one-character C1 forms: CSI (ESC [ or U+009B) with parameters, OSC/DCS/APC/PM/SOS strings up to
// their terminator (BEL or ST) or the end, and two-character escapes.
const SEQUENCES =
  // eslint-disable-next-line no-control-regex -- control characters are what these expressions are for
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(?:\u001b[\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -/]*[0-~]?/g;
const C1 = /[\u0080-\u009f]/g;
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function safeText(text: string): string {
  return text
    .replace(SEQUENCES, '')
    .replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!)
    .replace(CONTROLS, '');
}
