// The read-ahead worker's source (sqlite-read-ahead.ts): what it reads, how it writes each page,
// and how it paces itself through the shared memory the caller also reads and writes.
//
// Plain JavaScript (sqlite-worker.ts). Each page comes back as one JSON text that SQLite writes: an
// array of rows, each the COLUMNS of sqlite-statements.ts in order, with data and metadata inlined
// as stored and the reading's nonce after each (see pageRows, sqlite-read-ahead-page.ts). One
// JSON.parse on the caller's thread then replaces copying eleven strings per row across threads and
// parsing the data on its own (about 1.6 and 1.8 us an event here; the page costs about 2.4 in
// all). A row's metadata, recorded time and previous hash mostly repeat the row before it (one
// append writes one metadata and one time; an intact chain's previous hash is the hash before it):
// where they do, within the page, the nonce stands in their place, and the caller copies the
// earlier row's value, parsing and allocating nothing. An ASCII page travels as bytes, its buffer
// handed over; any other is decoded here, off the caller's thread. Shared memory: [0] counts
// answers posted; [1] is the first page the caller still wants; [2] is the page the caller is on;
// [3] is 1 once the worker runs; [4] is the caller's page at which the sleeping worker wants waking
// (NOT_WAITING, set in sqlite-read-ahead.ts, when it is awake).
export const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { isAscii } = require('node:buffer');
const Database = require(workerData.driver);
const { port } = workerData;
const shared = new Int32Array(workerData.shared);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
// The nonce, a whole number, as the SQL text that follows the data and the metadata of each row,
// and alone, for a value that repeats the row before (p, the row at the position before, when it is
// in the same page).
const separator = "'," + String(workerData.nonce) + ",'";
const nonceText = "'" + String(workerData.nonce) + "'";
const range = db.prepare(
  "SELECT CAST('[' || group_concat('[' || e.position || ',' || json_quote(e.id) || ',' || json_quote(e.stream) || ','" +
  " || e.revision || ',' || json_quote(e.type) || ',' || e.version || ',' || e.data || " + separator +
  " || CASE WHEN e.metadata = p.metadata THEN " + nonceText + " ELSE e.metadata END || " + separator + "" +
  " || CASE WHEN e.recorded_at = p.recorded_at THEN " + nonceText + " ELSE json_quote(e.recorded_at) END || ','" +
  " || CASE WHEN e.prev_hash = p.hash THEN " + nonceText + " ELSE json_quote(e.prev_hash) END || ','" +
  " || json_quote(e.hash) || ']', ',') || ']' AS BLOB)," +
  " count(*)" +
  " FROM (SELECT * FROM events WHERE position > @from AND position <= @to ORDER BY position) AS e" +
  " LEFT JOIN events AS p ON p.position = e.position - 1 AND p.position > @from").raw(true);
const end = db.prepare('SELECT last_position FROM head WHERE one = 1').pluck();
const page = db.transaction((from, to) => {
  const [json, count] = range.get({ from, to });
  return { json, count, end: end.get() ?? 0 };
});
function answer(message, transfer) {
  port.postMessage(message, transfer);
  Atomics.add(shared, 0, 1);
  Atomics.notify(shared, 0);
}
// Pages in order from the first, each read once the caller is fewer than depth pages before it;
// pages the caller read itself meanwhile are passed over. Past the log's end, or after a failure,
// it goes on all the same, within its window: the caller may have read the page that ended the
// log here on its own connection, seen more, and want the next; and a failed page it has already
// read itself is no reason to stop. The thread stops when the store stops it.
const { after, pageSize, depth, notWaiting } = workerData;
function readPages() {
  for (let id = 0; ; id++) {
    if (id >= Atomics.load(shared, 2) + depth) {
      // A full window: sleep until the caller has taken half of it, and say so (shared[4]), so
      // the caller wakes this thread once then rather than after every page.
      const wakeAt = id - (depth >> 1);
      Atomics.store(shared, 4, wakeAt);
      for (let current = Atomics.load(shared, 2); current < wakeAt; current = Atomics.load(shared, 2)) {
        Atomics.wait(shared, 2, current);
      }
      Atomics.store(shared, 4, notWaiting);
    }
    id = Math.max(id, Atomics.load(shared, 1));
    const from = after + id * pageSize;
    const to = from + pageSize;
    try {
      const { json, count, end } = page(from, to);
      if (json === null) answer({ id, count, end, text: '[]' });
      else if (!isAscii(json)) answer({ id, count, end, text: json.toString('utf8') });
      else {
        // A buffer of its own can be handed over whole; one inside a larger allocation is copied out.
        const own = json.byteOffset === 0 && json.buffer.byteLength === json.length;
        const bytes = own ? json.buffer : json.buffer.slice(json.byteOffset, json.byteOffset + json.length);
        answer({ id, count, end, bytes }, [bytes]);
      }
    } catch (error) {
      const code = error && typeof error.code === 'string' ? error.code : undefined;
      answer({ id, error: String(error && error.message || error), code });
    }
  }
}
Atomics.store(shared, 3, 1);
readPages();
`;
