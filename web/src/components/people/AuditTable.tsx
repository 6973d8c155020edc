// One page of the audit log: when, who (by e-mail; "system" for the scheduler and the CLI),
// the action, its target and the details, compactly.
import type { AuditRecord } from '../../api/people';
import { auditTime, detailsText, targetText } from './auditText';

export function AuditTable({ entries }: { entries: AuditRecord[] }) {
  return (
    <table class="people-table audit-table">
      <caption class="visually-hidden">Audit log entries, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const details = detailsText(entry.details);
          return (
            <tr key={entry.id} data-audit-id={entry.id}>
              <td data-label="When">
                <time dateTime={entry.at ?? undefined}>{auditTime(entry.at)}</time>
              </td>
              <td data-label="Who" class="audit-who">
                {entry.user_email ?? <span class="muted">system</span>}
              </td>
              <td data-label="Action">
                <code>{entry.action}</code>
              </td>
              <td data-label="Target">{targetText(entry)}</td>
              <td data-label="Details" class="audit-details">
                {details ? <span title={details}>{details}</span> : <span class="muted">-</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
