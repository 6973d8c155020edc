-- The stable code of the error behind a connection's status (e.g. reauth_required, dns_failure),
-- so that the engine decides on codes instead of matching the message a person reads.
ALTER TABLE connections ADD COLUMN status_code TEXT NOT NULL DEFAULT '';
