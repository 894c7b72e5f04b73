/**
 * Structured logs: one JSON object per line on stdout, one line per event.
 * Secrets never reach a log line: fields whose name looks like a secret are
 * replaced before serialising, whatever a caller passes.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /(private.?key|secret|password|passphrase|mnemonic|salt|seed|^key$)/i;

export type Logger = {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
};

function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "bigint") return value.toString();
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message.split("\n")[0] };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1);
  return out;
}

export type LoggerOptions = {
  level?: LogLevel;
  write?: (line: string) => void;
  base?: LogFields;
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = LEVELS[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const base = options.base ?? {};
  const emit = (level: LogLevel, event: string, fields: LogFields = {}) => {
    if (LEVELS[level] < min) return;
    const record = redact({ ...base, ...fields }) as LogFields;
    write(JSON.stringify({ ts: new Date().toISOString(), level, event, ...record }));
  };
  return {
    debug: (event, fields) => emit("debug", event, fields),
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, fields) => emit("error", event, fields),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ write: () => {} });

/**
 * Quiets a log line that repeats for the same cause (a task failing every
 * tick): the first occurrence is logged, then the same key again only after a
 * pause that doubles each time (up to `maxMs`), with how many were suppressed.
 * A different cause for the key logs at once and starts over.
 */
export class RepeatFilter {
  private readonly seen = new Map<
    string,
    { cause: string; nextAt: number; gapMs: number; suppressed: number }
  >();

  constructor(
    private readonly firstGapMs = 1_000,
    private readonly maxMs = 60_000,
  ) {}

  /** `undefined` to stay quiet, else the number of lines suppressed since the last one logged. */
  check(key: string, cause: string, nowMs = Date.now()): number | undefined {
    const entry = this.seen.get(key);
    if (entry === undefined || entry.cause !== cause) {
      this.seen.set(key, {
        cause,
        nextAt: nowMs + this.firstGapMs,
        gapMs: this.firstGapMs,
        suppressed: 0,
      });
      return 0;
    }
    if (nowMs < entry.nextAt) {
      entry.suppressed++;
      return undefined;
    }
    const suppressed = entry.suppressed;
    entry.gapMs = Math.min(this.maxMs, entry.gapMs * 2);
    entry.nextAt = nowMs + entry.gapMs;
    entry.suppressed = 0;
    return suppressed;
  }

  /** Forgets a key (its task succeeded): the next failure is news again. */
  clear(key: string): void {
    this.seen.delete(key);
  }
}
