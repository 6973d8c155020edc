// What each connection status means and what to do about it, in the words of the status
// reference (the product's Connections page): the card shows the short line, the tooltip the rest.
import type { Connection, ConnectionStatus } from '../api/types';
import { ago, capitalise, duration, formatDate, plural, typeName } from './format';
import { needsReconnect } from './reconnect';

export const statusLabel: Record<ConnectionStatus, string> = {
  pending: 'pending',
  in_progress: 'in progress',
  completed: 'completed',
  error: 'error',
};

export interface StatusExplanation {
  /** One line that fits the card's fixed status area. */
  summary: string;
  meaning: string;
  action: string;
  /** Facts for the tooltip: queue place, progress, counts by type. */
  facts: string[];
}

export function explainStatus(c: Connection, noun: string, now = Date.now()): StatusExplanation {
  switch (c.status) {
    case 'pending': {
      const q = c.queue;
      const facts: string[] = [];
      let summary = 'Waiting for a worker';
      if (q) {
        const waited = q.waiting_seconds < 1 ? 'just queued' : `waiting ${duration(q.waiting_seconds * 1000)}`;
        summary = `Queued: ${ordinal(q.position)} in line, ${waited}`;
        facts.push(`Place in the queue: ${q.position}`, q.waiting_seconds < 1 ? 'Just queued' : `Waiting for ${duration(q.waiting_seconds * 1000)}`);
        if (q.behind_running_job) facts.push('Waits for this connection’s running job to finish');
        if (q.run_after && new Date(q.run_after).getTime() > now) facts.push(`Retry ${ago(q.run_after, now)} (attempt ${q.attempts + 1})`);
        if (q.last_error) facts.push(`Last attempt: ${q.last_error}`);
      } else if (!c.retrieved_at) {
        summary = 'Retrieval not run yet';
      }
      return {
        summary,
        meaning: 'Retrieval queued.',
        action: 'Wait: it usually starts within a minute. If it is still pending after 5 minutes, check that the service’s job workers are running.',
        facts,
      };
    }
    case 'in_progress': {
      const p = c.progress;
      const what = p.type ? typeName(p.type) : 'metadata';
      const counted = p.total > 0 ? `${p.done} of ${p.total}` : `${p.done}`;
      return {
        summary: `Fetching ${what}: ${counted}`,
        meaning: 'Actively fetching metadata.',
        action: `Wait: a retrieval takes from 2 to 10 minutes depending on the size of the ${noun}.`,
        facts: [`${capitalise(what)}: ${counted}${p.total > 0 ? ` (${Math.floor((100 * p.done) / p.total)}%)` : ''}`],
      };
    }
    case 'completed': {
      const last = c.last_retrieval;
      const when = last?.finished_at ?? c.retrieved_at;
      const facts = [`Retrieved ${formatDate(when)}`];
      if (last) {
        facts.push(`${plural(last.objects, 'object')} in ${duration(last.duration_ms)}`);
        for (const [type, count] of Object.entries(last.objects_by_type)) facts.push(`${capitalise(typeName(type))}: ${count.toLocaleString()}`);
      }
      return {
        summary: when ? `Retrieved ${ago(when, now)}${last ? ` · ${plural(last.objects, 'object')}` : ''}` : 'Up to date',
        meaning: 'Metadata is up to date.',
        action: 'Nothing to do: the connection is ready to use.',
        facts,
      };
    }
    case 'error':
    default: {
      const reconnect = needsReconnect(c);
      return {
        summary: c.status_detail || 'Retrieval failed',
        meaning: reconnect ? 'The sign-in to the provider has expired or was revoked.' : 'Retrieval failed.',
        action:
          reconnect
            ? `Reconnect the ${noun} to sign in again; nothing is retrieved until then.`
            : `Read the message, then retrieve again; if it keeps failing, reconnect the ${noun} and check it is reachable.`,
        facts: [c.status_detail, c.status_code ? `Code: ${c.status_code}` : ''].filter(Boolean),
      };
    }
  }
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}
