-- When the engine last stored refreshed credentials for a connection (a background or on-demand
-- token refresh), shown beside the token's expiry; NULL until the first refresh.
ALTER TABLE connections ADD COLUMN token_refreshed_at INTEGER;
