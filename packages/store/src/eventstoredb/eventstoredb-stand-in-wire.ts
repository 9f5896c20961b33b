// TEST SUPPORT ONLY, part of StandInClient (eventstoredb-client-stand-in.ts): an event's data and
// metadata as they cross the wire and come back from a read. The server keeps bytes, never the
// caller's objects, so what a read returns is a fresh value parsed from those bytes.

/** An event's data and metadata as a read hands them back, and how many bytes they took. */
export interface OnTheWire {
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: boolean;
  readonly bytes: number;
}

/**
 * What the client sends and a later read returns for `data` and `metadata`. Sending
 * (dist/streams/appendToStream/batchAppend.js, eventBatcher): data of content type
 * application/json as JSON.stringify's text (a Uint8Array too), application/octet-stream as its bytes; metadata only when truthy, as its bytes when it is a
 * Uint8Array, else as JSON.stringify's text. Reading (dist/utils/convertGrpcEvent.js,
 * convertGrpcRecord and parseMetadata): JSON data parsed; metadata undefined when empty, else
 * parsed as JSON, else left as bytes. JSON.stringify gives no text for undefined or a function,
 * and the client's Buffer.from then throws a TypeError: so does this.
 */
export function throughTheWire(data: unknown, metadata: unknown, contentType?: string): OnTheWire {
  // The event's content type decides, as in eventBatcher; without one (an event a test writes
  // directly), a Uint8Array is taken for binary data.
  const isJson =
    contentType === undefined ? !(data instanceof Uint8Array) : contentType === 'application/json';
  const dataBytes = isJson ? jsonBytes(data, 'data') : Buffer.from(data as Uint8Array);
  const metadataBytes = !metadata
    ? Buffer.alloc(0)
    : metadata instanceof Uint8Array
      ? Buffer.from(metadata)
      : jsonBytes(metadata, 'metadata');
  return {
    data: isJson ? JSON.parse(dataBytes.toString('utf8')) : new Uint8Array(dataBytes),
    metadata: metadataBytes.length === 0 ? undefined : parseOrBytes(metadataBytes),
    isJson,
    bytes: dataBytes.length + metadataBytes.length,
  };
}

function jsonBytes(value: unknown, what: string): Buffer {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) {
    throw new TypeError(`stand-in: the client cannot send ${what} that JSON.stringify gives no text for`);
  }
  return Buffer.from(text, 'utf8');
}

function parseOrBytes(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return new Uint8Array(bytes);
  }
}
