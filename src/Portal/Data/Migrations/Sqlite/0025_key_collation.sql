-- PostgreSQL's 0025 makes its keys compare by bytes; SQLite's TEXT columns already do (BINARY), so nothing changes
-- here. The number is kept so both providers' migrations stay in step.
SELECT 1;
