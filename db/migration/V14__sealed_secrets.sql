-- Signing secrets at rest are sealed with AES-256-GCM when leakscan.secrets.keys is set: the stored value becomes
-- enc:v1:<key id>:<base64 nonce|ciphertext|tag>, longer than the plain secret. Rows written before keep their plain
-- value, which still reads as itself; the re-seal job at start-up seals them with the current key.
ALTER TABLE tenants ALTER COLUMN callback_secret TYPE varchar(512);
ALTER TABLE webhook_subscriptions ALTER COLUMN secret TYPE varchar(512);
ALTER TABLE webhook_subscriptions ALTER COLUMN previous_secret TYPE varchar(512);
ALTER TABLE webhook_callback_secrets ALTER COLUMN secret TYPE varchar(512);
ALTER TABLE webhook_callback_secrets ALTER COLUMN previous_secret TYPE varchar(512);
