/** Calendar dates as whole days since 1970-01-01 (UTC): exact, and free of time zones. */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` → days since the epoch, or null when it is not a real calendar date. */
export function parseDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

/** Days since the epoch → `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC calendar day of an instant (a Date, or an ISO 8601 timestamp with its offset). */
export function dayOf(instant: Date | string): number | null {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Number.isFinite(t) ? Math.floor(t / DAY_MS) : null;
}
