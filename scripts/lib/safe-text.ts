// Text that came from a server (bodies, headers, reason phrases, ids echoed into URLs)
// made safe for where it is written: a terminal must not obey it, and an XML 1.0
// document must stay well-formed. JSON needs nothing: JSON.stringify escapes every
// control character, so JSON reports keep the text faithfully.

/** C0 controls but tab and newline, DEL, and C1 controls (U+009B is a CSI on some terminals). */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const hexEscape = (char: string) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;

/**
 * `text` with every control character a terminal would act on written as `\xNN`, so a
 * server cannot clear the screen, set the window title or plant hyperlinks (ESC, OSC 8)
 * through what the CLI prints. Tab and newline are kept: they only lay text out.
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_CONTROLS, hexEscape);
}

/** What XML 1.0 forbids in a document: controls but tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const XML_ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" };

/** `text` as XML 1.0 character data or attribute value: markup escaped, forbidden characters as `\xNN`/`\uNNNN`. */
export function xmlSafe(text: string): string {
  return text
    .replace(XML_FORBIDDEN, (char) => (char.length === 1 && char.charCodeAt(0) < 0x100 ? hexEscape(char) : `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`))
    .replace(/[<>&"']/g, (char) => XML_ENTITIES[char] ?? char);
}
