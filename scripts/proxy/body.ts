// A body read up to a cap and no further: what was read is kept to be validated and
// then sent on, and the rest stays in the stream (paused) to be piped through unread,
// so a large upload or download passes through the proxy without being held in memory.
import type { Readable, Writable } from "node:stream";

export interface BodyTap {
  /** Reads until the body ends or passes the cap; reading twice reads once. */
  read(): Promise<void>;
  /** The chunks read so far. */
  readonly chunks: readonly Buffer[];
  readonly bytes: number;
  /** The whole body was read (it ended within the cap). */
  readonly complete: boolean;
  /** Reading stopped at the cap; the rest is still in the stream. */
  readonly overflowed: boolean;
  text(): string;
  /** Writes what was read, then pipes the unread rest, into `target`, and ends it. */
  sendTo(target: Writable): void;
}

/** A message the parser has read to its end with nothing left unread (a GET's empty body): no need to wait for its 'end'. */
function nothingLeft(stream: Readable): boolean {
  return (stream as Readable & { complete?: boolean }).complete === true && stream.readableLength === 0 && !stream.readableFlowing;
}

export function tapBody(stream: Readable, cap: number): BodyTap {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let complete = stream.readableEnded;
  let overflowed = false;
  let reading: Promise<void> | undefined;

  const read = () =>
    (reading ??= new Promise<void>((resolve, reject) => {
      if (complete) return resolve();
      const stop = () => {
        stream.off("data", onData);
        stream.off("end", onEnd);
        stream.off("error", onError);
        stream.off("close", onClose);
      };
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        bytes += chunk.byteLength;
        if (bytes <= cap) return;
        overflowed = true;
        stream.pause();
        stop();
        resolve();
      };
      const onEnd = () => {
        complete = true;
        stop();
        resolve();
      };
      const onError = (error: Error) => {
        stop();
        reject(error);
      };
      // A connection closed mid-body does not always surface as an error event.
      const onClose = () => onError(Object.assign(new Error("connection reset before the body was complete"), { code: "ECONNRESET" }));
      stream.on("data", onData);
      stream.once("end", onEnd);
      stream.once("error", onError);
      stream.once("close", onClose);
    }));

  return {
    read,
    chunks,
    get bytes() {
      return bytes;
    },
    get complete() {
      return complete;
    },
    get overflowed() {
      return overflowed;
    },
    text: () => Buffer.concat(chunks, bytes).toString("utf8"),
    sendTo(target) {
      if (complete || nothingLeft(stream)) {
        // One write: the head and the whole body leave together (no small packets waiting on an ACK).
        target.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes));
        stream.resume();
        return;
      }
      for (const chunk of chunks) target.write(chunk);
      stream.pipe(target);
    },
  };
}
